"""Contact rows, and deleting a contact with NetServer's cascade."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store.entities import EntityStore, Row, read
from soapsvc.store.person import PERSONS

CONTACTS = EntityStore(m.Contact, "contact", ("name", "department", "orgnr", "number1", "country_id",
                                              "business_id", "category_id", "associate_id"))
_C, _P = CONTACTS.table.c, PERSONS.table.c
WITH_PERSONS = (select(*CONTACTS.selected, *PERSONS.selected)
                .outerjoin(PERSONS.table, (_P.tenant_id == _C.tenant_id) & (_P.contact_id == _C.id))
                .where(_C.tenant_id == bindparam("tid"), _C.id == bindparam("eid")).order_by(_P.id))


def get_with_persons(session: Session, tenant_id: int, contact_id: int) -> tuple[Row, list[Row]] | None:
    """A contact and its persons in one query (what GetContactEntity needs)."""
    rows = read(session, WITH_PERSONS, {"tid": tenant_id, "eid": contact_id})
    if not rows:
        return None
    split = len(CONTACTS.selected)
    return (CONTACTS.from_values(tuple(rows[0][:split])),
            [PERSONS.from_values(tuple(r[split:])) for r in rows if r[split] is not None])


def delete_cascade(session: Session, tenant_id: int, contact_id: int) -> bool:
    """Delete a contact and its persons; sales, appointments and projects keep existing, unlinked."""
    if CONTACTS.delete(session, tenant_id, [contact_id]) == 0:
        return False
    p = m.Person
    person_ids = list(session.scalars(select(p.id).where(p.tenant_id == tenant_id, p.contact_id == contact_id)))
    PERSONS.delete(session, tenant_id, person_ids)
    unlink_persons(session, tenant_id, person_ids)
    for model in (m.Sale, m.Appointment):
        session.execute(update(model).where(model.tenant_id == tenant_id, model.contact_id == contact_id)
                        .values(contact_id=0, person_id=0))
    for model in (m.ProjectMember, m.SelectionMember):
        session.execute(delete(model).where(model.tenant_id == tenant_id, model.contact_id == contact_id))
    return True


def unlink_persons(session: Session, tenant_id: int, person_ids: list[int]) -> None:
    """Clear links to persons that are gone: from sales, appointments, project and selection memberships."""
    if not person_ids:
        return
    for model in (m.Sale, m.Appointment):
        session.execute(update(model).where(model.tenant_id == tenant_id, model.person_id.in_(person_ids))
                        .values(person_id=0))
    for member in (m.ProjectMember, m.SelectionMember):
        session.execute(delete(member).where(member.tenant_id == tenant_id, member.person_id.in_(person_ids)))
