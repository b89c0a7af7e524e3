"""Storage every entity shares: per-tenant ids, the document column, and phone/e-mail/URL rows.

Every statement here is SQLAlchemy Core, built once (bound parameters), run on the unit's connection
(`run`): an entity read is the hottest path there is, and through the ORM (loading objects into the
identity map, evaluating an UPDATE's criteria against them, autoflush) it cost ten times as much. No
entity or element row is ever an ORM object, so nothing in a unit's identity map can go stale.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, Executable, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from soapsvc.store import direct, webhooks
from soapsvc.store import models as m
from soapsvc.store.db import DATABASE

Rows = list[tuple[str, str, str]]  # value, stripped value, description
# The document keeps a copy of the phones/e-mails/URLs, so that reading an entity is one query; the
# element rows are what searches use. Both are written together, in the same statement order.
ELEMENTS_KEY = "_elements"


SEQ, ELEMENT = m.Sequence.__table__, m.Element.__table__
NEXT_ID = (update(SEQ).where(SEQ.c.tenant_id == bindparam("w_tid"), SEQ.c.name == bindparam("w_name"))
           .values(next_id=SEQ.c.next_id + 1).returning(SEQ.c.next_id))
_OWNER = (ELEMENT.c.tenant_id == bindparam("tid")) & (ELEMENT.c.owner == bindparam("owner"))
ELEMENTS_OF = (select(ELEMENT.c.owner_id, ELEMENT.c.field, ELEMENT.c.value, ELEMENT.c.stripped,
                      ELEMENT.c.description)
               .where(_OWNER, ELEMENT.c.owner_id.in_(bindparam("ids", expanding=True)))
               .order_by(ELEMENT.c.owner_id, ELEMENT.c.field, ELEMENT.c.rank))
DELETE_ELEMENTS = delete(ELEMENT).where(_OWNER, ELEMENT.c.owner_id.in_(bindparam("ids", expanding=True)))
INSERT_ELEMENT = insert(ELEMENT)


def run(session: Session, statement: Executable, params: Any = None) -> CursorResult[Any]:
    """A Core statement on the unit's connection (in its transaction; no ORM execution around it)."""
    return session.connection().execute(statement, params)


def read(session: Session, statement: Executable, params: dict[str, Any]) -> list[Any]:
    """The rows of a SELECT that reads an entity. As a unit's first statement (a Get: nothing read or
    written yet), on the thread's driver connection, where one statement is its own snapshot: the ORM
    Session's transaction around it (begin, commit, the pool) cost more than the query. Later in a unit, on
    its connection, in its transaction: a Save reads back what it wrote."""
    database = session.info.get(DATABASE)
    if database is None or session.in_transaction():
        return run(session, statement, params).all()
    return direct.fetch_all(database, statement, params)


def next_id(session: Session, tenant_id: int, name: str) -> int:
    """The next id of a table in a tenant: one atomic statement, safe with several workers."""
    return run(session, NEXT_ID, {"w_tid": tenant_id, "w_name": name}).scalar_one() - 1


def dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, separators=(",", ":"), sort_keys=True)


def load(text: str | None) -> dict[str, Any]:
    return json.loads(text or "{}")


def replace_elements(session: Session, tenant_id: int, owner: str, owner_id: int, fields: dict[str, Rows]) -> None:
    """Make an entity's phone/e-mail/URL rows exactly `fields` (run after the entity row is locked)."""
    delete_elements(session, tenant_id, owner, [owner_id])
    rows = [{"tenant_id": tenant_id, "owner": owner, "owner_id": owner_id, "field": field, "rank": rank, "value": v,
             "stripped": s, "description": d}
            for field, rows in fields.items() for rank, (v, s, d) in enumerate(rows, 1)]
    if rows:
        run(session, INSERT_ELEMENT, rows)


def elements(session: Session, tenant_id: int, owner: str, owner_ids: list[int]) -> dict[int, dict[str, Rows]]:
    """Phone/e-mail/URL rows of several entities: {owner_id: {field: rows in order}}."""
    found: dict[int, dict[str, Rows]] = defaultdict(lambda: defaultdict(list))
    if not owner_ids:
        return found
    for owner_id, field, value, stripped, description in run(session, ELEMENTS_OF, {
            "tid": tenant_id, "owner": owner, "ids": owner_ids}):
        found[owner_id][field].append((value, stripped, description))
    return found


def delete_elements(session: Session, tenant_id: int, owner: str, owner_ids: list[int]) -> None:
    if owner_ids:
        run(session, DELETE_ELEMENTS, {"tid": tenant_id, "owner": owner, "ids": owner_ids})


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
        table = self.table = model.__table__  # type: ignore[attr-defined]
        # What a Row is read from, in this order: id, doc, then `columns` (`from_values`).
        self.selected = (table.c.id, table.c.doc, *(table.c[k] for k in self.columns))
        tenant = table.c.tenant_id == bindparam("tid")
        self._by_id = select(*self.selected).where(tenant, table.c.id == bindparam("eid"))
        self._by_ids = select(*self.selected).where(tenant, table.c.id.in_(bindparam("ids", expanding=True)))
        self._exists = select(table.c.id).where(tenant, table.c.id == bindparam("eid"))
        self._ids_in = select(table.c.id).where(tenant, table.c.id.in_(bindparam("ids", expanding=True)))
        self._ids_where: dict[str, Executable] = {}
        self._insert = insert(table)
        self._update = update(table).where(table.c.tenant_id == bindparam("w_tid"), table.c.id == bindparam("w_eid"))
        self._delete = delete(table).where(tenant, table.c.id.in_(bindparam("ids", expanding=True)))

    def from_values(self, values: tuple[Any, ...]) -> Row:
        """A Row from the values of `selected`; its phones/e-mails come from the document's copy of them."""
        doc = load(values[1])
        parts = {field: [tuple(r) for r in rows] for field, rows in doc.pop(ELEMENTS_KEY, {}).items()}
        return Row(values[0], dict(zip(self.columns, values[2:], strict=True)), doc, parts)

    def get_many(self, session: Session, tenant_id: int, ids: list[int]) -> list[Row]:
        """The rows with these ids, in the order asked (one query); ids that are not there are left out."""
        if not ids:
            return []
        if len(ids) == 1:
            rows = read(session, self._by_id, {"tid": tenant_id, "eid": ids[0]})
        else:
            rows = run(session, self._by_ids, {"tid": tenant_id, "ids": ids})
        found = {r[0]: r for r in rows}
        return [self.from_values(tuple(found[i])) for i in ids if i in found]

    def get(self, session: Session, tenant_id: int, entity_id: int) -> Row | None:
        rows = self.get_many(session, tenant_id, [entity_id])
        return rows[0] if rows else None

    def ids_where(self, session: Session, tenant_id: int, column: str, value: int) -> list[int]:
        statement = self._ids_where.get(column)
        if statement is None:
            c = self.table.c
            statement = self._ids_where[column] = (select(c.id).where(c.tenant_id == bindparam("tid"),
                                                                      c[column] == bindparam("value"))
                                                   .order_by(c.id))
        return list(run(session, statement, {"tid": tenant_id, "value": value}).scalars())

    def exists(self, session: Session, tenant_id: int, entity_id: int) -> bool:
        return run(session, self._exists, {"tid": tenant_id, "eid": entity_id}).first() is not None

    def insert(self, session: Session, tenant_id: int, values: dict[str, Any], doc: dict[str, Any],
               parts: dict[str, Rows]) -> int:
        entity_id = next_id(session, tenant_id, self.owner)
        run(session, self._insert, {"tenant_id": tenant_id, "id": entity_id,
                                    "doc": dump({**doc, ELEMENTS_KEY: parts}), **values})
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
        watched = webhooks.subscribed(session, tenant_id, f"{webhooks.entity_name(self.owner)}.changed")
        old = self.get(session, tenant_id, entity_id) if watched else None
        result = run(session, self._update, {"w_tid": tenant_id, "w_eid": entity_id,
                                             "doc": dump({**doc, ELEMENTS_KEY: parts}), **values})
        if result.rowcount == 0:
            return False
        replace_elements(session, tenant_id, self.owner, entity_id, parts)
        if old is not None:
            before = {**{k: old.values.get(k) for k in values}, **old.doc, **old.elements}
            webhooks.note(session, tenant_id, self.owner, "changed", entity_id,
                          webhooks.changes(self.owner, before, {**values, **doc, **parts}))
        return True

    def delete(self, session: Session, tenant_id: int, ids: list[int]) -> int:
        if not ids:
            return 0
        if webhooks.subscribed(session, tenant_id, f"{webhooks.entity_name(self.owner)}.deleted"):
            for gone in run(session, self._ids_in, {"tid": tenant_id, "ids": ids}).scalars():
                webhooks.note(session, tenant_id, self.owner, "deleted", gone)
        count = run(session, self._delete, {"tid": tenant_id, "ids": ids}).rowcount
        delete_elements(session, tenant_id, self.owner, ids)
        return count
