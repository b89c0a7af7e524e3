"""Storage of the entity kit: one table for every family it serves, a JSON document per entity.

Ids are counted per tenant and family in the `sequence` table, whose row for a family is made on its
first insert (families are many, and most tenants never use most of them).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, select, text, update
from sqlalchemy import insert as insert_into
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store import webhooks
from soapsvc.store.entities import dump, load, next_id, run

# Core statements built once, as in store.entities (the kit's reads are as hot as the hand-written ones').
FIRST_ID = text("INSERT INTO sequence (tenant_id, name, next_id) VALUES (:tenant_id, :name, 1) "
                "ON CONFLICT (tenant_id, name) DO NOTHING")
KIT = m.KitEntity.__table__
_FAMILY = (KIT.c.tenant_id == bindparam("tid")) & (KIT.c.family == bindparam("family"))
_IN = KIT.c.id.in_(bindparam("ids", expanding=True))
INSERT = insert_into(KIT)
UPDATE = update(KIT).where(KIT.c.tenant_id == bindparam("w_tid"), KIT.c.family == bindparam("w_family"),
                           KIT.c.id == bindparam("w_id"))
BY_IDS = select(KIT.c.id, KIT.c.doc).where(_FAMILY, _IN)
ALL = select(KIT.c.id, KIT.c.doc).where(_FAMILY).order_by(KIT.c.id)
DELETE = delete(KIT).where(_FAMILY, _IN)
Doc = dict[str, Any]


def _add(session: Session, tenant_id: int, family: str, entity_id: int, doc: Doc) -> None:
    run(session, INSERT, {"tenant_id": tenant_id, "family": family, "id": entity_id, "doc": dump(doc)})


def insert(session: Session, tenant_id: int, family: str, make: Any) -> int:
    """Insert the document `make(id)` under a new id of the family; returns the id."""
    run(session, FIRST_ID, {"tenant_id": tenant_id, "name": family})
    entity_id = next_id(session, tenant_id, family)
    doc = make(entity_id)
    _add(session, tenant_id, family, entity_id, doc)
    webhooks.note(session, tenant_id, family, "created", entity_id,
                  webhooks.changes(webhooks.entity_name(family), None, doc))
    return entity_id


def update_doc(session: Session, tenant_id: int, family: str, entity_id: int, doc: Doc) -> bool:
    """Overwrite an entity's document in one statement (which locks the row); False if it is not there."""
    entity = webhooks.entity_name(family)
    old = get(session, tenant_id, family, entity_id) if webhooks.subscribed(session, tenant_id, f"{entity}.changed") \
        else None
    result = run(session, UPDATE, {"w_tid": tenant_id, "w_family": family, "w_id": entity_id, "doc": dump(doc)})
    if old is not None and result.rowcount:
        webhooks.note(session, tenant_id, family, "changed", entity_id, webhooks.changes(entity, old, doc))
    return result.rowcount > 0


def get_many(session: Session, tenant_id: int, family: str, ids: list[int]) -> list[tuple[int, Doc]]:
    """(id, document) of these entities, in the order asked; ids that are not there are left out."""
    if not ids:
        return []
    found = dict(run(session, BY_IDS, {"tid": tenant_id, "family": family, "ids": ids}).all())
    return [(i, load(found[i])) for i in ids if i in found]


def get(session: Session, tenant_id: int, family: str, entity_id: int) -> Doc | None:
    rows = get_many(session, tenant_id, family, [entity_id])
    return rows[0][1] if rows else None


def all_of(session: Session, tenant_id: int, family: str) -> list[tuple[int, Doc]]:
    """Every entity of a family in a tenant, by id."""
    rows = run(session, ALL, {"tid": tenant_id, "family": family}).all()
    return [(i, load(doc)) for i, doc in rows]


def delete_ids(session: Session, tenant_id: int, family: str, ids: list[int]) -> int:
    if not ids:
        return 0
    if webhooks.subscribed(session, tenant_id, f"{webhooks.entity_name(family)}.deleted"):
        for gone, _doc in get_many(session, tenant_id, family, ids):
            webhooks.note(session, tenant_id, family, "deleted", gone)
    return run(session, DELETE, {"tid": tenant_id, "family": family, "ids": ids}).rowcount


def put(session: Session, tenant_id: int, family: str, entity_id: int, doc: Doc) -> None:
    """Make an entity's document `doc` under an id chosen elsewhere (an entity whose row is another
    table's: the document keeps what that row has no column for)."""
    if not update_doc(session, tenant_id, family, entity_id, doc):
        _add(session, tenant_id, family, entity_id, doc)
