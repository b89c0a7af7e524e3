"""Selection rows, their criteria (JSON), their static members (SelectionMember rows) and Find working sets."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store.entities import EntityStore, next_id
from soapsvc.store.kit import FIRST_ID

SELECTIONS = EntityStore(m.Selection, "selection", ("name", "selection_type", "associate_id", "find_entity",
                                                    "members_changed", "members_changed_by"))
Member = tuple[int, int, int]  # member id, contact id, person id


def first_ids(session: Session, tenant_id: int) -> None:
    """Sequence rows for the selection tables (a tenant seeded before they existed has none)."""
    for name in ("selection", "selectionmember"):
        session.execute(FIRST_ID, {"tenant_id": tenant_id, "name": name})


def criteria(session: Session, tenant_id: int, selection_id: int) -> list[dict[str, Any]]:
    s = m.Selection
    text = session.scalar(select(s.criteria).where(s.tenant_id == tenant_id, s.id == selection_id))
    return json.loads(text or "[]")


def set_criteria(session: Session, tenant_id: int, selection_id: int, groups: list[dict[str, Any]]) -> None:
    s = m.Selection
    session.execute(update(s).where(s.tenant_id == tenant_id, s.id == selection_id)
                    .values(criteria=json.dumps(groups, separators=(",", ":"))))


def working_set(session: Session, tenant_id: int, associate_id: int, entity: str) -> int | None:
    """The id of a user's Find selection of an entity, if it has one."""
    s = m.Selection
    return session.scalar(select(s.id).where(s.tenant_id == tenant_id, s.associate_id == associate_id,
                                             s.find_entity == entity).order_by(s.id).limit(1))


def members(session: Session, tenant_id: int, selection_id: int) -> list[Member]:
    """A static selection's members, in the order they were added."""
    sm = m.SelectionMember
    rows = session.execute(select(sm.id, sm.contact_id, sm.person_id)
                           .where(sm.tenant_id == tenant_id, sm.selection_id == selection_id).order_by(sm.id))
    return [(i, c, p) for i, c, p in rows]


def member_count(session: Session, tenant_id: int, selection_id: int) -> int:
    sm = m.SelectionMember
    return session.scalar(select(func.count()).select_from(sm)
                          .where(sm.tenant_id == tenant_id, sm.selection_id == selection_id)) or 0


def _touch(session: Session, tenant_id: int, selection_id: int, now: dt.datetime, by: int) -> None:
    s = m.Selection
    session.execute(update(s).where(s.tenant_id == tenant_id, s.id == selection_id)
                    .values(members_changed=now, members_changed_by=by))


def add_members(session: Session, tenant_id: int, selection_id: int, pairs: list[tuple[int, int]],
                now: dt.datetime, by: int) -> int:
    """Add (contact, person) pairs that are not members yet; returns how many were added."""
    first_ids(session, tenant_id)
    have = {(c, p) for _i, c, p in members(session, tenant_id, selection_id)}
    added = 0
    for contact_id, person_id in dict.fromkeys(pairs):
        if (contact_id, person_id) not in have:
            session.add(m.SelectionMember(tenant_id=tenant_id, id=next_id(session, tenant_id, "selectionmember"),
                                          selection_id=selection_id, contact_id=contact_id, person_id=person_id))
            added += 1
    session.flush()
    _touch(session, tenant_id, selection_id, now, by)
    return added


def remove_members(session: Session, tenant_id: int, selection_id: int, member_ids: list[int],
                   now: dt.datetime, by: int) -> int:
    sm = m.SelectionMember
    done = session.execute(delete(sm).where(sm.tenant_id == tenant_id, sm.selection_id == selection_id,
                                            sm.id.in_(member_ids))).rowcount if member_ids else 0
    _touch(session, tenant_id, selection_id, now, by)
    return done


def delete_selection(session: Session, tenant_id: int, selection_id: int) -> bool:
    """Delete a selection and its members."""
    if SELECTIONS.delete(session, tenant_id, [selection_id]) == 0:
        return False
    sm = m.SelectionMember
    session.execute(delete(sm).where(sm.tenant_id == tenant_id, sm.selection_id == selection_id))
    return True

