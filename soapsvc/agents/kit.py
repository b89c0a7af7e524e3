"""The entity kit: NetServer's family operations for every entity family of the contract, from the catalogue.

`register` gives each family of `catalogue.FAMILIES` that no hand-written module serves:
- `CreateDefault<X>`: a full carrier with id 0 and the defaults of `kit_fields` (the user as owner ...);
- `Save<X>`: insert when the id is 0, else update (an id the tenant does not have is refused); stamps;
  references checked (an invalid one is a `SoValidationException` and nothing is written); every field
  the client sent is kept and read back; the answer is the entity as `Get<X>` reads it;
- `Get<X>` (nil for an unknown id), the light `Get<B>(id)` and `Get<B>List(ids)`, derived from the entity
  by field name, and the navigations `Get<B>s...(ids)` whose parameters name fields of the carrier (a
  parameter `Id` of `Get<B>sFrom<T>` names the int field ending in `<T>Id`: GetHeadingsFromListDefinition's
  is UdListDefinitionId);
- `Delete<X>`: the entity, and the entities of the same agent's families that refer to it by id (a
  ticket's messages, a dashboard's tiles), as NetServer deletes dependent rows; an unknown id is no error.
A family with any hand-written reading or writing operation keeps its own storage, so the kit gives it
only what it can without storage: its CreateDefault (a hand-written navigation reads the kit's storage and
leaves the family to the kit). The CreateDefault of a carrier that no operation
stores (a value such as EMailAddress) is served too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Any

from soapsvc import clock
from soapsvc.agents import IMPLEMENTATIONS
from soapsvc.agents import carriers as c
from soapsvc.agents import kit_fields as kf
from soapsvc.call import Call
from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import kit as store

Behaviour = Callable[..., Any]
MAX_DEPTH = 2  # references of references are read; deeper ones are left as stored (cycles end here)
_depth = threading.local()
_served: set[str] = set()  # the families whose storage is the kit's


def _cls(name: str) -> type:
    return getattr(t, name)


def _reader(ref: kf.Ref) -> Behaviour | None:
    return IMPLEMENTATIONS.get((ref.agent, ref.reader))


def _read_ref(call: Call, ref: kf.Ref, ref_id: int) -> Any:
    """The carrier a reference names, as its reader reads it now (None: none, or not there)."""
    reader = _reader(ref)
    level = getattr(_depth, "level", 0)
    if not ref_id or reader is None or level >= MAX_DEPTH:
        return None
    _depth.level = level + 1
    try:
        return reader(call, ref_id)
    finally:
        _depth.level = level


# carrier -> whether an id names one, without reading it: list-backed carriers answer from the session's
# reference data (versioned with the tenant's data), so a save's reference check costs no query.
EXISTS: dict[str, Callable[[Call, int], bool]] = {}


def read(call: Call, carrier: str, entity_id: int) -> Any:
    """A carrier by id as the contract's reader of it reads it (`Get<T>`: GetProject, GetSale ...), or None."""
    agent, reader, _id_field = cat.READERS[carrier]
    behaviour = IMPLEMENTATIONS.get((agent, reader))
    return behaviour(call, entity_id) if entity_id and behaviour is not None else None


def _sent_id(ref: kf.Ref, value: Any) -> int:
    if ref.carried:
        return (getattr(value, ref.target_id, 0) or 0) if value is not None else 0
    return value or 0


def _stored_id(ref: kf.Ref, doc: dict[str, Any]) -> int:
    value = doc.get(ref.field)
    return (value or {}).get(ref.target_id, 0) if ref.carried else (value or 0)


def _blank(p: kf.Plan) -> dict[str, Any]:
    return c.blanks(_cls(p.carrier))


def entity(call: Call, p: kf.Plan, entity_id: int, doc: dict[str, Any]) -> Any:
    """A stored entity as Get<X> reads it: blanks, what was saved, references read now."""
    cls = _cls(p.carrier)
    values = _blank(p)
    values.update(c.from_doc(cls, doc))
    for ref in p.refs:
        if ref.carried:
            values[ref.field] = _read_ref(call, ref, _stored_id(ref, doc))
    values[p.id_field] = entity_id
    return cls(**values)


def create_default(carrier: str, id_field: str) -> Behaviour:
    p = kf.plan(carrier, id_field)

    def run(call: Call) -> Any:
        s = call.session
        me, now = s.principal.associate_id, clock.now()
        values = _blank(p)
        ids = {name: me for name in kf.OWNER_FIELDS} | {"Country": s.principal.country_id,
                                                        "CountryId": s.principal.country_id}
        for name, list_name in kf.LIST_DEFAULTS.items():
            first = (s.reference.lists.get(list_name) or (None,))[0]
            ids[name] = first.id if first else 0
        for ref in p.refs:
            if ref.field in ids:
                values[ref.field] = _read_ref(call, ref, ids[ref.field]) if ref.carried else ids[ref.field]
        for name, f in p.fields.items():
            if name in kf.OWNER_FIELDS and f.type == "int":
                values[name] = me
            elif name in kf.CREATED_AT and f.type == "dateTime":
                values[name] = now
        if id_field:
            values[id_field] = 0
        return _cls(carrier)(**values)

    return run


def check(call: Call, carrier: str, e: Any) -> None:
    """Refuse a carrier whose references name what the tenant does not have (hand-written saves too)."""
    fam = cat.FAMILIES[carrier]
    _check(call, kf.plan(carrier, fam.id_field), e)


def id_field(carrier: str) -> str:
    return cat.FAMILIES[carrier].id_field


def checked_refs(carrier: str) -> tuple[kf.Ref, ...]:
    """The references a save of `carrier` checks: those whose reader has behaviour."""
    fam = cat.FAMILIES[carrier]
    return tuple(r for r in kf.checked(kf.plan(carrier, fam.id_field)) if _reader(r) is not None)


def _check(call: Call, p: kf.Plan, e: Any) -> None:
    for ref in kf.checked(p):
        ref_id = _sent_id(ref, getattr(e, ref.field, None))
        if ref_id and _reader(ref) is not None and not _exists(call, ref, ref_id):
            raise ValidationError(
                f"{p.carrier}.{ref.field}: there is no {ref.target} {ref_id} in this tenant. Send the id of "
                f"one that exists, or 0 for none.", field=ref.field, value=str(ref_id))


def _exists(call: Call, ref: kf.Ref, ref_id: int) -> bool:
    quick = EXISTS.get(ref.target)
    return quick(call, ref_id) if quick is not None else _read_ref(call, ref, ref_id) is not None


def _stamped(call: Call, p: kf.Plan, doc: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """The document with NetServer's stamps: creation ones kept from `old`, update ones set now."""
    me, now = call.session.principal.associate_id, clock.now().isoformat()
    for name, f in p.fields.items():
        if name not in kf.STAMPS:
            continue
        if old is not None and name not in kf.UPDATED_AT | kf.UPDATED_BY | {kf.UPDATED_COUNT}:
            doc[name] = old.get(name)
        elif old is None and name not in kf.CREATED_AT | kf.CREATED_BY:
            doc.pop(name, None)
        elif name == kf.UPDATED_COUNT:
            doc[name] = (old or {}).get(name, 0) + 1
        elif f.type == "dateTime":
            doc[name] = now
        else:
            doc[name] = me if f.type == "int" else {"AssociateId": me}
    return {k: v for k, v in doc.items() if v is not None}


def _document(p: kf.Plan, e: Any) -> dict[str, Any]:
    doc = c.to_plain(e)
    doc.pop(p.id_field, None)
    for ref in p.refs:
        if ref.carried:
            ref_id = _sent_id(ref, getattr(e, ref.field, None))
            doc[ref.field] = {ref.target_id: ref_id} if ref_id else None
    return doc


def save(fam: cat.Family) -> Behaviour:
    p = kf.plan(fam.carrier, fam.id_field)

    def run(call: Call, e: Any) -> Any:
        if e is None:
            raise ValidationError(f"{fam.operations['Save']} needs a {fam.carrier}.")
        _check(call, p, e)
        doc, entity_id = _document(p, e), getattr(e, fam.id_field, 0) or 0
        db, tid = call.db, call.tenant_id
        if not entity_id:
            entity_id = store.insert(db, tid, fam.carrier, lambda _id: _stamped(call, p, doc, None))
        else:
            old = store.get(db, tid, fam.carrier, entity_id)
            if old is None or not store.update_doc(db, tid, fam.carrier, entity_id, _stamped(call, p, doc, old)):
                raise ValidationError(f"There is no {fam.carrier} {entity_id} to update in this tenant: send "
                                      f"{fam.id_field} 0 to create one.", field=fam.id_field)
        return entity(call, p, entity_id, store.get(db, tid, fam.carrier, entity_id) or {})

    return run


def get(fam: cat.Family) -> Behaviour:
    p = kf.plan(fam.carrier, fam.id_field)

    def run(call: Call, entity_id: int | None) -> Any:
        doc = store.get(call.db, call.tenant_id, fam.carrier, entity_id or 0)
        return entity(call, p, entity_id or 0, doc) if doc is not None else None

    return run


NAMES = {"Name": ("Name", "Value", "FullName"), "FullName": ("FullName", "Name", "Value")}


def _name_of(target: Any, wanted: str) -> str:
    """What a light carrier shows of a reference: its name, value or full name."""
    if target is None:
        return ""
    return next((getattr(target, a) for a in NAMES[wanted] if getattr(target, a, None)), "")


def _light_field(p: kf.Plan, name: str, f: cat.Field) -> Callable[[Any], Any] | None:
    """How a light field is derived from the entity: the same field; the id or the name of a reference of
    the same name (`CreatedBy`, `OwnedBy`: an Associate in the entity, an int in the light carrier); or
    `<Ref>Id`, `<Ref>Name`, `<Ref>FullName`, `<Ref>AssociateId` of a reference."""
    own = p.fields.get(name)
    if own is not None and own.type == f.type and own.array == f.array:
        return lambda e: getattr(e, name, None)
    candidates = [(name, "Id")] + [(name.removesuffix(suffix), suffix) for suffix in
                                   ("AssociateId", "Id", "FullName", "Name") if name.endswith(suffix)]
    for field, part in candidates:
        ref = p.ref(field)
        if ref is None or not ref.carried:
            continue
        if f.type == "int" and part.endswith("Id"):
            return lambda e, ref=ref: _sent_id(ref, getattr(e, ref.field, None))
        if f.type == "string" and part in NAMES:
            return lambda e, ref=ref, part=part: _name_of(getattr(e, ref.field, None), part)
    return None


def _light(fam: cat.Family, p: kf.Plan) -> Callable[[Call, Any], Any]:
    """The light carrier from an entity, field by field as `_light_field` derives it."""
    light = fam.light or ""
    light_id = cat.READERS.get(light, ("", "", fam.id_field))[2] or fam.id_field
    plan = {name: how for name, f in kf.all_fields(light).items() if (how := _light_field(p, name, f))}

    def derive(call: Call, e: Any) -> Any:
        values = c.blanks(_cls(light))
        values.update({name: how(e) for name, how in plan.items()})
        if light_id not in p.fields or light_id == fam.id_field:  # ProjectEvent's ProjectId is the project's
            values[light_id] = getattr(e, fam.id_field)
        return _cls(light)(**values)

    return derive


def get_light(fam: cat.Family) -> Behaviour:
    p = kf.plan(fam.carrier, fam.id_field)
    derive = _light(fam, p)

    def run(call: Call, entity_id: int | None) -> Any:
        doc = store.get(call.db, call.tenant_id, fam.carrier, entity_id or 0)
        return derive(call, entity(call, p, entity_id or 0, doc)) if doc is not None else None

    return run


def get_list(fam: cat.Family) -> Behaviour:
    p = kf.plan(fam.carrier, fam.id_field)
    derive = _light(fam, p)

    def run(call: Call, ids: list[int] | None) -> list[Any]:
        rows = store.get_many(call.db, call.tenant_id, fam.carrier, list(ids or []))
        return [derive(call, entity(call, p, i, doc)) for i, doc in rows]

    return run


def _named_field(p: kf.Plan, op: cat.Operation, param: str) -> str:
    """The int field a parameter `Id` of `Get<B>sFrom<T>` names: the one ending in `<T>Id` ("" if none)."""
    tail = op.name.rpartition("From")[2] + "Id" if param == "Id" and "From" in op.name else ""
    return next((n for n, f in p.fields.items() if tail and n.endswith(tail) and f.type == "int"), "")


def navigation(fam: cat.Family, op: cat.Operation) -> Behaviour | None:
    """`Get<B>s...(ids)`: the family's entities whose fields equal the parameters (None: a parameter
    names no field of the carrier, so the kit cannot answer it)."""
    p = kf.plan(fam.carrier, fam.id_field)
    keys: list[Callable[[dict[str, Any]], int]] = []
    for param in op.params:
        ref = p.ref(param.name) or p.ref(param.name.removesuffix("Id"))
        named = _named_field(p, op, param.name)
        if ref is not None:
            keys.append(lambda doc, ref=ref: _stored_id(ref, doc))
        elif param.name in p.fields and p.fields[param.name].type == "int":
            keys.append(lambda doc, name=param.name: doc.get(name, 0))
        elif named:
            keys.append(lambda doc, name=named: doc.get(name, 0))
        else:
            return None
    item = cat.TYPES.get(op.returns[0].type)
    derive = _light(fam, p) if item and item.item and item.item.type == fam.light else None

    def run(call: Call, *wanted: int | None) -> list[Any]:
        rows = store.all_of(call.db, call.tenant_id, fam.carrier)
        found = [entity(call, p, i, doc) for i, doc in rows
                 if all(key(doc) == (want or 0) for key, want in zip(keys, wanted, strict=True))]
        return [derive(call, e) for e in found] if derive else found

    return run


@cache
def _dependants(carrier: str) -> list[tuple[cat.Family, kf.Ref]]:
    """Families of the same agent with a reference to this family (their rows go when it goes)."""
    fam = cat.FAMILIES[carrier]
    targets = {fam.carrier, fam.light}
    out = []
    for other in cat.FAMILIES.values():
        if other.agent == fam.agent and other.carrier != fam.carrier:
            for ref in kf.plan(other.carrier, other.id_field).refs:
                if ref.target in targets and ref.field not in kf.STAMPS:
                    out.append((other, ref))
    return out


def delete(fam: cat.Family) -> Behaviour:
    def run(call: Call, entity_id: int | None) -> None:
        db, tid = call.db, call.tenant_id
        if not store.delete_ids(db, tid, fam.carrier, [entity_id or 0]):
            return
        for other, ref in _dependants(fam.carrier):
            if other.carrier in _served:
                ids = [i for i, doc in store.all_of(db, tid, other.carrier) if _stored_id(ref, doc) == entity_id]
                store.delete_ids(db, tid, other.carrier, ids)

    return run


STORED = ("Save", "Get", "Delete", "GetLight", "GetList")
MAKERS = {"Save": save, "Get": get, "Delete": delete, "GetLight": get_light, "GetList": get_list}


def behaviours(hand_written: set[tuple[str, str]], served: set[str]) -> dict[tuple[str, str], Behaviour]:
    """The kit's behaviour for every family operation that has no hand-written one; `served` gets the
    families whose storage is the kit's."""
    out: dict[tuple[str, str], Behaviour] = {}
    for fam in cat.FAMILIES.values():
        ops = fam.operations
        stored = [ops[s] for s in STORED if s in ops]
        if "CreateDefault" in ops:
            out[(fam.agent, ops["CreateDefault"])] = create_default(fam.carrier, fam.id_field)
        if any((fam.agent, op) in hand_written for op in stored) or not fam.id_field:
            continue
        served.add(fam.carrier)
        for shape, maker in MAKERS.items():
            if shape in ops:
                out[(fam.agent, ops[shape])] = maker(fam)
        for name in fam.navigations:
            found = navigation(fam, cat.OPERATIONS[(fam.agent, name)])
            if found is not None:
                out[(fam.agent, name)] = found
    for key, op in cat.OPERATIONS.items():
        if op.shape == "CreateDefault" and op.family is None:
            carrier = op.returns[0].type
            out[key] = create_default(carrier, cat.READERS.get(carrier, ("", "", ""))[2])
    return {k: v for k, v in out.items() if k not in hand_written}


def register(implementations: dict[tuple[str, str], Behaviour]) -> set[tuple[str, str]]:
    """Add the kit's behaviours to `implementations` (hand-written ones win); returns what it added."""
    _served.clear()
    added = behaviours(set(implementations), _served)
    implementations.update(added)
    return set(added)
