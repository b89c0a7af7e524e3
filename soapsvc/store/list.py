"""Writes to the reference lists (the List agent's items and user-defined lists), and the list definitions.

Every write bumps the tenant's reference version (`tenants.bump_reference_version`): the session cache of
every worker and host compares it on each call, so a new, changed or deleted item shows in the next
MDO.GetList of any open session. Reads are answered from that cache, not from here.

User-defined lists need no table of their own: a list is an item of the generic list "lists" (id, name,
tooltip, rank, deleted; its other flags in `extra`), and its items are the generic list "udlist<id>",
each with a sequence of its own, so the cache loads them with the other lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from soapsvc.store import entities
from soapsvc.store import models as m
from soapsvc.store.db import ConflictError
from soapsvc.store.reference import LISTS, Item
from soapsvc.store.tenants import bump_reference_version


@dataclass(frozen=True)
class ListDefinition:
    """A list as the List agent names it: `UdListDefinitionId`, NetServer's list (table) name, the cached
    list it is (`source`), and its title in the "lists" MDO list and ListEntity."""

    id: int
    name: str
    source: str
    title: str
    builtin: bool = True


# NetServer's ids where its documentation shows them (the "lists" MDO list sample); the sale lists, rating
# and currency have soapsvc's own. Countries and roles are not list items in NetServer's sense.
BUILTIN = tuple(ListDefinition(*d) for d in (
    (101, "usergroup", "usergroup", "General - User group"),
    (103, "task", "task", "Follow-up - Type"),
    (104, "priority", "priority", "Follow-up - Priority"),
    (105, "saletype", "saletype", "Sale - Type, Stages"),
    (106, "prob", "salestage", "Sale - Stage"),
    (107, "source", "source", "Sale - Source"),
    (108, "comptr", "competitor", "Sale - Competitor"),
    (109, "projtype", "projecttype", "Project - Type, Stages"),
    (110, "projstatus", "projectstatus", "Project - Status"),
    (111, "pmembtype", "projectmembertype", "Project member - Function"),
    (112, "reason", "reason", "Sale - Reason (lost)"),
    (113, "reasonsold", "reasonsold", "Sale - Reason (sold)"),
    (114, "reasonstalled", "reasonstalled", "Sale - Reason (stalled)"),
    (115, "credited", "credited", "Sale - Credited"),
    (116, "rating", "rating", "Sale - Rating"),
    (117, "currency", "currency", "General - Currency"),
    (152, "category", "category", "Company - Category"),
    (153, "business", "business", "Company - Business"),
    (154, "contint", "contactinterest", "Company - Interest"),
    (155, "persint", "personinterest", "Contact - Interest"),
    (156, "perspos", "position", "Contact - Position"),
))
USER_LISTS = "lists"  # the generic list whose items are the user-defined lists
FIRST_USER_LIST_ID = 1000  # above every built-in list's id


def user_list_source(list_id: int) -> str:
    return f"udlist{list_id}"


def user_definition(item: Item) -> ListDefinition:
    return ListDefinition(item.id, item.name, user_list_source(item.id), item.name, builtin=False)


# --- items ---

def _where(model: Any, tenant_id: int, list_name: str) -> tuple[Any, ...]:
    if model is m.GenericListItem:
        return model.tenant_id == tenant_id, model.list_name == list_name
    return (model.tenant_id == tenant_id,)


def _model(list_name: str) -> Any:
    return LISTS.get(list_name, m.GenericListItem)


def get_item(session: Session, tenant_id: int, list_name: str, item_id: int) -> Item | None:
    """An item as stored now (a call that has just written reads back through this, not its cache)."""
    model = _model(list_name)
    row = session.scalar(select(model).where(*_where(model, tenant_id, list_name), model.id == item_id))
    if row is None:
        return None
    return Item(row.id, row.name, row.rank, row.tooltip, row.deleted, getattr(row, "value", 0.0))


def widths(list_name: str) -> dict[str, int]:
    """The width of each text column of a list's table ({"name": 255, "code": 2 ...})."""
    table = _model(list_name).__table__
    return {c.name: c.type.length for c in table.columns if getattr(c.type, "length", None)}


def columns(session: Session, tenant_id: int, list_name: str, item_id: int) -> dict[str, Any]:
    """The columns of an item that a list item does not have (a country's ISO codes, currency, domain)."""
    model = _model(list_name)
    own = [c for c in model.__table__.columns if c.name not in m.ListItem.__annotations__ and c.name != "tenant_id"]
    if not own:
        return {}
    row = session.execute(select(*own).where(*_where(model, tenant_id, list_name), model.id == item_id)).first()
    return dict(row._mapping) if row else {}


def insert_item(session: Session, tenant_id: int, list_name: str, values: dict[str, Any]) -> int:
    """A new item with the next id of the list's sequence (a list seeded without one, the countries, gets
    one above its highest id); rank 0 puts it last."""
    model = _model(list_name)
    if session.get(m.Sequence, (tenant_id, list_name)) is None:
        top = session.scalar(select(func.max(model.id)).where(*_where(model, tenant_id, list_name)))
        _ensure_sequence(session, tenant_id, list_name, (top or 0) + 1)
    if not values.get("rank"):
        highest = session.scalar(select(func.max(model.rank)).where(*_where(model, tenant_id, list_name)))
        values = {**values, "rank": (highest or 0) + 1}
    item_id = entities.next_id(session, tenant_id, list_name)
    scope = {"list_name": list_name} if model is m.GenericListItem else {}
    session.add(model(tenant_id=tenant_id, id=item_id, **scope, **values))
    session.flush()
    bump_reference_version(session, tenant_id)
    return item_id


def update_item(session: Session, tenant_id: int, list_name: str, item_id: int, values: dict[str, Any]) -> bool:
    model = _model(list_name)
    done = session.execute(update(model).where(*_where(model, tenant_id, list_name), model.id == item_id)
                           .values(**values)).rowcount
    if done:
        bump_reference_version(session, tenant_id)
    return bool(done)


def delete_items(session: Session, tenant_id: int, list_name: str, item_ids: list[int] | None = None) -> int:
    """Delete some items of a list (all of them when `item_ids` is None); the count deleted."""
    model = _model(list_name)
    query = delete(model).where(*_where(model, tenant_id, list_name))
    if item_ids is not None:
        query = query.where(model.id.in_(item_ids))
    done = session.execute(query).rowcount
    if done:
        bump_reference_version(session, tenant_id)
    return done


# --- user-defined lists ---

def _ensure_sequence(session: Session, tenant_id: int, name: str, first: int) -> None:
    """Create a sequence on first use. When another call created it meanwhile, this call cannot see it (its
    snapshot is older): the call is run again (ConflictError), and then finds it."""
    if session.get(m.Sequence, (tenant_id, name)) is not None:
        return
    try:
        with session.begin_nested():
            session.add(m.Sequence(tenant_id=tenant_id, name=name, next_id=first))
    except IntegrityError as exc:
        raise ConflictError(f"sequence {name} was created by another call") from exc


def create_list(session: Session, tenant_id: int, values: dict[str, Any], flags: dict[str, Any]) -> int:
    """A new user-defined list, and the sequence its items take their ids from."""
    _ensure_sequence(session, tenant_id, USER_LISTS, FIRST_USER_LIST_ID)
    list_id = insert_item(session, tenant_id, USER_LISTS, {**values, "extra": entities.dump(flags)})
    session.add(m.Sequence(tenant_id=tenant_id, name=user_list_source(list_id), next_id=1))
    return list_id


def update_list(session: Session, tenant_id: int, list_id: int, values: dict[str, Any],
                flags: dict[str, Any]) -> bool:
    return update_item(session, tenant_id, USER_LISTS, list_id, {**values, "extra": entities.dump(flags)})


def list_flags(session: Session, tenant_id: int, list_id: int) -> dict[str, Any]:
    """The flags a client set on a user-defined list (UseGroupsAndHeadings ...)."""
    g = m.GenericListItem
    extra = session.scalar(select(g.extra).where(*_where(g, tenant_id, USER_LISTS), g.id == list_id))
    return entities.load(extra)


def delete_list(session: Session, tenant_id: int, list_id: int) -> bool:
    """Delete a user-defined list with its items and its sequence."""
    if not delete_items(session, tenant_id, USER_LISTS, [list_id]):
        return False
    source = user_list_source(list_id)
    delete_items(session, tenant_id, source)
    session.execute(delete(m.Sequence).where(m.Sequence.tenant_id == tenant_id, m.Sequence.name == source))
    return True
