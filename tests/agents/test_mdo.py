"""MDO with zeep generated from the reference WSDL: every seeded list by NetServer's name, deleted and history
items, restriction, grouping, the selectable variants, errors."""

from __future__ import annotations

from typing import Any

import pytest

from soapsvc.store import seed
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

# NetServer's list name -> soapsvc's seeded generic list
GENERIC = {"saletype": "saletype", "prob": "salestage", "source": "source", "salesource": "source",
           "currency": "currency", "rating": "rating", "reason": "reason", "reasonsold": "reasonsold",
           "reasonstalled": "reasonstalled", "comptr": "competitor", "credited": "credited", "task": "task",
           "priority": "priority", "projtype": "projecttype", "projstatus": "projectstatus", "perspos": "position",
           "persint": "personinterest", "contint": "contactinterest", "pmembtype": "projectmembertype"}
SEEDED = {
    "business": list(enumerate(seed.BUSINESSES, 1)),
    "category": list(enumerate(seed.CATEGORIES, 1)),
    "usergroup": list(enumerate(seed.GROUPS, 1)),
    "roles": [(i, name) for i, (name, _) in enumerate(seed.ROLES, 1)],
    "country": [(c[0], c[1]) for c in seed.COUNTRIES],
    **{name: [(i, n) for i, (n, _) in enumerate(seed.GENERIC_LISTS[source], 1)] for name, source in GENERIC.items()},
}


def items(answer: Any, kind: str = "MDOListItem") -> list[Any]:
    response = ok(answer)
    return list(getattr(response, kind) or []) if response is not None else []


def pairs(answer: Any, kind: str = "MDOListItem") -> list[tuple[int, str]]:
    return [(i.Id, i.Name) for i in items(answer, kind)]


@pytest.fixture(scope="module")
def reader(server: Server) -> Agents:
    """One tenant for the tests that only read."""
    return Agents(server, new_tenant())


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_each_seeded_list_reads_as_seeded_in_rank_order(reader: Agents, name: str) -> None:
    got = items(reader.MDO.GetList(name, False, "", False))
    assert [(i.Id, i.Name) for i in got] == SEEDED[name]
    assert [i.Rank for i in got] == sorted(i.Rank for i in got)
    assert not any(i.Deleted for i in got) and all(i.FullName == i.Name for i in got)
    assert pairs(reader.MDO.GetSimpleList(name)) == SEEDED[name]


def test_list_names_are_netservers_and_any_case(reader: Agents) -> None:
    names = list(ok(reader.MDO.GetListNames()).string)
    assert set(SEEDED) | {"associate", "salestage", "lists", "udlist"} <= set(names) and names == sorted(names)
    assert pairs(reader.MDO.GetSimpleList("Business")) == SEEDED["business"]


def test_unknown_list_name_is_an_error_not_a_crash(reader: Agents) -> None:
    for call in (lambda: reader.MDO.GetList("nosuchlist", False, "", False),
                 lambda: reader.MDO.GetSimpleList(""), lambda: reader.MDO.GetListItem("nosuchlist", 1),
                 lambda: reader.MDO.GetSelectableListWithRestriction("nosuchlist", "", "a"),
                 lambda: reader.MDO.GetSimpleList("udlist4242")):
        answer = call()
        assert answer.header.Succeeded is False
        assert answer.header.ExceptionInfo.ExceptionType == "SoNotFoundException"
    refused(reader.MDO.GetSimpleList("nosuchlist"), "no MDO list named 'nosuchlist'", "SoNotFoundException")


def test_associates_group_under_user_groups_unless_flat(reader: Agents) -> None:
    flat = items(reader.MDO.GetList("associate", True, "", False))
    assert [(i.Id, i.Name, i.ToolTip) for i in flat] == [(1, "Alice Admin", "ADMIN"), (2, "Sam Seller", "SAL"),
                                                       (3, "Susan Support", "SUP")]
    grouped = items(reader.MDO.GetList("associate", False, "", False))
    assert [(g.Id, g.Name, g.Type, [(a.Id, a.Name) for a in g.ChildItems.MDOListItem]) for g in grouped] == [
        (1, "Sales", "usergroup", [(2, "Sam Seller")]), (2, "Support", "usergroup", [(3, "Susan Support")]),
        (3, "Administration", "usergroup", [(1, "Alice Admin")])]
    assert ok(reader.MDO.GetListItem("associate", 2)).Name == "Sam Seller"


def test_restriction_is_a_case_insensitive_prefix(reader: Agents) -> None:
    def names(search: str) -> list[str]:
        return [i.Name for i in items(reader.MDO.GetListWithRestriction("country", "", search))]

    assert names("s") == ["Sweden", "Spain", "Switzerland"]
    assert names("UNITED") == ["United Kingdom", "United States"]
    assert names("%kingdom") == ["United Kingdom"] and names("*land") == [
        "Finland", "Iceland", "Netherlands", "Switzerland", "Poland", "Ireland"]
    assert len(names("")) == len(seed.COUNTRIES) and names("xyz") == []
    assert [i.Name for i in items(reader.MDO.GetListWithRestriction("associate", "", "s"))] == [
        "Sam Seller", "Susan Support"]
    selectable = items(reader.MDO.GetSelectableListWithRestriction("business", "", "fin"), "SelectableMDOListItem")
    assert [(i.Id, i.Name, i.Selected) for i in selectable] == [(3, "Finance", False)]


def test_sale_stages_as_the_sale_dialog_lists_them(reader: Agents) -> None:
    stages = items(reader.MDO.GetList("salestage", False, "", False))
    assert [(i.Id, i.ExtraInfo) for i in stages] == [
        (1, "IsDeleted=False&Probability=10"), (2, "IsDeleted=False&Probability=25"),
        (3, "IsDeleted=False&Probability=50"), (4, "IsDeleted=False&Probability=75"),
        (5, "IsDeleted=False&Probability=90"), (-2, "Probability=100"), (-1, "Probability=0")]
    probability = items(reader.MDO.GetList("saleprobability", True, "", False))
    assert [(i.Id, i.Name, i.ExtraInfo) for i in probability][:2] == [(-1, "Lost", "0"), (1, "Lead (10%)", "10")]
    assert probability[-1].Id == -2 and probability[-1].Name == "Sold"
    assert {i.ExtraInfo for i in items(reader.MDO.GetList("appointmenttask", False, "", False))} == {
        "freebusy=0;allday=0;ispublished=0"}


def test_additional_info_of_the_user_group_and_roles_lists(reader: Agents) -> None:
    assert pairs(reader.MDO.GetList("usergroup", False, "exclude_id=2", False)) == [(1, "Sales"), (3, "Administration")]
    assert pairs(reader.MDO.GetList("usergroup", False, "exclude_ids=1,3", False)) == [(2, "Support")]
    assert pairs(reader.MDO.GetList("roles", False, "1", False)) == []


def test_selectable_variants_carry_the_same_items(reader: Agents) -> None:
    selectable = items(reader.MDO.GetSelectableList("category", False, "", False), "SelectableMDOListItem")
    assert [(i.Id, i.Name) for i in selectable] == SEEDED["category"]
    assert not any(i.Selected or i.Hidden for i in selectable)
    assert pairs(reader.MDO.GetSelectableSimpleList("priority"), "SelectableMDOListItem") == SEEDED["priority"]
    history = reader.MDO.GetSelectableListWithHistory("priority", False, "", {"int": [3, 1]}, True)
    assert pairs(history, "SelectableMDOListItem") == [(3, "Low"), (1, "High")]


def test_list_item_and_list_ids(reader: Agents) -> None:
    item = ok(reader.MDO.GetListItem("country", 578))
    assert (item.Id, item.Name, item.Deleted) == (578, "Norway", False)
    assert ok(reader.MDO.GetListItem("country", 4242)) is None
    assert [ok(reader.MDO.GetListIdByListName(n)) for n in ("category", "Business", "comptr", "nosuchlist")] == [
        152, 153, 108, 0]
    lists = pairs(reader.MDO.GetList("lists", False, "", False))
    assert (152, "Company - Category") in lists and (101, "General - User group") in lists


def test_deleted_items_are_hidden_but_for_history(agents: Agents) -> None:
    """A deleted item stays readable by id and shows when a client passes it as history (an entity still
    uses it); GetList and OnlyHistory without history items leave it out."""
    stage = {"Id": 2, "Name": "Qualified", "Tooltip": "", "Deleted": True, "UdListDefinitionId": 106, "Rank": 2}
    ok(agents.List.SaveListItemEntity(stage))
    visible = [i for i, _ in pairs(agents.MDO.GetList("prob", False, "", False))]
    assert visible == [1, 3, 4, 5]
    assert pairs(agents.MDO.GetList("prob", False, "", True)) == []  # soapsvc keeps no per-user history
    history = items(agents.MDO.GetListWithHistory("prob", False, "", {"int": [2]}, False))
    assert [(i.Id, i.Deleted) for i in history] == [(1, False), (2, True), (3, False), (4, False), (5, False)]
    assert pairs(agents.MDO.GetListWithHistory("prob", False, "", {"int": [4, 2, 99]}, True)) == [
        (4, "Negotiation"), (2, "Qualified")]
    assert ok(agents.MDO.GetListItem("prob", 2)).Deleted is True
    assert "Qualified" not in [i.Name for i in items(agents.MDO.GetListWithRestriction("prob", "", "q"))]
    shown = items(agents.MDO.GetList("salestage", False, "GetDeletedStages=true", False))
    assert (2, "IsDeleted=True&Probability=25") in [(i.Id, i.ExtraInfo) for i in shown]
