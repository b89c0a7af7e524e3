"""User-defined fields: their definitions (working and published layouts per owner type) and their values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store.entities import dump, load, next_id, run
from soapsvc.store.list import _ensure_sequence
from soapsvc.store.tenants import bump_reference_version

Value = tuple[str | None, float | None, dt.datetime | None]  # text, number, date
# The records that have user-defined fields, by UDefType's number (udeffield.owner).
OWNERS = {"contact": 7, "person": 8, "project": 9, "sale": 10, "appointment": 12, "document": 13}
# A record's values are read with every entity it belongs to and written with every save: Core statements
# built once (as store.entities), never ORM objects.
_V = m.UdefValue.__table__.c
_RECORD = (_V.tenant_id == bindparam("tid")) & (_V.owner == bindparam("owner")) & (_V.record_id == bindparam("rid"))
VALUES = select(_V.field_id, _V.text, _V.number, _V.date).where(_RECORD)
DELETE_VALUES = delete(m.UdefValue.__table__).where(_RECORD, _V.field_id.in_(bindparam("fields", expanding=True)))
INSERT_VALUES = insert(m.UdefValue.__table__)


@dataclass
class FieldRow:
    id: int
    owner: int
    working: dict[str, Any] | None
    published: dict[str, Any] | None


def _row(r: m.UdefField) -> FieldRow:
    return FieldRow(r.id, r.owner, load(r.working) if r.working else None, load(r.published) if r.published else None)


def fields(session: Session, tenant_id: int, owner: int | None = None) -> list[FieldRow]:
    """The fields of an owner type (all when None), in the order they were made."""
    f = m.UdefField
    query = select(f).where(f.tenant_id == tenant_id)
    if owner is not None:
        query = query.where(f.owner == owner)
    return [_row(r) for r in session.scalars(query.order_by(f.id))]


def field(session: Session, tenant_id: int, field_id: int) -> FieldRow | None:
    found = session.get(m.UdefField, {"tenant_id": tenant_id, "id": field_id})
    return _row(found) if found else None


def new_ids(session: Session, tenant_id: int, owner: int) -> tuple[int, int]:
    """A new field's id (per tenant) and identity (per owner type: SuperOffice:<identity>), never reused."""
    for name in ("udeffield", f"udefidentity{owner}"):
        _ensure_sequence(session, tenant_id, name, 1)
    return next_id(session, tenant_id, "udeffield"), next_id(session, tenant_id, f"udefidentity{owner}")


def put(session: Session, tenant_id: int, field_id: int, owner: int, working: dict[str, Any] | None) -> None:
    """Write a field's working definition (None: deleted in the working layout)."""
    found = session.get(m.UdefField, {"tenant_id": tenant_id, "id": field_id})
    text = dump(working) if working is not None else None
    if found is None:
        session.add(m.UdefField(tenant_id=tenant_id, id=field_id, owner=owner, working=text, published=None))
    else:
        found.working = text
    session.flush()


def remove(session: Session, tenant_id: int, field_ids: list[int], value_owner: str) -> None:
    """Delete fields and every record's value of them."""
    if field_ids:
        f, v = m.UdefField, m.UdefValue
        session.execute(delete(f).where(f.tenant_id == tenant_id, f.id.in_(field_ids)))
        session.execute(delete(v).where(v.tenant_id == tenant_id, v.owner == value_owner, v.field_id.in_(field_ids)))


def _layout(session: Session, tenant_id: int, owner: int) -> m.UdefLayout:
    found = session.get(m.UdefLayout, {"tenant_id": tenant_id, "owner": owner})
    if found is None:
        found = m.UdefLayout(tenant_id=tenant_id, owner=owner, version=0, publishing=False)
        session.add(found)
        session.flush()
    return found


def publish(session: Session, tenant_id: int, owner: int, value_owner: str) -> int:
    """The working layout becomes the published one (fields deleted there go, with their values); the
    layout's new version, and its publish event ends."""
    gone = []
    for row in fields(session, tenant_id, owner):
        if row.working is None:
            gone.append(row.id)
        elif row.working != row.published:
            f = m.UdefField
            session.execute(update(f).where(f.tenant_id == tenant_id, f.id == row.id)
                            .values(published=dump(row.working)))
    remove(session, tenant_id, gone, value_owner)
    layout = _layout(session, tenant_id, owner)
    layout.version, layout.publishing = layout.version + 1, False
    bump_reference_version(session, tenant_id)  # sessions hold the published fields by this version
    return layout.version


def revert(session: Session, tenant_id: int, owner: int) -> None:
    """The working layout becomes the published one again (fields never published go)."""
    rows = fields(session, tenant_id, owner)
    f = m.UdefField
    session.execute(delete(f).where(f.tenant_id == tenant_id, f.owner == owner, f.published.is_(None)))
    for row in rows:
        if row.published is not None and row.working != row.published:
            session.execute(update(f).where(f.tenant_id == tenant_id, f.id == row.id).values(working=f.published))


def set_publishing(session: Session, tenant_id: int, owner: int, active: bool) -> None:
    _layout(session, tenant_id, owner).publishing = active


def publishing(session: Session, tenant_id: int, owner: int | None = None) -> bool:
    """Whether a publish event is running for the owner type (for any when None)."""
    u = m.UdefLayout
    query = select(u.owner).where(u.tenant_id == tenant_id, u.publishing.is_(True))
    if owner is not None:
        query = query.where(u.owner == owner)
    return session.scalar(query.limit(1)) is not None


def version(session: Session, tenant_id: int, owner: int) -> int:
    found = session.get(m.UdefLayout, {"tenant_id": tenant_id, "owner": owner})
    return found.version if found else 0


def values(session: Session, tenant_id: int, owner: str, record_id: int) -> dict[int, Value]:
    """A record's stored values, by field id."""
    rows = run(session, VALUES, {"tid": tenant_id, "owner": owner, "rid": record_id})
    return {field_id: (text, number, date) for field_id, text, number, date in rows}


def put_values(session: Session, tenant_id: int, owner: str, record_id: int, found: dict[int, Value]) -> None:
    """Replace a record's values of these fields (the others stay as they are)."""
    if not found:
        return
    run(session, DELETE_VALUES, {"tid": tenant_id, "owner": owner, "rid": record_id, "fields": list(found)})
    run(session, INSERT_VALUES, [{"tenant_id": tenant_id, "owner": owner, "record_id": record_id, "field_id": fid,
                                  "text": text, "number": num, "date": date}
                                 for fid, (text, num, date) in found.items()])
