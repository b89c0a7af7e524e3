"""Appointment with zeep generated from the reference WSDL: defaults, save, read back, update, lists, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from soapsvc.store import models as m
from soapsvc.store.db import database
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

START = dt.datetime(2030, 5, 6, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def new_contact_with_person(agents: Agents) -> tuple[int, int]:
    contact = ok(agents.Contact.CreateDefaultContactEntity())
    contact.Name = "Diary Corp"
    contact_id = ok(agents.Contact.SaveContactEntity(contact)).ContactId
    person = ok(agents.Person.CreateDefaultPersonEntity())
    person.Firstname, person.Lastname, person.Contact = "Ada", "Lovelace", {"ContactId": contact_id}
    return contact_id, ok(agents.Person.SavePersonEntity(person)).PersonId


def new_appointment(agents: Agents, contact_id: int, person_id: int, start: dt.datetime = START) -> object:
    a = ok(agents.Appointment.CreateDefaultAppointmentEntity())
    a.Title, a.Description, a.Agenda = "Kick-off", "First meeting", "1. Scope 2. Plan"
    a.InternalNotes, a.Location = "Bring coffee", "Room 42"
    a.StartDate, a.EndDate = start, start + HOUR
    a.Contact, a.Person = {"ContactId": contact_id}, {"PersonId": person_id}
    a.Task, a.Priority = {"TaskListItemId": 2}, {"Id": 1}
    a.Private, a.Completed = "PrivateGroup", "Started"
    a.HasAlarm, a.AlarmLeadTime, a.IsAlldayEvent = True, dt.timedelta(minutes=15), False
    a.Links = {"Link": [{"EntityName": "sale", "Id": 7, "Description": "Deal"}]}
    return a


def saved(agents: Agents, **fields: object) -> object:
    contact_id, person_id = new_contact_with_person(agents)
    a = new_appointment(agents, contact_id, person_id)
    for key, value in fields.items():
        setattr(a, key, value)
    return ok(agents.Appointment.SaveAppointmentEntity(a))


def test_defaults(agents: Agents) -> None:
    a = ok(agents.Appointment.CreateDefaultAppointmentEntity())
    assert a.AppointmentId == 0
    assert a.Associate.AssociateId == 1 and a.Associate.FullName == "Alice Admin"
    now = dt.datetime.now(dt.UTC)
    assert (a.StartDate.minute, a.StartDate.second) == (0, 0) and now < a.StartDate <= now + HOUR
    assert a.EndDate - a.StartDate == HOUR
    assert (a.Type, a.Completed, a.Private) == ("inDiary", "NotStarted", "Public")
    assert (a.Task.TaskListItemId, a.Task.Value) == (1, "Meeting")
    assert a.Priority is None
    assert abs(a.CreatedDate - now) < dt.timedelta(minutes=1) and a.UpdatedDate.year == 1
    assert ok(agents.Appointment.CreateDefaultAppointmentEntityByType("inChecklist")).Type == "inChecklist"


def test_save_reads_back_every_field_sent_with_stamps(agents: Agents) -> None:
    contact_id, person_id = new_contact_with_person(agents)
    appointment_id = ok(agents.Appointment.SaveAppointmentEntity(
        new_appointment(agents, contact_id, person_id))).AppointmentId
    got = ok(agents.Appointment.GetAppointmentEntity(appointment_id))
    assert got.AppointmentId == appointment_id > 0
    assert (got.Title, got.Description, got.Agenda, got.InternalNotes, got.Location) == (
        "Kick-off", "First meeting", "1. Scope 2. Plan", "Bring coffee", "Room 42")
    assert (got.StartDate, got.EndDate, got.ActiveDate) == (START, START + HOUR, START)
    assert (got.Contact.ContactId, got.Contact.Name) == (contact_id, "Diary Corp")
    assert (got.Person.PersonId, got.Person.FullName, got.Person.ContactId) == (person_id, "Ada Lovelace", contact_id)
    assert (got.Task.TaskListItemId, got.Task.Value) == (2, "Phone call")
    assert (got.Priority.Id, got.Priority.Value) == (1, "High")
    assert (got.Type, got.Private, got.Completed) == ("inDiary", "PrivateGroup", "Started")
    assert got.HasAlarm is True and got.IsAlldayEvent is False and got.AlarmLeadTime == dt.timedelta(minutes=15)
    assert [(x.EntityName, x.Id, x.Description) for x in got.Links.Link] == [("sale", 7, "Deal")]
    assert got.Project is None and got.Sale is None
    assert got.Associate.AssociateId == 1 and got.CreatedBy.AssociateId == 1
    assert abs(got.CreatedDate - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert got.UpdatedDate.year == 1 and got.UpdatedBy is None


def test_update_stamps(server: Server) -> None:
    agents = Agents(server, new_tenant())
    first = saved(agents)
    other = Agents(server, agents.tenant, "SAL", "sal")
    first.Title, first.Completed = "Kick-off, moved", "Completed"
    first.StartDate, first.EndDate = START + HOUR, START + 3 * HOUR
    updated = ok(other.Appointment.SaveAppointmentEntity(first))
    assert updated.AppointmentId == first.AppointmentId
    assert (updated.Title, updated.Completed, updated.EndDate) == ("Kick-off, moved", "Completed", START + 3 * HOUR)
    assert updated.UpdatedBy.AssociateId == 2 and abs(updated.UpdatedDate - dt.datetime.now(dt.UTC)) < HOUR
    assert updated.CreatedDate == first.CreatedDate and updated.CreatedBy.AssociateId == 1


def test_light_and_list_reads(agents: Agents) -> None:
    contact_id, person_id = new_contact_with_person(agents)
    project = ok(agents.Project.CreateDefaultProjectEntity())
    project.Name = "Launch"
    project_id = ok(agents.Project.SaveProjectEntity(project)).ProjectId
    ids = []
    for day, task in enumerate((1, 2, 1)):
        a = new_appointment(agents, contact_id, person_id, START + dt.timedelta(days=day))
        a.Task, a.Project = {"TaskListItemId": task}, {"ProjectId": project_id}
        a.Type = "inChecklist" if day == 2 else "inDiary"
        ids.append(ok(agents.Appointment.SaveAppointmentEntity(a)).AppointmentId)
    light = ok(agents.Appointment.GetAppointment(ids[1]))
    assert (light.AppointmentId, light.Title, light.Task, light.TaskId) == (ids[1], "Kick-off", "Phone call", 2)
    assert (light.ContactId, light.ContactName, light.PersonId, light.PersonFullName) == (
        contact_id, "Diary Corp", person_id, "Ada Lovelace")
    assert (light.ProjectId, light.ProjectName, light.PriorityId, light.PriorityName) == (
        project_id, "Launch", 1, "High")
    assert (light.AssociateId, light.AssociateFullName, light.CreatedBy, light.CreatedByAssociateId) == (
        1, "Alice Admin", "ADMIN", 1)
    assert (light.StartDate, light.Location, light.Private, light.Completed) == (
        START + dt.timedelta(days=1), "Room 42", "PrivateGroup", "Started")
    assert ok(agents.Appointment.GetProjectAppointments(project_id, None, None, 0)).Appointment[0].ProjectName \
        == "Launch"
    listed = ok(agents.Appointment.GetAppointmentList({"int": [ids[2], 99999, ids[0]]})).Appointment
    assert [a.AppointmentId for a in listed] == [ids[2], ids[0]]

    def listed_ids(answer: object) -> list[int]:
        body = ok(answer)
        return [a.AppointmentId for a in body.Appointment] if body else []

    apt = agents.Appointment
    assert listed_ids(apt.GetContactAppointments(contact_id, START, START + dt.timedelta(days=5), 0)) == ids
    assert listed_ids(apt.GetContactAppointments(contact_id, START, START + dt.timedelta(days=5), 2)) == ids[:2]
    assert listed_ids(apt.GetContactAppointments(contact_id, START + HOUR, START + dt.timedelta(days=1), 0)) \
        == ids[1:2]
    assert listed_ids(apt.GetPersonAppointments(person_id, False, START, START + dt.timedelta(days=5), 0)) == ids
    assert listed_ids(apt.GetProjectAppointments(project_id, START, START + dt.timedelta(days=5), 0)) == ids
    assert listed_ids(apt.GetContactAppointmentsByTask(contact_id, START, START + dt.timedelta(days=5), 0, 1)) \
        == [ids[0], ids[2]]
    assert listed_ids(apt.GetPersonAppointmentsByTasks(person_id, False, START, START + dt.timedelta(days=5), 0,
                                                      {"int": [2]})) == [ids[1]]
    assert listed_ids(apt.GetProjectAppointmentsByType(project_id, START, START + dt.timedelta(days=5), 0,
                                                       "inChecklist")) == [ids[2]]
    assert listed_ids(apt.GetContactAppointments(4, START, START + dt.timedelta(days=5), 0)) == []


def test_person_appointments_with_project_appointments(agents: Agents) -> None:
    contact_id, person_id = new_contact_with_person(agents)
    project = ok(agents.Project.CreateDefaultProjectEntity())
    project.Name, project.ProjectMembers = "Members only", {"ProjectMember": [{"PersonId": person_id}]}
    project_id = ok(agents.Project.SaveProjectEntity(project)).ProjectId
    a = new_appointment(agents, 0, 0)
    a.Contact, a.Person, a.Project = None, None, {"ProjectId": project_id}
    appointment_id = ok(agents.Appointment.SaveAppointmentEntity(a)).AppointmentId
    window = (START - HOUR, START + HOUR, 0)
    assert ok(agents.Appointment.GetPersonAppointments(person_id, False, *window)) is None
    both = ok(agents.Appointment.GetPersonAppointments(person_id, True, *window)).Appointment
    assert [x.AppointmentId for x in both] == [appointment_id]


def test_person_without_contact_brings_its_contact(agents: Agents) -> None:
    contact_id, person_id = new_contact_with_person(agents)
    got = saved(agents, Contact=None, Person={"PersonId": person_id})
    assert (got.Contact.ContactId, got.Person.PersonId) == (contact_id, person_id)


@pytest.mark.parametrize(("change", "words"), [
    ({"EndDate": START - HOUR}, "is before StartDate"),
    ({"Contact": {"ContactId": 8888}}, "Contact 8888 does not exist in this tenant"),
    ({"Task": {"TaskListItemId": 77}}, "Task 77 does not exist in this tenant's task list"),
    ({"Priority": {"Id": 77}}, "Priority 77 does not exist"),
    ({"Person": {"PersonId": 4}}, "Person 4 belongs to contact 2, not to contact"),
    ({"Person": {"PersonId": 8888}}, "Person 8888 does not exist in this tenant"),
    ({"Project": {"ProjectId": 8888}}, "Project 8888 does not exist in this tenant"),
    ({"Sale": {"SaleId": 8888}}, "Sale 8888 does not exist in this tenant"),
    ({"StartDate": None}, "StartDate is required"),
    ({"AppointmentId": 99999}, "There is no appointment 99999"),
])
def test_invalid_input_is_refused_and_nothing_is_written(agents: Agents, change: dict, words: str) -> None:
    first = saved(agents)
    contact_id = first.Contact.ContactId
    before = ok(agents.Appointment.GetContactAppointments(contact_id, None, None, 0)).Appointment
    first.Title = "Changed"
    for key, value in change.items():
        setattr(first, key, value)
    refused(agents.Appointment.SaveAppointmentEntity(first), words)
    after = ok(agents.Appointment.GetContactAppointments(contact_id, None, None, 0)).Appointment
    assert [(a.AppointmentId, a.Title) for a in after] == [(a.AppointmentId, a.Title) for a in before]
    assert [a.Title for a in after] == ["Kick-off"]


def test_sale_link_and_delete_unlinks_sales(server: Server, agents: Agents) -> None:
    first = saved(agents)
    with database(server.db_url).unit() as db:
        tenant_id = db.scalar(select(m.Tenant.id).where(m.Tenant.cust_id == agents.tenant))
        db.add(m.Sale(tenant_id=tenant_id, id=900, heading="Deal", appointment_id=first.AppointmentId,
                      created=START))
    first.Sale = {"SaleId": 900}
    assert ok(agents.Appointment.SaveAppointmentEntity(first)).Sale.SaleId == 900
    assert ok(agents.Appointment.GetAppointment(first.AppointmentId)).SaleName == "Deal"
    ok(agents.Appointment.DeleteAppointmentEntity(first.AppointmentId))
    assert ok(agents.Appointment.GetAppointmentEntity(first.AppointmentId)) is None
    assert ok(agents.Appointment.GetAppointment(first.AppointmentId)) is None
    sale = select(m.Sale.appointment_id).where(m.Sale.tenant_id == tenant_id, m.Sale.id == 900)
    with database(server.db_url).unit() as db:
        assert db.scalar(sale) == 0
    ok(agents.Appointment.DeleteAppointmentEntity(first.AppointmentId))  # gone already: nothing changes


def test_unknown_ids_read_as_nil(agents: Agents) -> None:
    assert ok(agents.Appointment.GetAppointmentEntity(424242)) is None
    assert ok(agents.Appointment.GetAppointment(424242)) is None
    assert ok(agents.Appointment.GetAppointmentList({"int": [424242]})) is None


def test_task_list_items(agents: Agents) -> None:
    items = ok(agents.Appointment.GetTaskListItems(False)).TaskListItem
    assert [i.Value for i in items] == ["Meeting", "Phone call", "Follow-up", "Demo"]
    assert ok(agents.Appointment.GetTaskListItem(4)).Value == "Demo"


def _heading(agents: Agents, name: str, list_id: int, items: list[int]) -> int:
    heading = ok(agents.List.CreateDefaultHeadingEntity())
    heading.Name, heading.UdListDefinitionId = name, list_id
    heading_id = ok(agents.List.SaveHeadingEntity(heading)).HeadingId
    ok(agents.List.SetListItemsForHeading(list_id, heading_id, {"int": items}, True))
    return heading_id


def test_appointments_by_task_heading_are_those_of_its_tasks(agents: Agents) -> None:
    meeting, call, demo = 1, 2, 4  # seeded tasks
    later = saved(agents, Task={"TaskListItemId": demo}, StartDate=START + 3 * HOUR, EndDate=START + 4 * HOUR)
    phoned = saved(agents, Task={"TaskListItemId": call})
    met = saved(agents, Task={"TaskListItemId": meeting}, StartDate=START + HOUR, EndDate=START + 2 * HOUR)
    talks = _heading(agents, "Talks", 103, [call, demo])

    def found(heading_id: int) -> list[int]:
        answer = ok(agents.Appointment.GetAppointmentsByTaskHeading(heading_id))
        return [a.AppointmentId for a in answer.Appointment] if answer else []

    assert found(talks) == [phoned.AppointmentId, later.AppointmentId]  # by start time
    ok(agents.List.SetListItemsForHeading(103, talks, {"int": [call]}, False))
    ok(agents.List.SetListItemsForHeading(103, talks, {"int": [meeting]}, True))
    assert found(talks) == [met.AppointmentId, later.AppointmentId]
    assert found(_heading(agents, "Not tasks", 152, [call])) == []  # a category heading groups no tasks
    assert found(987654) == []
    refused(agents.List.SetListItemsForHeading(152, talks, {"int": [call]}, True), "heading")
    refused(agents.List.SetListItemsForHeading(103, talks, {"int": [987]}, True), "987")
