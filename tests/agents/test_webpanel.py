"""List's web panels and list items' user-group visibility, with zeep from the reference WSDL."""

from __future__ import annotations

from typing import Any

import pytest

from soapsvc.store import seed
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.agents.test_mdo import items
from tests.conftest import Server

SALES, SUPPORT = 1, 2  # seeded user group ids


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def _panel(agents: Agents, name: str, **fields: Any) -> Any:
    panel = ok(agents.List.CreateDefaultWebPanelEntity())
    panel.Name, panel.Url = name, f"https://example.com/{name}?id=<cuid>"
    for key, value in fields.items():
        setattr(panel, key, value)
    return ok(agents.List.SaveWebPanelEntity(panel))


def _listed(agents: Agents) -> list[tuple[int, str]]:
    return [(p.WebPanelId, p.Name) for p in items(agents.List.GetWebPanelList(), "WebPanelEntity")]


def test_web_panel_created_saved_read_listed_deleted(agents: Agents) -> None:
    default = ok(agents.List.CreateDefaultWebPanelEntity())
    assert (default.WebPanelId, default.UrlEncoding, default.VisibleIn) == (0, "Unknown", "Invisible")
    first = _panel(agents, "Echo", ProgId="echo.panel", UrlEncoding="ANSI", VisibleIn="ContactCard",
                   ShowInStatusBar=True)
    second = _panel(agents, "Maps")
    assert first.WebPanelId > 0 and second.WebPanelId > first.WebPanelId
    assert second.Rank > first.Rank  # rank 0 puts a new panel last
    read = ok(agents.List.GetWebPanelEntity(first.WebPanelId))
    assert (read.Name, read.Url, read.UrlEncoding, read.VisibleIn, read.ShowInStatusBar) == (
        "Echo", "https://example.com/Echo?id=<cuid>", "ANSI", "ContactCard", True)
    assert ok(agents.List.GetWebPanelByProgId("ECHO.panel")).WebPanelId == first.WebPanelId
    read.Tooltip = "changed"
    assert ok(agents.List.SaveWebPanelEntity(read)).Tooltip == "changed"
    assert _listed(agents) == [(first.WebPanelId, "Echo"), (second.WebPanelId, "Maps")]
    ok(agents.List.DeleteWebPanel(first.WebPanelId))
    assert ok(agents.List.GetWebPanelEntity(first.WebPanelId)) is None
    assert ok(agents.List.GetWebPanelByProgId("echo.panel")) is None
    assert _listed(agents) == [(second.WebPanelId, "Maps")]


def test_invalid_web_panels_are_refused_and_nothing_changes(agents: Agents) -> None:
    kept = _panel(agents, "Kept", ProgId="kept.app")
    before = _listed(agents)
    blank = ok(agents.List.CreateDefaultWebPanelEntity())
    blank.Name = "  "
    refused(agents.List.SaveWebPanelEntity(blank), "Name is required")
    twin = ok(agents.List.CreateDefaultWebPanelEntity())
    twin.Name, twin.ProgId = "Twin", "KEPT.app"
    refused(agents.List.SaveWebPanelEntity(twin), f"web panel {kept.WebPanelId}")
    long = ok(agents.List.CreateDefaultWebPanelEntity())
    long.Name = "x" * 255
    refused(agents.List.SaveWebPanelEntity(long), "254 characters")
    kept.Name, kept.WebPanelId = "Ghost", 987654
    refused(agents.List.SaveWebPanelEntity(kept), "987654")
    assert _listed(agents) == before


def test_app_web_panels_are_those_saved_with_the_calls_application_token(agents: Agents) -> None:
    app = Agents(agents.base, agents.tenant)
    app.headers = {**app.headers, "ApplicationToken": "app-one"}
    other = Agents(agents.base, agents.tenant)
    other.headers = {**other.headers, "ApplicationToken": "app-two"}
    mine = _panel(app, "Mine")
    theirs = _panel(other, "Theirs")
    _panel(agents, "Nobody's")
    assert [p.WebPanelId for p in items(app.List.GetAppWebPanels(), "WebPanelEntity")] == [mine.WebPanelId]
    ok(app.List.DeleteAppWebPanels())
    assert [name for _i, name in _listed(agents)] == ["Theirs", "Nobody's"]
    assert ok(other.List.GetWebPanelEntity(theirs.WebPanelId)) is not None


def _groups(answer: Any) -> list[Any]:
    return items(answer, "SelectableMDOListItem")


def _selected(answer: Any) -> list[int]:
    return [g.Id for g in _groups(answer) if g.Selected]


def test_web_panel_visible_for_a_user_group(agents: Agents) -> None:
    panel = _panel(agents, "Sales only")
    every = [g for g, _name in enumerate(seed.GROUPS, start=1)]
    assert _selected(agents.List.GetVisibleForUserGroupsFromListName("webpanel", panel.WebPanelId)) == every
    groups = _groups(agents.List.GetVisibleForUserGroupsFromListName("webpanel", panel.WebPanelId))
    for g in groups:
        g.Selected = g.Id == SALES
    answer = (agents.List.SetVisibleForUserGroupsFromListName("webpanel", panel.WebPanelId,
                                                                 {"SelectableMDOListItem": groups}))
    assert _selected(answer) == [SALES]
    assert _selected(agents.List.GetVisibleForUserGroupsFromListName("webpanel", panel.WebPanelId)) == [SALES]
    other = _panel(agents, "Everyone")  # another panel keeps its own (default) visibility
    assert _selected(agents.List.GetVisibleForUserGroupsFromListName("webpanel", other.WebPanelId)) == every


def test_invalid_visibility_is_refused_and_nothing_changes(agents: Agents) -> None:
    panel = _panel(agents, "Support")
    groups = _groups(agents.List.GetVisibleForUserGroupsFromListName("webpanel", panel.WebPanelId))
    for g in groups:
        g.Selected = g.Id == SUPPORT
    ok(agents.List.SetVisibleForUserGroupsFromListName("webpanel", panel.WebPanelId, {"SelectableMDOListItem": groups}))
    groups[0].Id, groups[0].Selected = 987654, True
    refused(agents.List.SetVisibleForUserGroupsFromListName("webpanel", panel.WebPanelId,
                                                            {"SelectableMDOListItem": groups}), "987654")
    refused(agents.List.GetVisibleForUserGroupsFromListName("webpanel", 987654), "987654")
    refused(agents.List.GetVisibleForUserGroupsFromListName("nosuchlist", 1), "nosuchlist")
    assert _selected(agents.List.GetVisibleForUserGroupsFromListName("webpanel", panel.WebPanelId)) == [SUPPORT]
    category = agents.List.GetVisibleForUserGroupsFromListName("category", 1)  # other lists work alike
    assert len(_selected(category)) == len(seed.GROUPS)
