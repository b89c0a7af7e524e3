"""What every entity's Save does the same way: insert or update, with NetServer's stamps."""

from __future__ import annotations

from typing import Any

from soapsvc import clock
from soapsvc.agents import carriers as c
from soapsvc.agents import kit, udef
from soapsvc.call import Call
from soapsvc.errors import ValidationError
from soapsvc.store.entities import EntityStore, Rows


def save(call: Call, store: EntityStore, entity_id: int | None, values: dict[str, Any], doc: dict[str, Any],
         parts: dict[str, Rows] | None = None) -> int:
    """Insert when the id is 0, else update; CreatedDate/CreatedBy once, UpdatedDate/UpdatedBy on every update.

    Returns the entity's id; updating an id the tenant does not have is refused, and nothing is written.
    """
    now, me, db, tid = clock.now(), call.session.principal.associate_id, call.db, call.tenant_id
    if not entity_id:
        return store.insert(db, tid, {**values, "created": now, "created_by": me}, doc, parts or {})
    if not store.update(db, tid, entity_id, {**values, "updated": now, "updated_by": me}, doc, parts or {}):
        label = store.owner.capitalize()
        raise ValidationError(f"There is no {store.owner} {entity_id} to update in this tenant.", field=f"{label}Id")
    return entity_id


def write(call: Call, store: EntityStore, carrier: str, e: Any, values: dict[str, Any], columns: set[str],
          elements: tuple[str, ...] = (), doc: dict[str, Any] | None = None) -> int:
    """Save a carrier whose `values` its rules checked: references checked (`kit.check`), the fields with no
    column (`columns`) kept in its document, its phone/e-mail/URL arrays (`elements`) as element rows, its
    user-defined fields (`udef`) as value rows."""
    kit.check(call, carrier, e)
    udefs = udef.checked(call, carrier, getattr(e, "UserDefinedFields", None))
    kept = {**c.to_doc(e, columns | {"UserDefinedFields"}), **(doc or {})}
    entity_id = getattr(e, kit.id_field(carrier), 0) or 0
    entity_id = save(call, store, entity_id, values, kept, c.parts_of(e, elements))
    udef.store_values(call, carrier, entity_id, udefs)
    return entity_id
