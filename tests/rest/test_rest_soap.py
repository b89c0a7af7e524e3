"""One store, two protocols: an entity written by REST reads the same through SOAP (zeep), and back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.agents.support import Agents, new_tenant, ok
from tests.conftest import Server
from tests.rest.support import Rest

TEXT = ("Name", "Department", "OrgNr", "Number1", "Number2", "Description")


@pytest.fixture
def both(server: Server) -> tuple[Rest, Agents]:
    tenant = new_tenant("Rest")
    agents = Agents(server, tenant)
    return Rest(server, tenant, auth=("ADMIN", "admin")), agents


def elements(values: Any) -> list[tuple[str, str]]:
    items = values["EntityElement"] if isinstance(values, dict) else getattr(values, "EntityElement", values)
    return [(e["Value"] if isinstance(e, dict) else e.Value, e["Description"] if isinstance(e, dict)
             else e.Description) for e in items or []]


def test_contact_written_by_rest_reads_the_same_by_soap(both: tuple[Rest, Agents]) -> None:
    rest, agents = both
    sent = rest.ok("GET", "/v1/Contact/default")
    sent.update({name: f"{name} by REST" for name in TEXT})
    sent.update(Phones=[{"Value": "+47 22 00 00 00", "Description": "Office"}],
                Emails=[{"Value": "rest@example.com", "Description": "Post"}], NoMailing=True,
                Category={"Id": 2}, Business={"Id": 2})
    saved = rest.ok("POST", "/v1/Contact", sent, status=201)
    soap = ok(agents.Contact.GetContactEntity(saved["ContactId"]))
    for name in TEXT:
        assert getattr(soap, name) == f"{name} by REST"
    assert elements(soap.Phones) == [("+47 22 00 00 00", "Office")]
    assert elements(soap.Emails) == [("rest@example.com", "Post")]
    assert (soap.NoMailing, soap.Category.Id, soap.Business.Id) == (True, 2, 2)
    assert soap.Associate.AssociateId == saved["Associate"]["AssociateId"] == 1
    created = dt.datetime.fromisoformat(saved["CreatedDate"]).replace(tzinfo=dt.UTC)
    assert soap.CreatedDate == created


def test_contact_written_by_soap_reads_the_same_by_rest(both: tuple[Rest, Agents]) -> None:
    rest, agents = both
    entity = ok(agents.Contact.CreateDefaultContactEntity())
    for name in TEXT:
        setattr(entity, name, f"{name} by SOAP")
    entity.Phones = {"EntityElement": [{"Value": "555", "Description": "Mobile"}]}
    saved = ok(agents.Contact.SaveContactEntity(entity))
    got = rest.ok("GET", f"/v1/Contact/{saved.ContactId}")
    for name in TEXT:
        assert got[name] == f"{name} by SOAP"
    assert elements(got["Phones"]) == [("555", "Mobile")]
    assert got["CreatedDate"] == saved.CreatedDate.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
    assert got["Category"]["Id"] == saved.Category.Id and got["Associate"]["Name"] == saved.Associate.Name


def test_person_written_by_rest_reads_the_same_by_soap(both: tuple[Rest, Agents]) -> None:
    rest, agents = both
    person = rest.ok("GET", "/v1/Person/default")
    person.update(Firstname="Rita", Lastname="Rest", Contact={"ContactId": 2},
                  Emails=[{"Value": "rita@example.com", "Description": "Work"}],
                  BirthDate="1990-05-13T00:00:00")
    saved = rest.ok("POST", "/v1/Person", person, status=201)
    soap = ok(agents.Person.GetPersonEntity(saved["PersonId"]))
    assert (soap.Firstname, soap.Lastname, soap.Contact.ContactId) == ("Rita", "Rest", 2)
    assert elements(soap.Emails) == [("rita@example.com", "Work")]
    assert soap.BirthDate.replace(tzinfo=None) == dt.datetime(1990, 5, 13)
    persons = rest.ok("GET", "/v1/Contact/2/Persons", params={"$select": "personId,firstName"})
    assert {"PrimaryKey": saved["PersonId"], "EntityName": "person", "personId": saved["PersonId"],
            "firstName": "Rita"} in persons["value"]
