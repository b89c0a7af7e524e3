"""Sale rows, the reads that list a contact's or person's sales, and deleting a sale."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store.entities import EntityStore

SALES = EntityStore(m.Sale, "sale", ("heading", "contact_id", "person_id", "project_id", "appointment_id",
                                     "associate_id", "amount", "saledate", "status", "probability", "sale_type_id"))
# What a sale links to besides contacts and persons: only their ids are needed here (existence, names).
LINKED = {"project": EntityStore(m.Project, "project", ()),
          "appointment": EntityStore(m.Appointment, "appointment", ())}
OPEN = "Open"


def linked_exists(session: Session, tenant_id: int, kind: str, entity_id: int) -> bool:
    """Whether the project or appointment a sale refers to is there, in this tenant."""
    return LINKED[kind].exists(session, tenant_id, entity_id)


def project_names(session: Session, tenant_id: int, ids: list[int]) -> dict[int, str]:
    """{id: name} of these projects (the ProjectName of the light Sale carrier), in one query."""
    p = m.Project
    if not ids:
        return {}
    return dict(session.execute(select(p.id, p.name).where(p.tenant_id == tenant_id, p.id.in_(ids))).all())


def ids_of(session: Session, tenant_id: int, column: str, value: int, only_open: bool) -> list[int]:
    """The sales whose `column` (contact_id, person_id) is `value`, in the order they were added;
    with `only_open`, those whose status is Open. A value of 0 (no contact, no person) lists none."""
    s = m.Sale
    if not value:
        return []
    query = select(s.id).where(s.tenant_id == tenant_id, getattr(s, column) == value)
    if only_open:
        query = query.where(s.status == OPEN)
    return list(session.scalars(query.order_by(s.id)))


def delete_cascade(session: Session, tenant_id: int, sale_id: int) -> bool:
    """Delete a sale; appointments linked to it keep existing, unlinked (sale_id 0)."""
    if SALES.delete(session, tenant_id, [sale_id]) == 0:
        return False
    a = m.Appointment
    session.execute(update(a).where(a.tenant_id == tenant_id, a.sale_id == sale_id).values(sale_id=0))
    return True
