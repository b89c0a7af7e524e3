"""Two tests that each create contacts: each has a tenant of its own, so neither sees the other's."""

from typing import Any

from zeep import Client

from soapsvc.pytest_plugin import SoapsvcTenant


def create_contacts(soapsvc: SoapsvcTenant, *names: str) -> tuple[Any, list[int]]:
    """Save a contact per name; returns the Contact agent's zeep service and the new ids."""
    contacts = Client(soapsvc.wsdl("Contact")).service
    ids = []
    for name in names:
        entity = contacts.CreateDefaultContactEntity(_soapheaders=soapsvc.headers).body.Response
        entity.Name = name
        answer = contacts.SaveContactEntity(entity, _soapheaders=soapsvc.headers)
        assert answer.header.Succeeded is True
        ids.append(answer.body.Response.ContactId)
    return contacts, ids


def names_of_new_contacts(soapsvc: SoapsvcTenant, contacts: Any) -> list[str]:
    """The names of the contacts with ids after the six seeded ones, up to the first gap."""
    names, contact_id = [], 7
    while (found := contacts.GetContactEntity(contact_id, _soapheaders=soapsvc.headers).body.Response) is not None:
        names.append(found.Name)
        contact_id += 1
    return names


def test_alpha_sees_only_its_own_contacts(soapsvc: SoapsvcTenant) -> None:
    contacts, ids = create_contacts(soapsvc, "Alpha Fisheries AS", "Alpha Bikes AS")
    assert ids == [7, 8]  # the first ids after the seeded contacts: no other test's contact took them
    assert names_of_new_contacts(soapsvc, contacts) == ["Alpha Fisheries AS", "Alpha Bikes AS"]


def test_beta_sees_only_its_own_contacts(soapsvc: SoapsvcTenant) -> None:
    contacts, ids = create_contacts(soapsvc, "Beta Software AB")
    assert ids == [7]
    assert names_of_new_contacts(soapsvc, contacts) == ["Beta Software AB"]
