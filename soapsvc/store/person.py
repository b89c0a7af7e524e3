"""Person rows, and deleting a person with NetServer's cascade."""

from __future__ import annotations

from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store.entities import EntityStore

PERSONS = EntityStore(m.Person, "person", ("contact_id", "firstname", "lastname", "email", "country_id",
                                           "associate_id", "rank"))


def delete_cascade(session: Session, tenant_id: int, person_id: int) -> bool:
    """Delete a person; its sales, appointments and project memberships lose the link."""
    from soapsvc.store.contact import unlink_persons

    if PERSONS.delete(session, tenant_id, [person_id]) == 0:
        return False
    unlink_persons(session, tenant_id, [person_id])
    return True
