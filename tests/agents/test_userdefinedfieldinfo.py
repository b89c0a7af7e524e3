"""User-defined fields through zeep from the reference WSDL: the partner-app installer scenario (define
fields on contact, publish, save a contact with values, read them by prog id and by label, search the
archive on one), the publish cycle, and every invalid input refused with nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agents.archive_support import archive, cells, keys, restriction
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def udefs(entity: Any) -> dict[str, str]:
    pairs = entity.UserDefinedFields.StringKeyValuePair if entity.UserDefinedFields else []
    return {p.Key: p.Value or "" for p in pairs or []}


def values(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"StringKeyValuePair": [{"Key": k, "Value": v} for k, v in pairs]}


def define(agents: Agents, owner: str, field_type: str, label: str, **extra: Any) -> Any:
    info = ok(agents.UserDefinedFieldInfo.CreateUserDefinedFieldInfo(owner, field_type))
    info.FieldLabel, info.Tooltip = label, f"{label} tooltip"
    for name, value in extra.items():
        setattr(info, name, value)
    return ok(agents.UserDefinedFieldInfo.SaveUserDefinedFieldInfo(info))


def install(agents: Agents) -> tuple[Any, Any, Any]:
    """What a partner app's installer does: three fields on contact, then publish."""
    u = agents.UserDefinedFieldInfo
    fields = (define(agents, "Contact", "ShortText", "Partner ref", FieldDefault="none yet"),
              define(agents, "Contact", "Number", "Seats:"), define(agents, "Contact", "Date", "Renewal"))
    assert ok(u.DetectUnpublishedChanges("Contact")) is True
    ok(u.SetPublishStartSystemEvent("Contact"))
    assert ok(u.IsPublishEventActive("Contact")) is True and ok(u.IsAnyPublishEventActive()) is True
    assert ok(u.IsPublishEventActive("Person")) is False
    assert ok(u.Publish("Contact")) == 1
    assert ok(u.IsAnyPublishEventActive()) is False and ok(u.DetectUnpublishedChanges("Contact")) is False
    return fields


def contact(agents: Agents, name: str, *pairs: tuple[str, str]) -> Any:
    e = ok(agents.Contact.CreateDefaultContactEntity())
    e.Name = name
    if pairs:
        e.UserDefinedFields = values(*pairs)
    return e


def test_installer_scenario(agents: Agents) -> None:
    text, number, date = install(agents)
    assert [f.ProgId for f in (text, number, date)] == ["SuperOffice:1", "SuperOffice:2", "SuperOffice:3"]
    assert (number.FieldType, number.Type, number.HasBeenPublished) == ("Number", "Contact", False)
    listed = ok(agents.UserDefinedFieldInfo.GetPublishedUserDefinedFieldList("Contact")).UserDefinedFieldInfo
    assert [(f.FieldLabel, f.HasBeenPublished) for f in listed] == [
        ("Partner ref", True), ("Seats:", True), ("Renewal", True)]
    fresh = udefs(ok(agents.Contact.CreateDefaultContactEntity()))
    assert fresh == {"SuperOffice:1": "none yet", "SuperOffice:2": "[I:0]", "SuperOffice:3": ""}
    # written by prog id, by label (case and the trailing colon do not matter), encoded or plain
    saved = ok(agents.Contact.SaveContactEntity(contact(
        agents, "Udef Partner AS", ("SuperOffice:1", "ACME-42"), ("seats", "[I:25]"), ("Renewal", "2025-03-01"))))
    got = ok(agents.Contact.GetContactEntity(saved.ContactId))
    assert udefs(got) == {"SuperOffice:1": "ACME-42", "SuperOffice:2": "[I:25]",
                          "SuperOffice:3": "[DT:03/01/2025 00:00:00.0000000]"}
    # read back by label: the label's field names the prog id to read
    by_label = ok(agents.UserDefinedFieldInfo.GetPublishedUserDefinedFieldFromFieldLabel("Seats", "Contact"))
    by_prog = ok(agents.UserDefinedFieldInfo.GetUserDefinedFieldFromProgId("SuperOffice:2", "Contact"))
    assert by_label.UDefFieldId == by_prog.UDefFieldId == number.UDefFieldId
    assert udefs(got)[by_label.ProgId] == "[I:25]"
    # an update sending one field keeps the others
    got.UserDefinedFields = values(("SuperOffice:2", "30"))
    assert udefs(ok(agents.Contact.SaveContactEntity(got)))["SuperOffice:2"] == "[I:30]"
    assert udefs(ok(agents.Contact.GetContactEntity(saved.ContactId)))["SuperOffice:1"] == "ACME-42"
    # searchable and sortable in the archive
    small = ok(agents.Contact.SaveContactEntity(contact(agents, "Udef Small AS", ("SuperOffice:2", "5"))))
    found = archive(agents, "Contact", ["contactId", "name", "contactUdef/SuperOffice:2"],
                    [restriction("contactUdef/SuperOffice:2", "greater", 20)])
    assert keys(found) == [saved.ContactId]
    assert cells(found[0])["contactUdef/SuperOffice:2"] == "[I:30]"
    both = archive(agents, "Contact", ["contactId", "contactUdef/SuperOffice:1"],
                   [restriction("name", "begins", "Udef")], order=[("contactUdef/SuperOffice:2", "DESC")])
    assert keys(both) == [saved.ContactId, small.ContactId]
    assert [cells(r)["contactUdef/SuperOffice:1"] for r in both] == ["ACME-42", ""]
    texts = archive(agents, "Contact", ["contactId"], [restriction("contactUdef/SuperOffice:1", "begins", "acme")])
    assert keys(texts) == [saved.ContactId]
    dated = archive(agents, "Contact", ["contactId"], [restriction("contactUdef/SuperOffice:3", "after", "2025-01-01")])
    assert keys(dated) == [saved.ContactId]


def test_invalid_values_refused_and_nothing_saved(agents: Agents) -> None:
    install(agents)
    saved = ok(agents.Contact.SaveContactEntity(contact(agents, "Kept AS", ("SuperOffice:2", "7"))))
    before = ok(agents.Contact.GetContactEntity(saved.ContactId))
    for key, value, words in (("SuperOffice:99", "x", "no published user-defined field 'SuperOffice:99'"),
                              ("No such label", "x", "no published user-defined field 'No such label'"),
                              ("SuperOffice:2", "many", "is not a whole number"),
                              ("Renewal", "someday", "is not a date"),
                              ("SuperOffice:1", "x" * 41, "the field holds 40")):
        changed = ok(agents.Contact.GetContactEntity(saved.ContactId))
        changed.Name, changed.UserDefinedFields = "Changed AS", values(("SuperOffice:1", "new"), (key, value))
        refused(agents.Contact.SaveContactEntity(changed), words)
        after = ok(agents.Contact.GetContactEntity(saved.ContactId))
        assert (after.Name, udefs(after)) == (before.Name, udefs(before))
    count = len(archive(agents, "Contact", ["contactId"], [restriction("getAllRows", "set", 1)]))
    refused(agents.Contact.SaveContactEntity(contact(agents, "New AS", ("SuperOffice:7", "1"))), "SuperOffice:7")
    assert len(archive(agents, "Contact", ["contactId"], [restriction("getAllRows", "set", 1)])) == count
    refused(agents.Archive.GetArchiveListByColumns("Contact", {"string": ["contactUdef/SuperOffice:9"]}, None, None,
                                                   None, 0, 0), "no column 'contactUdef/SuperOffice:9'")


def test_unpublished_fields_are_not_on_entities(agents: Agents) -> None:
    u = agents.UserDefinedFieldInfo
    field = define(agents, "Person", "Checkbox", "Newsletter")
    assert [f.FieldLabel for f in ok(u.GetUserDefinedFieldList("Person")).UserDefinedFieldInfo] == ["Newsletter"]
    assert ok(u.GetPublishedUserDefinedFieldList("Person")) is None
    person = ok(agents.Person.CreateDefaultPersonEntity())
    person.Firstname, person.Contact = "Ada", {"ContactId": 2}
    person.UserDefinedFields = values((field.ProgId, "1"))
    refused(agents.Person.SavePersonEntity(person), "no published user-defined field")
    assert ok(u.Publish("Person")) == 1
    saved = ok(agents.Person.SavePersonEntity(person))
    assert udefs(ok(agents.Person.GetPersonEntity(saved.PersonId))) == {field.ProgId: "[I:1]"}
    hits = archive(agents, "Person", ["personId", f"personUdef/{field.ProgId}"],
                   [restriction(f"personUdef/{field.ProgId}", "set", 1)])
    assert keys(hits) == [saved.PersonId] and cells(hits[0])[f"personUdef/{field.ProgId}"] == "[I:1]"


def test_publish_cycle_delete_revert_and_rank(agents: Agents) -> None:
    u = agents.UserDefinedFieldInfo
    text, number, _date = install(agents)
    saved = ok(agents.Contact.SaveContactEntity(contact(agents, "Cycle AS", ("SuperOffice:1", "kept"))))
    ok(u.DeleteUserDefinedFieldInfo(text.UDefFieldId))
    assert ok(u.GetUserDefinedFieldInfo(text.UDefFieldId)) is None
    assert "SuperOffice:1" in udefs(ok(agents.Contact.GetContactEntity(saved.ContactId)))  # until published
    ok(u.Revert("Contact"))
    assert ok(u.GetUserDefinedFieldInfo(text.UDefFieldId)).FieldLabel == "Partner ref"
    ok(u.DeleteUserDefinedFieldInfo(text.UDefFieldId))
    assert ok(u.Publish("Contact")) == 2
    assert "SuperOffice:1" not in udefs(ok(agents.Contact.GetContactEntity(saved.ContactId)))
    again = define(agents, "Contact", "ShortText", "Partner ref")
    assert again.ProgId == "SuperOffice:4"  # identities are never reused
    ok(u.SetRankOnFields("Contact", {"int": [again.UDefFieldId, number.UDefFieldId, _date.UDefFieldId]}))
    ranked = ok(u.GetUserDefinedFieldList("Contact")).UserDefinedFieldInfo
    assert [f.UDefFieldId for f in ranked] == [again.UDefFieldId, number.UDefFieldId, _date.UDefFieldId]
    changed = ok(u.ChangeFieldType(number, "Decimal", True))
    assert (changed.FieldType, changed.IsIndexed, changed.UDefFieldId) == ("Decimal", True, number.UDefFieldId)
    assert ok(u.GetUserDefinedFieldInfo(number.UDefFieldId)).FieldType == "Number"  # not saved by itself
    ok(u.SaveUserDefinedFieldInfo(changed))
    assert ok(u.DetectColumnIdChanges("Contact")) is True
    ok(u.Publish("Contact"))
    e = ok(agents.Contact.GetContactEntity(saved.ContactId))
    e.UserDefinedFields = values(("SuperOffice:2", "2,5"))
    assert udefs(ok(agents.Contact.SaveContactEntity(e)))["SuperOffice:2"] == "[F:2.5]"
    ok(u.SetUserDefinedPageOneField("Contact", number.UDefFieldId, 0, 1))
    assert [f.UDefFieldId for f in ok(u.GetUserDefinedPageOneFields("Contact", 0)).UserDefinedFieldInfo] == [
        number.UDefFieldId]


def test_invalid_definitions_refused_and_nothing_changed(agents: Agents) -> None:
    u = agents.UserDefinedFieldInfo
    first = define(agents, "Contact", "ShortText", "Partner ref", ProgId="acme:ref")
    assert first.ProgId == "acme:ref"

    def listed() -> list[tuple[int, str, str]]:
        found = ok(u.GetUserDefinedFieldList("Contact"))
        return [(f.UDefFieldId, f.FieldLabel, f.ProgId) for f in (found.UserDefinedFieldInfo if found else [])]

    before = listed()
    blank = ok(u.CreateUserDefinedFieldInfo("Contact", "Number"))
    refused(u.SaveUserDefinedFieldInfo(blank), "FieldLabel is required")
    blank.FieldLabel = "partner REF:"
    refused(u.SaveUserDefinedFieldInfo(blank), "already has a user-defined field labelled")
    blank.FieldLabel, blank.ProgId = "Other", "ACME:REF"
    refused(u.SaveUserDefinedFieldInfo(blank), "prog id 'ACME:REF'")
    moved = ok(u.GetUserDefinedFieldInfo(first.UDefFieldId))
    moved.Type = "Person"
    refused(u.SaveUserDefinedFieldInfo(moved), "cannot move to another owner type")
    ghost = ok(u.CreateUserDefinedFieldInfo("Contact", "Number"))
    ghost.UDefFieldId, ghost.FieldLabel = 4242, "Ghost"
    refused(u.SaveUserDefinedFieldInfo(ghost), "no user-defined field 4242")
    good = ok(u.CreateUserDefinedFieldInfo("Contact", "Number"))
    good.FieldLabel = "Fine"
    refused(u.SaveUserDefinedFieldInfos({"UserDefinedFieldInfo": [good, blank]}), "prog id")  # all or nothing
    refused(u.CreateUserDefinedFieldInfo("Invalid", "Number"), "is not an owner type")
    refused(u.GetUserDefinedFieldList("Temp"), "is not an owner type")
    refused(u.Publish("None"), "is not an owner type")
    refused(u.SetRankOnFields("Contact", {"int": [first.UDefFieldId, 999]}), "no user-defined field 999")
    assert listed() == before and ok(u.GetPublishedUserDefinedFieldList("Contact")) is None
