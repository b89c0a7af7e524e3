"""Appointment rows, the reads that list them by contact, person or project, and deleting one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store.entities import EntityStore

APPOINTMENTS = EntityStore(m.Appointment, "appointment", ("title", "contact_id", "person_id", "project_id",
                                                          "sale_id", "associate_id", "start", "end", "task_id",
                                                          "completed"))
# The entities an appointment links to that have no store of the Appointment agent's own: their id and name.
LINKED = {"project": (m.Project, m.Project.name), "sale": (m.Sale, m.Sale.heading)}


def linked_exists(session: Session, tenant_id: int, kind: str, entity_id: int) -> bool:
    """Whether the project or sale an appointment refers to is there, in this tenant."""
    model, _ = LINKED[kind]
    return session.scalar(select(model.id).where(model.tenant_id == tenant_id, model.id == entity_id)) is not None


def linked_names(session: Session, tenant_id: int, kind: str, ids: list[int]) -> dict[int, str]:
    """{id: name} of projects (their name) or sales (their heading), for the light Appointment carrier."""
    model, name = LINKED[kind]
    if not ids:
        return {}
    return dict(session.execute(select(model.id, name).where(model.tenant_id == tenant_id, model.id.in_(ids))).all())


def ids_linked(session: Session, tenant_id: int, links: dict[str, list[int]], start: dt.datetime | None,
               end: dt.datetime | None, task_ids: list[int] | None = None) -> list[int]:
    """Appointments linked by any of `links` ({column: ids}), starting within [start, end] (None: open),
    of one of `task_ids` (None: any task); by start time, then id.

    Times must be UTC: SQLite compares them as text.
    """
    a = m.Appointment
    linked = [getattr(a, column).in_(ids) for column, ids in links.items() if ids]
    if not linked:
        return []
    query = select(a.id).where(a.tenant_id == tenant_id, or_(*linked))
    if start is not None:
        query = query.where(a.start >= start)
    if end is not None:
        query = query.where(a.start <= end)
    if task_ids is not None:
        query = query.where(a.task_id.in_(task_ids))
    return list(session.scalars(query.order_by(a.start, a.id)))


def delete_cascade(session: Session, tenant_id: int, appointment_id: int) -> bool:
    """Delete an appointment; sales that named it as their appointment keep existing, unlinked."""
    if APPOINTMENTS.delete(session, tenant_id, [appointment_id]) == 0:
        return False
    s = m.Sale
    session.execute(update(s).where(s.tenant_id == tenant_id, s.appointment_id == appointment_id)
                    .values(appointment_id=0))
    return True
