"""Headings: the items of a list that a heading groups, and the reads of entities by heading.

Implemented (hand-written: a heading's items are links the contract has no carrier for):
List.SetListItemsForHeading (adds, or with Enable false removes, items of the heading's list); the
navigations Appointment.GetAppointmentsByTaskHeading (the appointments whose task is an item of the task
heading, by start time) and Document.GetDocumentsByTemplateHeading (the documents whose template is an item of
the template heading, by id), read as the families' own GetAppointmentList and GetDocumentList read them.
Rules: the heading (a HeadingEntity, stored by the entity kit) must exist and belong to the list named; an item
of a cached list must be in it. A task heading is a heading of the task list (103): any other heading groups no
tasks. Known differences from NetServer: document templates have no list definition here, so a template
heading's list is not checked.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents import behaviour_of, implements, kit, kit_fields
from soapsvc.call import Call
from soapsvc.errors import ValidationError
from soapsvc.store import kit as docs
from soapsvc.store.appointment import APPOINTMENTS
from soapsvc.store.list import BUILTIN

LINKS = "HeadingItems"  # the kit documents that keep a heading's item ids
TASK_LIST = next(d.id for d in BUILTIN if d.source == "task")


def items_of(call: Call, heading_id: int) -> list[int]:
    return (docs.get(call.db, call.tenant_id, LINKS, heading_id) or {}).get("ItemIds", [])


@implements("List", "SetListItemsForHeading")
def set_list_items_for_heading(call: Call, list_id: int | None, heading_id: int | None, ids: list[int] | None,
                               enable: bool | None) -> None:
    heading = kit.read(call, "HeadingEntity", heading_id or 0)
    if heading is None or heading.UdListDefinitionId != (list_id or 0):
        raise ValidationError(f"There is no heading {heading_id or 0} of list {list_id or 0} in this tenant.",
                              field="HeadingId", value=str(heading_id or 0))
    source = next((d.source for d in BUILTIN if d.id == list_id), None)
    known = {i.id for i in call.session.reference.lists.get(source, ())} if source else None
    wanted = list(ids or [])
    missing = [i for i in wanted if known is not None and i not in known]
    if missing:
        raise ValidationError(f"List {list_id} has no item {missing[0]}.", field="ListItemIds", value=str(missing[0]))
    current = items_of(call, heading.HeadingId)
    kept = [*current, *(i for i in wanted if i not in current)] if enable else [i for i in current if i not in wanted]
    docs.put(call.db, call.tenant_id, LINKS, heading.HeadingId, {"ItemIds": kept})


def _heading_items(call: Call, heading_id: int | None, list_id: int | None = None) -> list[int]:
    heading = kit.read(call, "HeadingEntity", heading_id or 0)
    if heading is None or (list_id is not None and heading.UdListDefinitionId != list_id):
        return []
    return items_of(call, heading.HeadingId)


@implements("Appointment", "GetAppointmentsByTaskHeading", replayable=True)
def get_appointments_by_task_heading(call: Call, heading_id: int | None) -> list[Any]:
    ids = sorted({i for task in _heading_items(call, heading_id, TASK_LIST)
                  for i in APPOINTMENTS.ids_where(call.db, call.tenant_id, "task_id", task)})
    found = behaviour_of("Appointment", "GetAppointmentList")(call, ids) if ids else []
    return sorted(found, key=lambda a: (a.StartDate, a.AppointmentId))


@implements("Document", "GetDocumentsByTemplateHeading", replayable=True)
def get_documents_by_template_heading(call: Call, heading_id: int | None) -> list[Any]:
    templates = set(_heading_items(call, heading_id))
    ref = kit_fields.plan("DocumentEntity", "DocumentId").ref("DocumentTemplate")
    assert ref is not None
    ids = [i for i, doc in docs.all_of(call.db, call.tenant_id, "DocumentEntity")
           if (doc.get(ref.field) or {}).get(ref.target_id, 0) in templates]
    return behaviour_of("Document", "GetDocumentList")(call, ids) if ids else []
