"""Person with zeep generated from the reference WSDL: defaults, save, read back, update, errors."""

from __future__ import annotations

import pytest

from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def new_person(agents: Agents, contact_id: int = 2) -> object:
    p = ok(agents.Person.CreateDefaultPersonEntity())
    p.Firstname, p.MiddleName, p.Lastname = "Grace", "Brewster", "Hopper"
    p.Title, p.Mrmrs, p.Description = "Rear admiral", "Ms", "Wrote the first compiler"
    p.Contact = {"ContactId": contact_id}
    p.Emails = {"EntityElement": [{"Value": "grace@navy.example", "Description": "Work"}]}
    p.MobilePhones = {"EntityElement": [{"Value": "+1 555 0100", "Description": "Mobile"}]}
    p.OfficePhones = {"EntityElement": [{"Value": "+1 555 0101", "Description": "Office"}]}
    return p


def test_defaults(agents: Agents) -> None:
    p = ok(agents.Person.CreateDefaultPersonEntity())
    assert p.PersonId == 0
    assert p.Associate.AssociateId == 1 and p.Country.CountryId == 578
    assert p.CreatedDate.year > 2000 and p.UpdatedDate.year == 1


def test_save_and_read_back(agents: Agents) -> None:
    saved = ok(agents.Person.SavePersonEntity(new_person(agents)))
    got = ok(agents.Person.GetPersonEntity(saved.PersonId))
    assert (got.Firstname, got.MiddleName, got.Lastname) == ("Grace", "Brewster", "Hopper")
    assert (got.Title, got.Mrmrs, got.Description) == ("Rear admiral", "Ms", "Wrote the first compiler")
    assert (got.FullName, got.FormalName) == ("Grace Brewster Hopper", "Hopper, Grace")
    assert got.Contact.ContactId == 2 and got.Contact.Name == "Nordic Fisheries AS"
    assert got.Category.Value == "Customer" and got.Business.Value == "Manufacturing"
    assert got.Emails.EntityElement[0].Value == "grace@navy.example"
    assert got.MobilePhones.EntityElement[0].Value == "+1 555 0100"
    assert got.CreatedBy.AssociateId == 1 and got.CreatedDate.year > 2000
    light = ok(agents.Person.GetPerson(saved.PersonId))
    assert (light.FullName, light.Email, light.MobilePhone, light.DirectPhone, light.ContactName) == (
        "Grace Brewster Hopper", "grace@navy.example", "+1 555 0100", "+1 555 0101", "Nordic Fisheries AS")
    listed = ok(agents.Person.GetPersonList({"int": [saved.PersonId, 4, 99999]})).Person
    assert [p.PersonId for p in listed] == [saved.PersonId, 4]


def test_move_to_another_contact_and_update_stamps(agents: Agents) -> None:
    saved = ok(agents.Person.SavePersonEntity(new_person(agents)))
    saved.Contact = {"ContactId": 3}
    moved = ok(agents.Person.SavePersonEntity(saved))
    assert moved.Contact.ContactId == 3
    assert moved.UpdatedBy.AssociateId == 1 and moved.UpdatedDate.year > 2000
    assert moved.CreatedDate == saved.CreatedDate
    assert saved.PersonId in [p.PersonId for p in ok(agents.Person.GetPersonsFromContact(3)).Person]


@pytest.mark.parametrize(("change", "words"), [
    ({"Firstname": "", "Lastname": ""}, "needs a Firstname or a Lastname"),
    ({"Contact": {"ContactId": 8888}}, "Contact 8888 does not exist in this tenant"),
    ({"Country": {"CountryId": 1}}, "Country 1 does not exist"),
])
def test_invalid_input_is_refused_and_nothing_is_written(agents: Agents, change: dict, words: str) -> None:
    saved = ok(agents.Person.SavePersonEntity(new_person(agents)))
    bad = new_person(agents)
    bad.PersonId = saved.PersonId
    bad.Lastname = "Changed"
    for key, value in change.items():
        setattr(bad, key, value)
    refused(agents.Person.SavePersonEntity(bad), words)
    assert ok(agents.Person.GetPersonEntity(saved.PersonId)).Lastname == "Hopper"


def test_person_cannot_move_to_another_tenants_contact(server: Server) -> None:
    one, two = Agents(server, new_tenant()), Agents(server, new_tenant())
    theirs = ok(two.Contact.CreateDefaultContactEntity())
    theirs.Name = "Far away"
    far_id = ok(two.Contact.SaveContactEntity(theirs)).ContactId
    refused(one.Person.SavePersonEntity(new_person(one, contact_id=far_id)), "does not exist in this tenant")


def test_delete_person(agents: Agents) -> None:
    saved = ok(agents.Person.SavePersonEntity(new_person(agents)))
    ok(agents.Person.DeletePersonEntity(saved.PersonId))
    assert ok(agents.Person.GetPersonEntity(saved.PersonId)) is None
    assert ok(agents.Person.GetMyPerson()).FullName == "Alice Admin"
