"""Contact with zeep generated from the reference WSDL: defaults, save, read back, update, errors, cascade."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

PHONES = [{"Value": "+47 22 33 44 55", "Description": "Switchboard"},
          {"Value": "+47 99 88 77 66", "Description": "Support"}]
ADDRESS = {"Street": {"AtypeIdx": "Unknown", "Address1": "Storgata 1", "City": "Oslo", "Zipcode": "0155"},
           "Postal": {"AtypeIdx": "Unknown", "Address1": "Postboks 7", "City": "Oslo", "Zipcode": "0101"},
           "Formatted": "Storgata 1, 0155 Oslo"}


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def new_contact(agents: Agents, **fields) -> object:
    entity = ok(agents.Contact.CreateDefaultContactEntity())
    entity.Name = "Zeep Corp"
    entity.Department = "R&D"
    entity.OrgNr = "987654321"
    entity.Phones = {"EntityElement": PHONES}
    entity.Emails = {"EntityElement": [{"Value": "post@zeep.example", "Description": "Post"}]}
    entity.Urls = {"EntityElement": [{"Value": "https://zeep.example", "Description": "Web"}]}
    entity.Address = ADDRESS
    entity.Description = "Made by a test"
    entity.NoMailing = True
    for key, value in fields.items():
        setattr(entity, key, value)
    return entity


def test_create_default_has_netserver_defaults(agents: Agents) -> None:
    e = ok(agents.Contact.CreateDefaultContactEntity())
    assert e.ContactId == 0
    assert e.Associate.AssociateId == 1 and e.Associate.FullName == "Alice Admin"
    assert (e.Country.CountryId, e.Country.Name, e.Country.TwoLetterISOCountry) == (578, "Norway", "NO")
    assert e.Business.Id == 1 and e.Business.Value == "Information Technology"
    assert e.Category.Id == 1 and e.Category.Value == "Customer"
    assert abs(e.CreatedDate - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_save_reads_back_every_field_sent_with_stamps(agents: Agents) -> None:
    saved = ok(agents.Contact.SaveContactEntity(new_contact(agents)))
    got = ok(agents.Contact.GetContactEntity(saved.ContactId))
    assert got.ContactId == saved.ContactId > 6  # after the seeded contacts
    assert (got.Name, got.Department, got.OrgNr, got.Description) == ("Zeep Corp", "R&D", "987654321",
                                                                      "Made by a test")
    assert got.NoMailing is True
    assert [(p.Value, p.Description) for p in got.Phones.EntityElement] == [(p["Value"], p["Description"])
                                                                          for p in PHONES]
    assert got.Phones.EntityElement[0].StrippedValue == "+4722334455"
    assert got.Emails.EntityElement[0].Value == "post@zeep.example"
    assert got.Urls.EntityElement[0].Value == "https://zeep.example"
    assert got.Address.Street.Address1 == "Storgata 1" and got.Address.Postal.Zipcode == "0101"
    assert got.Address.Formatted == "Storgata 1, 0155 Oslo"
    assert got.Country.CountryId == 578 and got.Business.Id == 1 and got.Category.Id == 1
    assert got.CreatedBy.AssociateId == 1 and got.Associate.AssociateId == 1
    assert abs(got.CreatedDate - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert got.UpdatedDate.year == 1 and got.UpdatedBy is None
    light = ok(agents.Contact.GetContact(saved.ContactId))
    assert (light.Name, light.DirectPhone, light.City, light.EmailAddress) == (
        "Zeep Corp", "+47 22 33 44 55", "Oslo", "post@zeep.example")
    assert (light.CountryName, light.CategoryName, light.FullName) == ("Norway", "Customer", "Zeep Corp R&D")


def test_update_stamps_and_replaces_parts(server: Server) -> None:
    tenant = new_tenant()
    admin, sal = Agents(server, tenant), Agents(server, tenant, "SAL", "sal")
    saved = ok(admin.Contact.SaveContactEntity(new_contact(admin)))
    saved.Name = "Zeep Corporation"
    saved.Phones = {"EntityElement": [{"Value": "+47 11 11 11 11", "Description": "New"}]}
    updated = ok(sal.Contact.SaveContactEntity(saved))
    assert updated.Name == "Zeep Corporation"
    assert [p.Value for p in updated.Phones.EntityElement] == ["+47 11 11 11 11"]
    assert updated.CreatedDate == saved.CreatedDate and updated.CreatedBy.AssociateId == 1
    assert updated.UpdatedBy.AssociateId == 2 and updated.UpdatedDate >= saved.CreatedDate


@pytest.mark.parametrize(("change", "words"), [
    ({"Name": "  "}, "Name is required"),
    ({"Country": {"CountryId": 99999}}, "Country 99999 does not exist"),
    ({"Business": {"Id": 4242}}, "Business 4242 does not exist"),
    ({"Category": {"Id": 4242}}, "Category 4242 does not exist"),
    ({"Associate": {"AssociateId": 77}}, "not a user of this tenant"),
    ({"ContactId": 424242}, "no contact 424242"),
])
def test_invalid_input_is_refused_and_nothing_is_written(agents: Agents, change: dict, words: str) -> None:
    saved = ok(agents.Contact.SaveContactEntity(new_contact(agents)))
    before = ok(agents.Contact.GetContactList({"int": list(range(1, 50))}))
    bad = new_contact(agents, ContactId=saved.ContactId, Name="Changed")
    for key, value in change.items():
        setattr(bad, key, value)
    refused(agents.Contact.SaveContactEntity(bad), words)
    assert ok(agents.Contact.GetContactList({"int": list(range(1, 50))})) == before
    assert ok(agents.Contact.GetContactEntity(saved.ContactId)).Name == "Zeep Corp"


def test_persons_of_a_contact_and_delete_cascade(agents: Agents) -> None:
    contact = ok(agents.Contact.SaveContactEntity(new_contact(agents)))
    ids = []
    for first, last in (("Ada", "Lovelace"), ("Alan", "Turing")):
        person = ok(agents.Person.CreateDefaultPersonEntity())
        person.Firstname, person.Lastname = first, last
        person.Contact = {"ContactId": contact.ContactId}
        ids.append(ok(agents.Person.SavePersonEntity(person)).PersonId)
    persons = ok(agents.Contact.GetPersons(contact.ContactId)).Person
    assert [(p.PersonId, p.FullName, p.ContactName) for p in persons] == [
        (ids[0], "Ada Lovelace", "Zeep Corp"), (ids[1], "Alan Turing", "Zeep Corp")]
    with_persons = ok(agents.Contact.GetContactWithPersons(contact.ContactId))
    assert [p.PersonId for p in with_persons.Persons.Person] == ids
    ok(agents.Contact.DeleteContactEntity(contact.ContactId))
    assert ok(agents.Contact.GetContactEntity(contact.ContactId)) is None
    assert [ok(agents.Person.GetPersonEntity(i)) for i in ids] == [None, None]
    assert ok(agents.Person.GetPersonsFromContact(contact.ContactId)) is None or not ok(
        agents.Person.GetPersonsFromContact(contact.ContactId)).Person


def test_my_contact_and_unknown_ids(agents: Agents) -> None:
    mine = ok(agents.Contact.GetMyContact())
    assert (mine.ContactId, mine.Name) == (1, "soapsvc Demo AS")
    assert [p.FullName for p in mine.Persons.Person][:3] == ["Alice Admin", "Sam Seller", "Susan Support"]
    assert ok(agents.Contact.GetContactEntity(999999)) is None
    assert ok(agents.Contact.GetContact(999999)) is None


def test_tenants_do_not_see_each_other(server: Server) -> None:
    one, two = Agents(server, new_tenant()), Agents(server, new_tenant())
    saved = ok(one.Contact.SaveContactEntity(new_contact(one, Name="Only in one")))
    other = ok(two.Contact.GetContactEntity(saved.ContactId))
    assert other is None or other.Name != "Only in one"
