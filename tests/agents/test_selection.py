"""Selection agent, and the archive's selectionId restriction, with zeep from the reference WSDL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agents.archive_support import archive, keys, restriction
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

COMBINED = "ContactPersonDynamicSelectionV2"
# Seed: contact 2 (Nordic Fisheries) has persons 4 and 5, contact 3 (Bergen Bikes) person 6, contact 4
# (Stockholm Software) person 7.


@pytest.fixture
def a(server: Server) -> Agents:
    return Agents(server, new_tenant())


def new_selection(a: Agents, name: str, kind: str = "Static") -> int:
    e = ok(a.Selection.CreateDefaultSelectionEntity())
    e.Name, e.SelectionType = name, kind
    return ok(a.Selection.SaveSelectionEntity(e)).SelectionId


def pairs(*ids: tuple[int, int]) -> dict[str, Any]:
    return {"ContactPersonId": [{"ContactId": c, "PersonId": p} for c, p in ids]}


def by_selection(a: Agents, provider: str, selection_id: int, entities: tuple[str, ...] = ()) -> list[int]:
    column = {"Contact": "contactId", "Person": "personId"}.get(provider, "fullName")
    found = archive(a, provider, [column], [restriction("selectionId", "=", selection_id)], entities=list(entities))
    return sorted(keys(found))


def members(a: Agents, selection_id: int) -> tuple[list[int], list[int], int]:
    """What the archive and the entity say a selection holds: contacts, persons, MemberCount."""
    count = ok(a.Selection.GetSelectionEntity(selection_id)).MemberCount
    return by_selection(a, "Contact", selection_id), by_selection(a, "Person", selection_id), count


def group(*restrictions: dict[str, Any], rank: int = 0) -> dict[str, Any]:
    return {"Name": str(rank), "Rank": rank, "Description": "", "Restrictions": {"ArchiveRestrictionInfo":
                                                                                list(restrictions)}}


def test_static_members_added_and_removed_are_what_the_archive_lists(a: Agents) -> None:
    sid = new_selection(a, "Trade fair")
    assert members(a, sid) == ([], [], 0)
    ok(a.Selection.AddContactSelectionMembers(sid, pairs((2, 4), (0, 7), (3, 0))))
    ok(a.Selection.AddContactSelectionMembers(sid, pairs((2, 4))))  # already a member: no second one
    # contact 3 is a member as a contact: it and its person 6 are listed
    assert members(a, sid) == ([2, 3, 4], [4, 6, 7], 3)
    combined = archive(a, COMBINED, ["fullName"], [restriction("selectionId", "=", sid)], entities=["person"])
    assert sorted(keys(combined)) == [4, 6, 7]
    e = ok(a.Selection.GetSelectionEntity(sid))
    assert e.LastMembershipChangeByAssociate.AssociateId == 1 and e.LastMembershipChange.year > 2000
    ok(a.Selection.RemoveContactSelectionMembers(sid, pairs((2, 4), (3, 0), (5, 8))))  # 8: not a member
    assert members(a, sid) == ([4], [7], 1)
    ok(a.Person.DeletePersonEntity(7))  # a deleted person leaves the selection
    assert members(a, sid) == ([], [], 0)
    summary = ok(a.Selection.GetSelectionSummaries({"int": [sid, 98765]})).SelectionSummaryItem
    assert [(s.SelectionId, s.Name, s.TargetTable) for s in summary] == [(sid, "Trade fair", "contact")]


def test_dynamic_selection_lists_what_its_criteria_find_now(a: Agents) -> None:
    sid = new_selection(a, "Nordic or Svensson", "Dynamic")
    assert members(a, sid) == ([], [], 0)  # no criteria: no members
    groups = [group(restriction("name", "begins", "Nordic")),
              group(restriction("lastName", "begins", "Svens"), restriction("firstName", "is", "Sven"), rank=1)]
    sent = ok(a.Selection.SetDynamicSelectionCriteriaGroups(sid, {"ArchiveRestrictionGroup": groups}))
    assert [[r.Name for r in g.Restrictions.ArchiveRestrictionInfo] for g in sent.ArchiveRestrictionGroup] == [
        ["name"], ["lastName", "firstName"]]
    assert members(a, sid) == ([2, 4], [4, 5, 7], 3)
    new = ok(a.Person.SavePersonEntity({"Firstname": "Nils", "Lastname": "Net", "Contact": {"ContactId": 2}}))
    assert members(a, sid) == ([2, 4], [4, 5, 7, new.PersonId], 4)  # a new match is a member at once
    read = ok(a.Selection.GetDynamicSelectionCriteriaGroups(sid)).ArchiveRestrictionGroup
    assert [r.Values.string for r in read[1].Restrictions.ArchiveRestrictionInfo] == [["Svens"], ["Sven"]]
    flat = ok(a.Selection.GetDynamicSelectionCriteria(sid)).ArchiveRestrictionInfo
    assert [(r.InterOperator, len(r.SubRestrictions.ArchiveRestrictionInfo)) for r in flat] == [("Or", 1), ("Or", 2)]
    ok(a.Selection.SetDynamicSelectionCriteria(sid, {"ArchiveRestrictionInfo": [
        restriction("category", "oneOf", 2), restriction("business", "oneOf", 5)]}))
    assert members(a, sid) == ([3], [6], 1)  # Bergen Bikes: category 2 and business 5
    assert [r.Name for r in ok(a.Selection.GetDynamicSelectionCriteria(sid)).ArchiveRestrictionInfo] == [
        "category", "business"]


def test_find_selection_is_the_users_own_and_searched_by_the_archive(a: Agents) -> None:
    find = ok(a.Selection.GetSelectionForFind("contact", 0))
    assert find.ProviderName == COMBINED and find.SelectionId > 0 and find.CanSaveAsSelection
    assert ok(a.Selection.GetSelectionForFind("contact", 0)).SelectionId == find.SelectionId
    assert ok(a.Selection.GetSelectionForFind("person", 0)).SelectionId != find.SelectionId
    ok(a.Selection.SetDynamicSelectionCriteriaGroups(find.SelectionId, {"ArchiveRestrictionGroup": [
        group(restriction("firstName", "begins", "K"))]}))
    assert by_selection(a, COMBINED, find.SelectionId, ("person",)) == [5]
    rows = ok(a.Selection.GetSelectionMembersArchiveRows(find.SelectionId, "personId,fullName")).ArchiveListItem
    assert [(r.EntityName, r.PrimaryKey) for r in rows] == [("person", 5)]
    ok(a.Selection.GetSelectionForFind("contact", -1))  # -1: back to no criteria
    assert ok(a.Selection.GetDynamicSelectionCriteriaGroups(find.SelectionId)) is None
    refused(a.Selection.GetSelectionForFind("contact", 3), "no typical search 3")
    refused(a.Selection.GetSelectionForFind("sale", 0), "Find entity 'sale'")


def test_unknown_selection_and_member_are_refused_and_change_nothing(a: Agents) -> None:
    sid = new_selection(a, "Kept")
    ok(a.Selection.AddContactSelectionMembers(sid, pairs((2, 5))))
    refused(a.Selection.AddContactSelectionMembers(98765, pairs((2, 4))), "no selection 98765")
    refused(a.Selection.AddContactSelectionMembers(sid, pairs((3, 6), (0, 98765))), "no person 98765")
    refused(a.Selection.AddContactSelectionMembers(sid, pairs((98765, 0))), "no contact 98765")
    refused(a.Selection.AddContactSelectionMembers(sid, pairs((3, 4))), "Person 4 is not of contact 3")
    refused(a.Selection.RemoveContactSelectionMembers(sid, pairs((2, 5), (0, 98765))), "no person 98765")
    assert members(a, sid) == ([2], [5], 1)
    refused(a.Archive.GetArchiveListByColumns("Person", {"string": ["personId"]}, None, {"ArchiveRestrictionInfo": [
        restriction("selectionId", "=", 98765)]}, None, 0, 0), "no selection 98765")
    refused(a.Archive.GetArchiveListByColumns("Sale", {"string": ["saleId"]}, None, {"ArchiveRestrictionInfo": [
        restriction("selectionId", "=", sid)]}, None, 0, 0), "not members of selections")
    refused(a.Archive.GetArchiveListByColumns("Person", {"string": ["personId"]}, None, {"ArchiveRestrictionInfo": [
        restriction("selectionId", "notOneOf", sid)]}, None, 0, 0), "needs the operator =")
    ok(a.Selection.DeleteSelectionEntity(sid))
    assert ok(a.Selection.GetSelectionEntity(sid)) is None
    refused(a.Selection.AddContactSelectionMembers(sid, pairs((2, 4))), f"no selection {sid}")


def test_bad_criteria_and_wrong_kinds_are_refused_and_change_nothing(a: Agents) -> None:
    dynamic, static = new_selection(a, "Dyn", "Dynamic"), new_selection(a, "Stat")
    kept = [group(restriction("name", "begins", "Bergen"))]
    ok(a.Selection.SetDynamicSelectionCriteriaGroups(dynamic, {"ArchiveRestrictionGroup": kept}))
    for bad, words in (([group(restriction("shoeSize", "=", 4))], "no column 'shoeSize'"),
                       ([group(restriction("name", "greater", "A"))], "Operator 'greater'"),
                       ([group(restriction("category", "oneOf", "many"))], "not a whole number"),
                       ([group(restriction("selectionId", "=", static))], "cannot restrict by selectionId")):
        refused(a.Selection.SetDynamicSelectionCriteriaGroups(dynamic, {"ArchiveRestrictionGroup": bad}), words)
    refused(a.Selection.SetDynamicSelectionCriteria(dynamic, {"ArchiveRestrictionInfo": [
        restriction("name", "begins", "A"), restriction("nope", "=", 1)]}), "no column 'nope'")
    refused(a.Selection.SetDynamicSelectionCriteriaGroups(98765, {"ArchiveRestrictionGroup": kept}),
            "no selection 98765")
    refused(a.Selection.SetDynamicSelectionCriteriaGroups(static, {"ArchiveRestrictionGroup": kept}),
            "is Static")
    refused(a.Selection.AddContactSelectionMembers(dynamic, pairs((2, 4))), "is Dynamic")
    read = ok(a.Selection.GetDynamicSelectionCriteriaGroups(dynamic)).ArchiveRestrictionGroup
    assert [r.Values.string for g in read for r in g.Restrictions.ArchiveRestrictionInfo] == [["Bergen"]]
    assert members(a, dynamic) == ([3], [6], 1)
    assert ok(a.Selection.GetDynamicSelectionCriteriaGroups(static)) is None
    e = ok(a.Selection.GetSelectionEntity(static))
    for field, value, words in (("SelectionType", "Combined", "Static and Dynamic selections only"),
                                ("TargetTableNumber", 7, "contacts and persons only")):
        changed = ok(a.Selection.GetSelectionEntity(static))
        changed.Name = "Changed"
        setattr(changed, field, value)
        refused(a.Selection.SaveSelectionEntity(changed), words)
    after = ok(a.Selection.GetSelectionEntity(static))
    assert (after.Name, after.SelectionType, after.UpdatedCount) == ("Stat", "Static", e.UpdatedCount)
