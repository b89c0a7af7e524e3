"""List: web panels, and which user groups a list item (a web panel too) is visible for.

Implemented: SaveWebPanelEntity, GetWebPanelEntity, GetWebPanelList, GetWebPanelByProgId, DeleteWebPanel,
GetAppWebPanels, DeleteAppWebPanels (CreateDefaultWebPanelEntity stays the entity kit's: blanks, UrlEncoding
Unknown, VisibleIn Invisible, as the reference's sample answer); GetVisibleForUserGroupsFromListName and
SetVisibleForUserGroupsFromListName.
Why hand-written: NetServer's web panel is a row of its webpanel list, so a panel needs a name, names no
longer than the columns (254; a URL up to 2047), a rank (0 puts it last), and its ProgId, when it has one,
identifies it (GetWebPanelByProgId), so two panels cannot share one (compared without case).
An application's panels (GetAppWebPanels, DeleteAppWebPanels) are those saved with the ApplicationToken the
call sends; the docs are silent on how NetServer tells the application, and the token is what Online
identifies an application by. Visibility: an item nobody has set groups for is visible for every group,
as a new list item is in a real tenant; setting groups keeps exactly those sent with Selected true, each
of which must be a user group of the tenant. GetWebPanelList lists every panel, deleted ones too, by rank.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents import carriers as c
from soapsvc.agents import implements, kit, kit_fields
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import kit as docs
from soapsvc.store.list import BUILTIN, USER_LISTS, user_definition

FAMILY = "WebPanelEntity"
PLAN = kit_fields.plan(FAMILY, "WebPanelId")
APP = "_ApplicationToken"  # the key of a panel's document that names the application that saved it
WIDTHS = {"Name": 254, "Tooltip": 254, "WindowName": 254, "ProgId": 254, "Url": 2047}
VISIBLE = "ListItemUserGroups"  # kit documents, one per list (by id; web panels: WEBPANEL_LIST)
WEBPANEL_LIST = "webpanel"
WEBPANEL_LIST_ID = -1  # the webpanel list has no UdListDefinitionId here; its key in VISIBLE documents


def _read(call: Call, panel_id: int, doc: dict[str, Any]) -> t.WebPanelEntity:
    return kit.entity(call, PLAN, panel_id, {k: v for k, v in doc.items() if k != APP})


def _all(call: Call) -> list[tuple[int, dict[str, Any]]]:
    rows = docs.all_of(call.db, call.tenant_id, FAMILY)
    return sorted(rows, key=lambda r: (r[1].get("Rank", 0), r[0]))


@implements("List", "GetWebPanelEntity", replayable=True)
def get_web_panel(call: Call, panel_id: int | None) -> t.WebPanelEntity | None:
    doc = docs.get(call.db, call.tenant_id, FAMILY, panel_id or 0) if panel_id else None
    return _read(call, panel_id or 0, doc) if doc is not None else None


def _checked(call: Call, e: t.WebPanelEntity | None) -> t.WebPanelEntity:
    if e is None:
        raise ValidationError("SaveWebPanelEntity needs a WebPanelEntity.")
    e.Name = (e.Name or "").strip()
    if not e.Name:
        raise ValidationError("WebPanelEntity.Name is required: a web panel needs a name.", field="Name")
    for name, width in WIDTHS.items():
        value = getattr(e, name, None) or ""
        if len(value) > width:
            raise ValidationError(f"WebPanelEntity.{name} is longer than the {width} characters the webpanel "
                                  f"table keeps.", field=name, value=value[:40])
    prog_id, own = (e.ProgId or "").strip(), e.WebPanelId or 0
    clash = next((i for i, d in docs.all_of(call.db, call.tenant_id, FAMILY)
                  if prog_id and i != own and (d.get("ProgId") or "").lower() == prog_id.lower()), None)
    if clash is not None:
        raise ValidationError(f"WebPanelEntity.ProgId '{prog_id}' is web panel {clash}'s: a ProgId names one "
                              f"web panel.", field="ProgId", value=prog_id)
    return e


@implements("List", "SaveWebPanelEntity")
def save_web_panel(call: Call, e: t.WebPanelEntity | None) -> t.WebPanelEntity:
    db, tid, panel_id = call.db, call.tenant_id, (e.WebPanelId or 0) if e is not None else 0
    old = docs.get(db, tid, FAMILY, panel_id) if panel_id else None
    if panel_id and old is None:
        raise ValidationError(f"There is no web panel {panel_id} in this tenant: send WebPanelId 0 to add one.",
                              field="WebPanelId", value=str(panel_id))
    e = _checked(call, e)
    doc = c.to_doc(e, {"WebPanelId"})
    if not doc.get("Rank"):
        doc["Rank"] = (old or {}).get("Rank") or max((d.get("Rank", 0) for _i, d in _all(call)), default=0) + 1
    app = (old or {}).get(APP) if old is not None else call.application_token
    if app:
        doc[APP] = app
    if old is None:
        panel_id = docs.insert(db, tid, FAMILY, lambda _id: doc)
    else:
        docs.update_doc(db, tid, FAMILY, panel_id, doc)
    return _read(call, panel_id, doc)


@implements("List", "GetWebPanelList", replayable=True)
def get_web_panel_list(call: Call) -> list[t.WebPanelEntity]:
    return [_read(call, i, d) for i, d in _all(call)]


@implements("List", "GetWebPanelByProgId", replayable=True)
def get_web_panel_by_prog_id(call: Call, prog_id: str | None) -> t.WebPanelEntity | None:
    wanted = (prog_id or "").strip().lower()
    return next((_read(call, i, d) for i, d in _all(call) if wanted and (d.get("ProgId") or "").lower() == wanted),
                None)


def _delete(call: Call, ids: list[int]) -> None:
    docs.delete_ids(call.db, call.tenant_id, FAMILY, ids)
    visible = _visibility(call, WEBPANEL_LIST_ID)
    if any(str(i) in visible for i in ids):
        _keep_visibility(call, WEBPANEL_LIST_ID, {k: v for k, v in visible.items() if int(k) not in ids})


@implements("List", "DeleteWebPanel")
def delete_web_panel(call: Call, panel_id: int | None) -> None:
    """Deleting a panel that is not there changes nothing."""
    _delete(call, [panel_id or 0])


def _app_rows(call: Call) -> list[tuple[int, dict[str, Any]]]:
    app = call.application_token
    return [(i, d) for i, d in _all(call) if app and d.get(APP) == app]


@implements("List", "GetAppWebPanels", replayable=True)
def get_app_web_panels(call: Call) -> list[t.WebPanelEntity]:
    return [_read(call, i, d) for i, d in _app_rows(call)]


@implements("List", "DeleteAppWebPanels")
def delete_app_web_panels(call: Call) -> None:
    _delete(call, [i for i, _d in _app_rows(call)])


# --- visible for user groups ---

def _list_items(call: Call, list_name: str) -> tuple[int, set[int]]:
    """The key of a list (its UdListDefinitionId) and its item ids, by any name the List agent knows it by."""
    wanted = (list_name or "").strip().lower()
    if wanted == WEBPANEL_LIST:
        return WEBPANEL_LIST_ID, {i for i, _d in docs.all_of(call.db, call.tenant_id, FAMILY)}
    lists = call.session.reference.lists
    own = [user_definition(i) for i in lists.get(USER_LISTS, ())]
    found = next((d for d in (*BUILTIN, *own) if wanted in {d.name.lower(), d.source.lower(), d.title.lower()}), None)
    if found is None:
        raise ValidationError(f"There is no list named '{list_name}' in this tenant.", field="UdListDefinitionName",
                              value=list_name or "")
    return found.id, {i.id for i in lists.get(found.source, ())}


def _visibility(call: Call, list_key: int) -> dict[str, list[int]]:
    return docs.get(call.db, call.tenant_id, VISIBLE, list_key) or {}


def _keep_visibility(call: Call, list_key: int, visible: dict[str, list[int]]) -> None:
    docs.put(call.db, call.tenant_id, VISIBLE, list_key, visible)


def _groups(call: Call, selected: list[int] | None) -> list[t.SelectableMDOListItem]:
    groups = call.session.reference.lists.get("usergroup", ())
    return [t.SelectableMDOListItem(**{**c.blanks(t.SelectableMDOListItem), "Id": g.id, "Name": g.name,
                                       "ToolTip": g.tooltip, "Rank": g.rank, "Deleted": g.deleted,
                                       "Selected": selected is None or g.id in selected}) for g in groups]


def _item(call: Call, list_name: str | None, item_id: int | None) -> tuple[int, str]:
    list_key, items = _list_items(call, list_name or "")
    if (item_id or 0) not in items:
        raise ValidationError(f"List '{list_name}' has no item {item_id or 0}.", field="ListItemId",
                              value=str(item_id or 0))
    return list_key, str(item_id)


@implements("List", "GetVisibleForUserGroupsFromListName", replayable=True)
def get_visible_for_user_groups(call: Call, list_name: str | None, item_id: int | None
                                ) -> list[t.SelectableMDOListItem]:
    """Every user group, Selected when the item is visible for it."""
    list_key, key = _item(call, list_name, item_id)
    return _groups(call, _visibility(call, list_key).get(key))


@implements("List", "SetVisibleForUserGroupsFromListName")
def set_visible_for_user_groups(call: Call, list_name: str | None, item_id: int | None,
                                groups: list[Any] | None) -> list[t.SelectableMDOListItem]:
    list_key, key = _item(call, list_name, item_id)
    known = {g.id for g in call.session.reference.lists.get("usergroup", ())}
    wanted = [g.Id or 0 for g in groups or [] if g is not None and g.Selected]
    missing = [g for g in wanted if g not in known]
    if missing:
        raise ValidationError(f"There is no user group {missing[0]} in this tenant.", field="UserGroups",
                              value=str(missing[0]))
    visible = _visibility(call, list_key)
    visible[key] = sorted(set(wanted))
    _keep_visibility(call, list_key, visible)
    return _groups(call, visible[key])
