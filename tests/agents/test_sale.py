"""Sale agent, with zeep generated from the reference WSDL, against gunicorn (2 workers) on SQLite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from zeep.helpers import serialize_object

from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

SALEDATE = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)
DUE = dt.datetime(2025, 5, 15, 9, 0, tzinfo=dt.UTC)
LISTS = {"SaleType": (2, "Existing customer"), "Currency": (3, "EUR"), "Source": (4, "Referral"),
         "Rating": (1, "Hot"), "Reason": (3, "Timing"), "ReasonSold": (2, "Relationship"),
         "ReasonStalled": (1, "Budget freeze"), "Competitor": (2, "Other Systems"), "Credited": (1, "Sales department")}


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def new_contact(agents: Agents, name: str, *persons: str) -> tuple[int, list[int]]:
    """A new contact with a person per name ("First Last"): its id and the persons' ids."""
    contact_id = ok(agents.Contact.SaveContactEntity({"Name": name})).ContactId
    person_ids = [ok(agents.Person.SavePersonEntity({"Firstname": p.split()[0], "Lastname": p.split()[1],
                                                     "Contact": {"ContactId": contact_id}})).PersonId
                  for p in persons]
    return contact_id, person_ids


def sale(contact_id: int, person_id: int, **fields: Any) -> dict[str, Any]:
    """A SaleEntity as a client sends it: every field a client sets."""
    return {
        "SaleId": 0, "Heading": "Trawler software", "Contact": {"ContactId": contact_id},
        "Person": {"PersonId": person_id}, "Associate": {"AssociateId": 2}, "Amount": 125000.0,
        "Saledate": SALEDATE, "Status": "Open", "Probability": 50, "SaleText": "Fleet of twelve",
        "Number": "S-1001", "Postit": "Call on Monday", "Earning": 25000.0, "EarningPercent": 20.0,
        "Completed": "NotStarted", "NextDueDate": DUE,
        "Links": {"Link": [{"EntityName": "project", "Id": 3, "Description": "Roll-out", "LinkId": 0}]},
        "ExtraFields": {"StringKeyValuePair": [{"Key": "x_region", "Value": "West"}]},
        **{f: {"Id": i} for f, (i, _) in LISTS.items()}, **fields,
    }


def sale_ids(answer: Any) -> list[int]:
    """The ids of an ArrayOfSale answer (nil or empty: none)."""
    return [s.SaleId for s in (answer.Sale if answer is not None else None) or []]


def test_create_default_has_netserver_defaults(agents: Agents) -> None:
    e = ok(agents.Sale.CreateDefaultSaleEntity())
    now = dt.datetime.now(dt.UTC)
    assert e.SaleId == 0 and not e.Heading  # "" on the wire; zeep reads an empty element as None
    assert e.Associate.AssociateId == 1 and e.Associate.FullName == "Alice Admin"
    assert e.Saledate == now.replace(hour=0, minute=0, second=0, microsecond=0)
    assert (e.Status, e.Completed, e.Probability) == ("Open", "NotStarted", 10)  # the first stage: Lead, 10 %
    assert (e.Currency.Id, e.Currency.Value) == (1, "NOK")
    assert abs(e.CreatedDate - now) < dt.timedelta(minutes=1) and e.UpdatedDate.year == 1
    assert e.Contact is None and e.Person is None and e.Project is None and e.Appointment is None


def test_save_reads_back_every_field_sent_with_stamps(agents: Agents) -> None:
    contact_id, (person_id,) = new_contact(agents, "Fjord Fishing AS", "Ola Fisker")
    saved = ok(agents.Sale.SaveSaleEntity(sale(contact_id, person_id)))
    got = ok(agents.Sale.GetSaleEntity(saved.SaleId))
    assert serialize_object(got) == serialize_object(saved)
    assert got.SaleId >= 1
    assert (got.Heading, got.Amount, got.Saledate, got.Status, got.Probability) == (
        "Trawler software", 125000.0, SALEDATE, "Open", 50)
    assert (got.SaleText, got.Number, got.Postit, got.Earning, got.EarningPercent, got.Completed) == (
        "Fleet of twelve", "S-1001", "Call on Monday", 25000.0, 20.0, "NotStarted")
    assert got.NextDueDate == DUE
    assert {f: (getattr(got, f).Id, getattr(got, f).Value) for f in LISTS} == LISTS
    assert (got.Contact.ContactId, got.Contact.Name) == (contact_id, "Fjord Fishing AS")
    assert (got.Person.PersonId, got.Person.FullName, got.Person.ContactId) == (person_id, "Ola Fisker", contact_id)
    assert [(x.EntityName, x.Id, x.Description) for x in got.Links.Link] == [("project", 3, "Roll-out")]
    assert got.ActiveLinks == 1
    assert got.ExtraFields.StringKeyValuePair[0].Value == "West"
    assert got.Associate.AssociateId == 2 and got.Associate.FullName == "Sam Seller"
    assert got.CreatedBy.AssociateId == 1 and got.UpdatedBy is None and got.UpdatedDate.year == 1
    assert abs(got.CreatedDate - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_update_stamps_and_keeps_created(server: Server) -> None:
    tenant = new_tenant()
    admin, sal = Agents(server, tenant), Agents(server, tenant, "SAL", "sal")
    contact_id, (person_id,) = new_contact(admin, "Fjord Fishing AS", "Ola Fisker")
    first = ok(admin.Sale.SaveSaleEntity(sale(contact_id, person_id)))
    first.Heading, first.Status, first.Probability, first.Amount = "Trawler software v2", "Sold", 100, 130000.0
    updated = ok(sal.Sale.SaveSaleEntity(first))
    assert updated.SaleId == first.SaleId
    assert (updated.Heading, updated.Status, updated.Probability, updated.Amount) == (
        "Trawler software v2", "Sold", 100, 130000.0)
    assert updated.CreatedDate == first.CreatedDate and updated.CreatedBy.AssociateId == 1
    assert updated.UpdatedBy.AssociateId == 2 and updated.UpdatedDate >= first.CreatedDate
    assert serialize_object(ok(sal.Sale.GetSaleEntity(first.SaleId))) == serialize_object(updated)


def test_light_and_list_reads(agents: Agents) -> None:
    contact_id, (ola, kari) = new_contact(agents, "Fjord Fishing AS", "Ola Fisker", "Kari Fisker")
    ids = [ok(agents.Sale.SaveSaleEntity(sale(contact_id, person, Heading=heading, Status=status))).SaleId
           for person, heading, status in ((ola, "Nets", "Open"), (kari, "Boats", "Sold"), (ola, "Hooks", "Lost"))]
    light = ok(agents.Sale.GetSale(ids[0]))
    assert (light.SaleId, light.Title, light.ContactId, light.ContactName, light.PersonId, light.PersonFullName) == (
        ids[0], "Nets", contact_id, "Fjord Fishing AS", ola, "Ola Fisker")
    assert (light.Amount, light.WeightedAmount, light.Probability, light.Currency, light.SaleDate) == (
        125000.0, 62500.0, 50, "EUR", SALEDATE)
    assert (light.AssociateId, light.AssociateFullName, light.SaleTypeId, light.SaleTypeName) == (
        2, "Sam Seller", 2, "Existing customer")
    assert (light.Description, light.Status, light.Number, light.Earning) == ("Fleet of twelve", "Open", "S-1001",
                                                                            25000.0)
    assert sale_ids(ok(agents.Sale.GetSaleList({"int": [ids[2], 999999, ids[0]]}))) == [ids[2], ids[0]]
    assert sale_ids(ok(agents.Sale.GetSalesFromContact(contact_id, False))) == ids
    assert sale_ids(ok(agents.Sale.GetSalesFromContact(contact_id, True))) == [ids[0]]
    assert sale_ids(ok(agents.Sale.GetOpenSalesForContact(contact_id))) == [ids[0]]
    assert sale_ids(ok(agents.Sale.GetSalesFromPerson(ola, False))) == [ids[0], ids[2]]
    assert sale_ids(ok(agents.Sale.GetSalesFromPerson(kari, True))) == []
    assert sale_ids(ok(agents.Sale.GetSalesFromContact(2, False))) == []


def test_person_without_contact_brings_its_contact(agents: Agents) -> None:
    saved = ok(agents.Sale.SaveSaleEntity(sale(0, 4)))  # seeded person 4, Ola Nordmann of contact 2
    assert (saved.Contact.ContactId, saved.Contact.Name, saved.Person.PersonId) == (2, "Nordic Fisheries AS", 4)


@pytest.mark.parametrize(("change", "words"), [
    ({"Heading": "  "}, "Heading is required"),
    ({"Contact": {"ContactId": 424242}}, "Contact 424242 does not exist"),
    ({"Person": {"PersonId": 4}}, "Person 4 belongs to contact 2, not to contact"),
    ({"Person": {"PersonId": 424242}}, "Person 424242 does not exist"),
    ({"Currency": {"Id": 4242}}, "Currency 4242 does not exist in this tenant's currency list"),
    ({"SaleType": {"Id": 4242}}, "SaleType 4242 does not exist"),
    ({"Project": {"ProjectId": 4242}}, "Project 4242 does not exist"),
    ({"Appointment": {"AppointmentId": 4242}}, "Appointment 4242 does not exist"),
    ({"Associate": {"AssociateId": 77}}, "not a user of this tenant"),
    ({"Probability": 150}, "Probability 150 is not a percentage"),
    ({"SaleId": 424242}, "no sale 424242"),
])
def test_invalid_input_is_refused_and_nothing_is_written(agents: Agents, change: dict, words: str) -> None:
    contact_id, (person_id,) = new_contact(agents, "Fjord Fishing AS", "Ola Fisker")
    saved = ok(agents.Sale.SaveSaleEntity(sale(contact_id, person_id)))
    before = serialize_object(ok(agents.Sale.GetSaleList({"int": list(range(1, 50))})))
    entity_before = serialize_object(ok(agents.Sale.GetSaleEntity(saved.SaleId)))
    refused(agents.Sale.SaveSaleEntity(sale(contact_id, person_id, **{"SaleId": saved.SaleId, "Heading": "Changed",
                                                                      **change})), words)
    if "SaleId" not in change:  # an insert is refused the same way
        refused(agents.Sale.SaveSaleEntity(sale(contact_id, person_id, **{"Heading": "New", **change})), words)
    assert serialize_object(ok(agents.Sale.GetSaleList({"int": list(range(1, 50))}))) == before
    assert serialize_object(ok(agents.Sale.GetSaleEntity(saved.SaleId))) == entity_before


def test_project_and_appointment_links_and_delete_unlinks_appointments(agents: Agents) -> None:
    contact_id, (person_id,) = new_contact(agents, "Fjord Fishing AS", "Ola Fisker")
    project_id = ok(agents.Project.SaveProjectEntity({"Name": "Harbour bridge"})).ProjectId
    first = ok(agents.Sale.SaveSaleEntity(sale(contact_id, person_id, Project={"ProjectId": project_id})))
    appointment_id = ok(agents.Appointment.SaveAppointmentEntity({
        "Title": "Demo", "StartDate": SALEDATE, "EndDate": SALEDATE + dt.timedelta(hours=1),
        "Contact": {"ContactId": contact_id}, "Person": {"PersonId": person_id}, "Sale": {"SaleId": first.SaleId},
    })).AppointmentId
    first.Appointment = {"AppointmentId": appointment_id}
    linked = ok(agents.Sale.SaveSaleEntity(first))
    assert (linked.Project.ProjectId, linked.Appointment.AppointmentId) == (project_id, appointment_id)
    assert ok(agents.Sale.GetSale(first.SaleId)).ProjectId == project_id
    assert ok(agents.Appointment.GetAppointmentEntity(appointment_id)).Sale.SaleId == first.SaleId
    assert ok(agents.Sale.DeleteSaleEntity(first.SaleId)) is None
    assert ok(agents.Sale.GetSaleEntity(first.SaleId)) is None
    assert ok(agents.Sale.GetSale(first.SaleId)) is None
    assert ok(agents.Appointment.GetAppointmentEntity(appointment_id)).Sale is None
    assert sale_ids(ok(agents.Sale.GetSalesFromContact(contact_id, False))) == []
    assert ok(agents.Sale.DeleteSaleEntity(first.SaleId)) is None  # deleting what is not there changes nothing


def test_unknown_ids_read_as_nil(agents: Agents) -> None:
    assert ok(agents.Sale.GetSaleEntity(999999)) is None
    assert ok(agents.Sale.GetSale(999999)) is None
    assert sale_ids(ok(agents.Sale.GetSaleList({"int": [999999]}))) == []


def test_tenants_do_not_see_each_other(server: Server) -> None:
    one, two = Agents(server, new_tenant()), Agents(server, new_tenant())
    saved = ok(one.Sale.SaveSaleEntity(sale(2, 4, Heading="Only in one")))
    other = ok(two.Sale.GetSaleEntity(saved.SaleId))
    assert other is None or other.Heading != "Only in one"
