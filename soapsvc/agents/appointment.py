"""Appointment: diary appointments and tasks, linked to a contact, person, project and sale.

Implemented: CreateDefaultAppointmentEntity, CreateDefaultAppointmentEntityByType, SaveAppointmentEntity,
GetAppointmentEntity, GetAppointment, GetAppointmentList, DeleteAppointmentEntity (task list items:
`list_entities`), and the reads by contact, person or project: Get{Contact,Person,Project}Appointments and
their ByType, ByTask and ByTasks variants.
Behaviour: a new appointment starts at the next whole hour (UTC) and lasts one hour, is inDiary and
NotStarted, owned by the user, with the first task type and no priority. Saving needs a StartDate (EndDate
defaults to it, and may not be before it); the contact, person, project, sale, task, priority and owner
referred to must exist in this tenant, and a person must belong to the contact (a person sent without a
contact brings its own). An owner of 0 is the user. The list reads return appointments starting within
[StartTime, EndTime] (MinValue or nil: open), by start time, at most Count (0: all); IncludeProjectAppointments
adds those of the projects the person is a member of. Deleting unlinks the sales that named the appointment.
Known differences from NetServer: recurrence, participants and invitations, bookings (BookingFor* types,
IsBooking), alarms, video meetings and publishing are not emulated: those fields are kept as sent and read
back, nothing acts on them (no recurring instances, no invitations to participants, IsRecurrence and
IsBooking false). Task list items have no task type or direction of their own (Type Appointment, Direction
Unknown); task headings: `headings`. ActiveDate is the StartDate. No table/field rights. Unknown ids
read as a nil carrier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from soapsvc import clock
from soapsvc.agents import carriers as c
from soapsvc.agents import implements, kit, kit_hooks, saving, shared
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.session import SessionEntry
from soapsvc.store import appointment as store
from soapsvc.store.appointment import APPOINTMENTS
from soapsvc.store.contact import CONTACTS
from soapsvc.store.entities import Row
from soapsvc.store.person import PERSONS
from soapsvc.store.reference import UserItem

COLUMN_FIELDS = {"AppointmentId", "Title", "StartDate", "EndDate", "ActiveDate", "Contact", "Person", "Project",
                 "Sale", "Associate", "Task", "Priority", "Completed", "CreatedDate", "UpdatedDate", "CreatedBy",
                 "UpdatedBy", "TableRight", "FieldProperties"}
PRIORITY = "PriorityId"  # the document keeps the priority's id; its carrier is read from the list
UNSET_STATUS = (None, "Unknown")


def _blank() -> dict[str, Any]:
    """What NetServer answers for the fields an appointment has no value of its own for (beyond `c.blanks`)."""
    return {
        **c.blanks(t.AppointmentEntity), "Type": "inDiary", "AssignmentStatus": "None",
        "InvitationStatus": "None", "BookingType": "None", **c.empty_field_dictionaries(),
    }


def _kept(row: Row) -> dict[str, Any]:
    """The fields without a column, as the client sent them, blanks filled in."""
    return {**_blank(), **c.from_doc(t.AppointmentEntity, row.doc)}


def _full_name(user: UserItem | None) -> str:
    return f"{user.firstname} {user.lastname}".strip() if user else ""


# --- the carriers an appointment embeds ---

def _task(s: SessionEntry, task_id: int) -> t.TaskListItem | None:
    item = c.list_item(s, "task", task_id)
    if item is None:
        return None
    return t.TaskListItem(
        TaskListItemId=item.id, Value=item.name, Direction="Unknown", Type="Appointment", Tooltip=item.tooltip,
        Deleted=item.deleted, IntentId=0, Rank=item.rank, IsDefaultAlldayEvent=False, IsDefaultFree=False,
        IsDefaultPublished=False, ColorIndex="LightBlue", DefaultVideomeetingStatus="NoChange",
    )


def _priority(s: SessionEntry, priority_id: int) -> t.Priority | None:
    item = c.list_item(s, "priority", priority_id)
    return t.Priority(Id=item.id, Value=item.name, Tooltip=item.tooltip) if item else None


def _contact(call: Call, contact_id: int) -> t.Contact | None:
    row = CONTACTS.get(call.db, call.tenant_id, contact_id) if contact_id else None
    return shared.contact_light(call, row) if row else None


def _person(call: Call, person_id: int) -> t.Person | None:
    row = PERSONS.get(call.db, call.tenant_id, person_id) if person_id else None
    if row is None:
        return None
    return shared.person_light(call, row, CONTACTS.get(call.db, call.tenant_id, row.values["contact_id"]))


def _linked(call: Call, kind: str, entity_id: int) -> Any:
    """The light Project or Sale carrier, as its own agent reads it."""
    return kit.read(call, kind.capitalize(), entity_id)


# --- reading ---

def entity(call: Call, row: Row) -> t.AppointmentEntity:
    """An AppointmentEntity as GetAppointmentEntity reads it."""
    v, s = row.values, call.session
    start = c.utc(v["start"])
    return c.carrier(
        t.AppointmentEntity, _kept(row),
        AppointmentId=row.id, Title=v["title"], StartDate=start, EndDate=c.utc(v["end"]),
        ActiveDate=start, Contact=_contact(call, v["contact_id"]), Person=_person(call, v["person_id"]),
        Project=_linked(call, "project", v["project_id"]), Sale=_linked(call, "sale", v["sale_id"]),
        Associate=c.associate(s, v["associate_id"]), Task=_task(s, v["task_id"]),
        Priority=_priority(s, row.doc.get(PRIORITY, 0)), Completed=v["completed"],
        CreatedDate=c.utc(v["created"]), UpdatedDate=c.utc(v["updated"]) or c.MIN_DATE,
        CreatedBy=c.associate(s, v["created_by"]), UpdatedBy=c.associate(s, v["updated_by"]),
    )


def _names_of(call: Call, rows: list[Row]) -> dict[str, dict[int, str]]:
    """The names the light carriers show, of every contact, person, project and sale `rows` link to."""
    def ids(column: str) -> list[int]:
        return sorted({r.values[column] for r in rows if r.values[column]})

    db, tid = call.db, call.tenant_id
    persons = PERSONS.get_many(db, tid, ids("person_id"))
    return {
        "contact": {r.id: r.values["name"] for r in CONTACTS.get_many(db, tid, ids("contact_id"))},
        "person": {r.id: shared.names(r.values["firstname"], r.doc.get("MiddleName", ""), r.values["lastname"])[0]
                   for r in persons},
        **{kind: store.linked_names(db, tid, kind, ids(f"{kind}_id")) for kind in store.LINKED},
    }


def light(call: Call, row: Row, names: dict[str, dict[int, str]]) -> t.Appointment:
    """The lighter Appointment carrier (GetAppointment, lists, and the Appointment inside sales)."""
    v, k, s = row.values, _kept(row), call.session
    start, ref = c.utc(v["start"]), s.reference
    user, creator = ref.associate(v["associate_id"]), ref.associate(v["created_by"])
    task, priority = c.list_item(s, "task", v["task_id"]), c.list_item(s, "priority", row.doc.get(PRIORITY, 0))
    assigned = getattr(k.get("AssignedBy"), "AssociateId", 0) or 0
    return t.Appointment(
        AppointmentId=row.id, StartDate=start, EndDate=c.utc(v["end"]), Type=k["Type"], Task=task.name if task else "",
        AssociateFullName=_full_name(user), ContactName=names["contact"].get(v["contact_id"], ""),
        Description=k["Description"], PersonFullName=names["person"].get(v["person_id"], ""),
        PersonId=v["person_id"], ContactId=v["contact_id"], ProjectId=v["project_id"],
        ProjectName=names["project"].get(v["project_id"], ""), IsPublished=k["IsPublished"],
        AssociateId=v["associate_id"], ColorIndex=k["ColorIndex"], IsFree=k["IsFree"], HasAlarm=k["HasAlarm"],
        IsAlldayEvent=k["IsAlldayEvent"], Private=k["Private"], PriorityId=priority.id if priority else 0,
        PriorityName=priority.name if priority else "", TaskType="Appointment", IsBookingMain=False,
        IsRecurrence=False, IsBooking=False, ActiveDate=start, AssignmentStatus=k["AssignmentStatus"],
        InvitationStatus=k["InvitationStatus"], BookingType=k["BookingType"], Completed=v["completed"],
        RecurringPattern="Unknown", RecurringStartDate=c.MIN_DATE, RecurringEndDate=c.MIN_DATE,
        MotherId=k["MotherId"], AssignedBy=assigned, AssignedByFullName=_full_name(ref.associate(assigned)),
        RejectReason=k["RejectReason"], Location=k["Location"], AlarmLeadTime=k["AlarmLeadTime"],
        SaleId=v["sale_id"], SaleName=names["sale"].get(v["sale_id"], ""), AssociateName=user.name if user else "",
        CreatedDate=c.utc(v["created"]), CreatedBy=creator.name if creator else "",
        CreatedByFullName=_full_name(creator), CreatedByAssociateId=v["created_by"],
        CautionWarning=k["CautionWarning"], OwnedExternally=k["OwnedExternally"],
        MotherAssociateId=getattr(k.get("MotherAssociate"), "AssociateId", 0) or 0,
        JoinVideomeetUrl=k["JoinVideomeetUrl"], PreferredTZLocation=k["PreferredTZLocation"], Title=v["title"],
        Agenda=k["Agenda"], InternalNotes=k["InternalNotes"], TaskId=v["task_id"],
    )


def lights(call: Call, rows: list[Row]) -> list[t.Appointment]:
    names = _names_of(call, rows)
    return [light(call, r, names) for r in rows]


# --- writing ---

def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """A time a client sent, in UTC (stored so: SQLite compares times as text); None for none or MinValue."""
    if value is None or value.year <= 1:
        return None
    return c.utc(value).astimezone(dt.UTC)


def _period(e: t.AppointmentEntity) -> tuple[dt.datetime, dt.datetime]:
    start, end = _utc(e.StartDate), _utc(e.EndDate)
    if start is None:
        raise ValidationError("AppointmentEntity.StartDate is required: an appointment needs a start time.",
                              field="StartDate")
    end = end or start
    if end < start:
        raise ValidationError(f"EndDate {end:%Y-%m-%d %H:%M} is before StartDate {start:%Y-%m-%d %H:%M} (UTC): an "
                              "appointment cannot end before it starts.", field="EndDate", value=end.isoformat())
    return start, end


def _linked_id(call: Call, kind: str, label: str, entity_id: int | None) -> int:
    entity_id = entity_id or 0
    if entity_id and not store.linked_exists(call.db, call.tenant_id, kind, entity_id):
        raise ValidationError(f"{label} {entity_id} does not exist in this tenant.", field=label,
                              value=str(entity_id))
    return entity_id


def _values(call: Call, e: t.AppointmentEntity) -> dict[str, Any]:
    start, end = _period(e)
    contact_id, person_id = shared.contact_and_person(call, e, "an appointment")
    return {
        "title": (e.Title or "").strip(), "start": start, "end": end, "contact_id": contact_id,
        "person_id": person_id, "project_id": _linked_id(call, "project", "Project", e.Project and e.Project.ProjectId),
        "sale_id": _linked_id(call, "sale", "Sale", e.Sale and e.Sale.SaleId),
        "associate_id": shared.associate_id(call, e.Associate, "Associate") or call.session.principal.associate_id,
        "task_id": shared.list_id(call, "task", "Task", e.Task and e.Task.TaskListItemId),
        "completed": "NotStarted" if e.Completed in UNSET_STATUS else e.Completed,
    }


def _doc(call: Call, e: t.AppointmentEntity) -> dict[str, Any]:
    doc = c.to_doc(e, COLUMN_FIELDS)
    doc[PRIORITY] = shared.list_id(call, "priority", "Priority", e.Priority and e.Priority.Id)
    if e.Type in UNSET_STATUS:
        doc["Type"] = "inDiary"
    return doc


# --- operations ---

@implements("Appointment", "CreateDefaultAppointmentEntity")
def create_default(call: Call, kind: str | None = None) -> t.AppointmentEntity:
    """A new, unsaved appointment: the user's, from the next whole hour for one hour, the first task type."""
    s = call.session
    me, now = c.associate(s, s.principal.associate_id), clock.now()
    start = (now + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    first_task = (s.reference.lists.get("task") or (None,))[0]
    return c.carrier(
        t.AppointmentEntity, _blank(), {"Type": "inDiary" if kind in UNSET_STATUS else kind}, AppointmentId=0, Title="",
        StartDate=start, EndDate=start + dt.timedelta(hours=1), ActiveDate=start, Associate=me, CreatedBy=me,
        UpdatedBy=None, CreatedDate=now, UpdatedDate=c.MIN_DATE, Completed="NotStarted",
        Task=_task(s, first_task.id if first_task else 0), Priority=None, Contact=None, Person=None, Project=None,
        Sale=None,
    )


@implements("Appointment", "CreateDefaultAppointmentEntityByType")
def create_default_by_type(call: Call, kind: str | None) -> t.AppointmentEntity:
    return create_default(call, kind)


def _write(call: Call, e: t.AppointmentEntity) -> int:
    """Insert (AppointmentId 0) or update, stamped from the clock and the user; nothing is written if invalid."""
    values, doc = _values(call, e), _doc(call, e)
    kit.check(call, "AppointmentEntity", e)
    return saving.save(call, APPOINTMENTS, e.AppointmentId, values, doc)


def get_entity(call: Call, appointment_id: int) -> t.AppointmentEntity | None:
    row = APPOINTMENTS.get(call.db, call.tenant_id, appointment_id)
    return entity(call, row) if row else None


def _lights(call: Call, ids: list[int]) -> list[t.Appointment]:
    return lights(call, APPOINTMENTS.get_many(call.db, call.tenant_id, ids))


# Deleting an appointment unlinks the sales that named it; one that is not there changes nothing.
kit_hooks.family("AppointmentEntity", get_entity, _lights, _write,
                 lambda call, appointment_id: store.delete_cascade(call.db, call.tenant_id, appointment_id))


# --- the reads by contact, person or project ---

def _listed(call: Call, links: dict[str, list[int]], start: dt.datetime | None, end: dt.datetime | None,
            count: int | None, kind: str | None = None, task_ids: list[int] | None = None) -> list[t.Appointment]:
    """The linked appointments starting within [start, end], of a type and tasks when asked, at most `count`."""
    db, tid = call.db, call.tenant_id
    rows = APPOINTMENTS.get_many(db, tid, store.ids_linked(db, tid, links, _utc(start), _utc(end), task_ids))
    if kind not in UNSET_STATUS:
        rows = [r for r in rows if r.doc.get("Type", "inDiary") == kind]
    return lights(call, rows[:count] if count and count > 0 else rows)


def _of_person(call: Call, person_id: int | None, with_projects: bool | None) -> dict[str, list[int]]:
    from soapsvc.store.project import project_ids_of_persons

    person_id = person_id or 0
    projects = project_ids_of_persons(call.db, call.tenant_id, [person_id]) if with_projects and person_id else []
    return {"person_id": [person_id] if person_id else [], "project_id": projects}


def _of(column: str, entity_id: int | None) -> dict[str, list[int]]:
    return {column: [entity_id] if entity_id else []}


@implements("Appointment", "GetContactAppointments", replayable=True)
def get_contact_appointments(call: Call, contact_id: int | None, start: dt.datetime | None,
                             end: dt.datetime | None, count: int | None) -> list[t.Appointment]:
    return _listed(call, _of("contact_id", contact_id), start, end, count)


@implements("Appointment", "GetContactAppointmentsByType", replayable=True)
def get_contact_appointments_by_type(call: Call, contact_id: int | None, start: dt.datetime | None,
                                     end: dt.datetime | None, count: int | None, kind: str | None
                                     ) -> list[t.Appointment]:
    return _listed(call, _of("contact_id", contact_id), start, end, count, kind=kind)


@implements("Appointment", "GetContactAppointmentsByTask", replayable=True)
def get_contact_appointments_by_task(call: Call, contact_id: int | None, start: dt.datetime | None,
                                     end: dt.datetime | None, count: int | None, task_id: int | None
                                     ) -> list[t.Appointment]:
    return _listed(call, _of("contact_id", contact_id), start, end, count, task_ids=[task_id or 0])


@implements("Appointment", "GetContactAppointmentsByTasks", replayable=True)
def get_contact_appointments_by_tasks(call: Call, contact_id: int | None, start: dt.datetime | None,
                                      end: dt.datetime | None, count: int | None, task_ids: list[int] | None
                                      ) -> list[t.Appointment]:
    return _listed(call, _of("contact_id", contact_id), start, end, count, task_ids=list(task_ids or []))


@implements("Appointment", "GetPersonAppointments", replayable=True)
def get_person_appointments(call: Call, person_id: int | None, with_projects: bool | None,
                            start: dt.datetime | None, end: dt.datetime | None, count: int | None
                            ) -> list[t.Appointment]:
    return _listed(call, _of_person(call, person_id, with_projects), start, end, count)


@implements("Appointment", "GetPersonAppointmentsByType", replayable=True)
def get_person_appointments_by_type(call: Call, person_id: int | None, with_projects: bool | None,
                                    start: dt.datetime | None, end: dt.datetime | None, count: int | None,
                                    kind: str | None) -> list[t.Appointment]:
    return _listed(call, _of_person(call, person_id, with_projects), start, end, count, kind=kind)


@implements("Appointment", "GetPersonAppointmentsByTask", replayable=True)
def get_person_appointments_by_task(call: Call, person_id: int | None, with_projects: bool | None,
                                    start: dt.datetime | None, end: dt.datetime | None, count: int | None,
                                    task_id: int | None) -> list[t.Appointment]:
    return _listed(call, _of_person(call, person_id, with_projects), start, end, count, task_ids=[task_id or 0])


@implements("Appointment", "GetPersonAppointmentsByTasks", replayable=True)
def get_person_appointments_by_tasks(call: Call, person_id: int | None, with_projects: bool | None,
                                     start: dt.datetime | None, end: dt.datetime | None, count: int | None,
                                     task_ids: list[int] | None) -> list[t.Appointment]:
    links = _of_person(call, person_id, with_projects)
    return _listed(call, links, start, end, count, task_ids=list(task_ids or []))


@implements("Appointment", "GetProjectAppointments", replayable=True)
def get_project_appointments(call: Call, project_id: int | None, start: dt.datetime | None,
                             end: dt.datetime | None, count: int | None) -> list[t.Appointment]:
    return _listed(call, _of("project_id", project_id), start, end, count)


@implements("Appointment", "GetProjectAppointmentsByType", replayable=True)
def get_project_appointments_by_type(call: Call, project_id: int | None, start: dt.datetime | None,
                                     end: dt.datetime | None, count: int | None, kind: str | None
                                     ) -> list[t.Appointment]:
    return _listed(call, _of("project_id", project_id), start, end, count, kind=kind)


@implements("Appointment", "GetProjectAppointmentsByTask", replayable=True)
def get_project_appointments_by_task(call: Call, project_id: int | None, start: dt.datetime | None,
                                     end: dt.datetime | None, count: int | None, task_id: int | None
                                     ) -> list[t.Appointment]:
    return _listed(call, _of("project_id", project_id), start, end, count, task_ids=[task_id or 0])


@implements("Appointment", "GetProjectAppointmentsByTasks", replayable=True)
def get_project_appointments_by_tasks(call: Call, project_id: int | None, start: dt.datetime | None,
                                      end: dt.datetime | None, count: int | None, task_ids: list[int] | None
                                      ) -> list[t.Appointment]:
    return _listed(call, _of("project_id", project_id), start, end, count, task_ids=list(task_ids or []))
