"""Storage every entity shares: per-tenant ids, the document column, and phone/e-mail/URL rows."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store import webhooks

Rows = list[tuple[str, str, str]]  # value, stripped value, description
# The document keeps a copy of the phones/e-mails/URLs, so that reading an entity is one query; the
# element rows are what searches use. Both are written together, in the same statement order.
ELEMENTS_KEY = "_elements"


def next_id(session: Session, tenant_id: int, name: str) -> int:
    """The next id of a table in a tenant: one atomic statement, safe with several workers."""
    seq = m.Sequence
    return session.execute(
        update(seq).where(seq.tenant_id == tenant_id, seq.name == name)
        .values(next_id=seq.next_id + 1).returning(seq.next_id)
    ).scalar_one() - 1


def dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, separators=(",", ":"), sort_keys=True)


def load(text: str | None) -> dict[str, Any]:
    return json.loads(text or "{}")


def replace_elements(session: Session, tenant_id: int, owner: str, owner_id: int, fields: dict[str, Rows]) -> None:
    """Make an entity's phone/e-mail/URL rows exactly `fields` (run after the entity row is locked)."""
    e = m.Element
    session.execute(delete(e).where(e.tenant_id == tenant_id, e.owner == owner, e.owner_id == owner_id))
    session.add_all(
        e(tenant_id=tenant_id, owner=owner, owner_id=owner_id, field=field, rank=rank, value=v, stripped=s,
          description=d)
        for field, rows in fields.items() for rank, (v, s, d) in enumerate(rows, 1)
    )


def elements(session: Session, tenant_id: int, owner: str, owner_ids: list[int]) -> dict[int, dict[str, Rows]]:
    """Phone/e-mail/URL rows of several entities: {owner_id: {field: rows in order}}."""
    e = m.Element
    found: dict[int, dict[str, Rows]] = defaultdict(lambda: defaultdict(list))
    if not owner_ids:
        return found
    rows = session.scalars(select(e).where(e.tenant_id == tenant_id, e.owner == owner, e.owner_id.in_(owner_ids))
                           .order_by(e.owner_id, e.field, e.rank))
    for row in rows:
        found[row.owner_id][row.field].append((row.value, row.stripped, row.description))
    return found


def delete_elements(session: Session, tenant_id: int, owner: str, owner_ids: list[int]) -> None:
    e = m.Element
    if owner_ids:
        session.execute(delete(e).where(e.tenant_id == tenant_id, e.owner == owner, e.owner_id.in_(owner_ids)))


@dataclass
class Row:
    """An entity as storage hands it to behaviour: its columns, its document, its phones/e-mails/URLs."""

    id: int
    values: dict[str, Any]
    doc: dict[str, Any]
    elements: dict[str, Rows]


class EntityStore:
    """Reads and writes of one entity table (Contact, Person, Sale ...): the same for every entity."""

    def __init__(self, model: type[m.Stamped], owner: str, columns: tuple[str, ...]) -> None:
        self.model, self.owner = model, owner
        self.columns = (*columns, "created", "updated", "created_by", "updated_by")

    def row(self, record: m.Stamped) -> Row:
        """A Row from a fetched record; its phones/e-mails come from the document's copy of them."""
        doc = load(record.doc)
        parts = {field: [tuple(r) for r in rows] for field, rows in doc.pop(ELEMENTS_KEY, {}).items()}
        return Row(record.id, {k: getattr(record, k) for k in self.columns}, doc, parts)

    def get_many(self, session: Session, tenant_id: int, ids: list[int]) -> list[Row]:
        """The rows with these ids, in the order asked (one query); ids that are not there are left out."""
        model = self.model
        found = {r.id: r for r in session.scalars(select(model).where(model.tenant_id == tenant_id,
                                                                      model.id.in_(ids)))}
        return [self.row(found[i]) for i in ids if i in found]

    def get(self, session: Session, tenant_id: int, entity_id: int) -> Row | None:
        rows = self.get_many(session, tenant_id, [entity_id])
        return rows[0] if rows else None

    def ids_where(self, session: Session, tenant_id: int, column: str, value: int) -> list[int]:
        model = self.model
        return list(session.scalars(select(model.id).where(model.tenant_id == tenant_id,
                                                           getattr(model, column) == value).order_by(model.id)))

    def exists(self, session: Session, tenant_id: int, entity_id: int) -> bool:
        model = self.model
        return session.scalar(select(model.id).where(model.tenant_id == tenant_id, model.id == entity_id)) is not None

    def insert(self, session: Session, tenant_id: int, values: dict[str, Any], doc: dict[str, Any],
               parts: dict[str, Rows]) -> int:
        entity_id = next_id(session, tenant_id, self.owner)
        session.add(self.model(tenant_id=tenant_id, id=entity_id, doc=dump({**doc, ELEMENTS_KEY: parts}), **values))
        session.flush()
        replace_elements(session, tenant_id, self.owner, entity_id, parts)
        webhooks.note(session, tenant_id, self.owner, "created", entity_id,
                      webhooks.changes(self.owner, None, {**values, **doc, **parts}))
        return entity_id

    def update(self, session: Session, tenant_id: int, entity_id: int, values: dict[str, Any], doc: dict[str, Any],
               parts: dict[str, Rows]) -> bool:
        """Overwrite a row in one statement (which also locks it), then its parts; False if it is gone.

        Two saves of one entity at once are thereby serialized: the last one wins whole, and its
        phones/e-mails replace the first one's, never mix with them.
        """
        model = self.model
        watched = webhooks.subscribed(session, tenant_id, f"{webhooks.entity_name(self.owner)}.changed")
        old = self.get(session, tenant_id, entity_id) if watched else None
        result = session.execute(update(model).where(model.tenant_id == tenant_id, model.id == entity_id)
                                 .values(doc=dump({**doc, ELEMENTS_KEY: parts}), **values))
        if result.rowcount == 0:
            return False
        replace_elements(session, tenant_id, self.owner, entity_id, parts)
        if old is not None:
            before = {**{k: old.values.get(k) for k in values}, **old.doc, **old.elements}
            webhooks.note(session, tenant_id, self.owner, "changed", entity_id,
                          webhooks.changes(self.owner, before, {**values, **doc, **parts}))
        return True

    def delete(self, session: Session, tenant_id: int, ids: list[int]) -> int:
        model = self.model
        if not ids:
            return 0
        if webhooks.subscribed(session, tenant_id, f"{webhooks.entity_name(self.owner)}.deleted"):
            for gone in session.scalars(select(model.id).where(model.tenant_id == tenant_id, model.id.in_(ids))):
                webhooks.note(session, tenant_id, self.owner, "deleted", gone)
        count = session.execute(delete(model).where(model.tenant_id == tenant_id, model.id.in_(ids))).rowcount
        delete_elements(session, tenant_id, self.owner, ids)
        return count
