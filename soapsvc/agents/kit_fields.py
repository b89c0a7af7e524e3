"""What NetServer does with a carrier's fields, by their names and types, the same in every entity family.

The entity kit (`soapsvc.agents.kit`) reads a `Plan` per carrier, derived once from the contract
catalogue by the rules below; nothing here names a family.
- **References**: a field whose type has a reader `Get<T>(id)` in the contract (a Contact, an Associate,
  a Country, a TicketPriority ...) holds that carrier; an int field `<T>Id` (or named like a family's own
  id) holds the id of one. On save each must exist in the tenant (0 or nil means none), checked with the
  reader itself; storage keeps only the id, and a read fills in the carrier as its reader reads it now.
- **Stamps**: `Registered`/`CreatedDate`/`Created`/`CreatedAt` and `CreatedBy`/`RegisteredAssociate`/
  `RegisteredAssociateId` once, on insert; `Updated`/`UpdatedDate`, `UpdatedBy`/`UpdatedAssociate`/
  `UpdatedAssociateId` and `UpdatedCount` on every update; what a client sends for them is ignored.
- **Defaults** (CreateDefault): every value field set as `carriers.blanks` sets it (0, false,
  DateTime.MinValue, an enum's first value, strings "", value carriers empty); the signed-in user as
  `Associate`, `OwnedBy` and creator, the user's country, the first business and category of the tenant's lists,
  now as the registration date.
Differences from NetServer: the readers of users, user groups and roles are not used to check references
(soapsvc keeps its seeded users outside the kit, so a kit-saved group or role could not be told apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from soapsvc.contract import catalogue as cat

CREATED_AT = frozenset({"Registered", "CreatedDate", "Created", "CreatedAt"})
UPDATED_AT = frozenset({"Updated", "UpdatedDate"})
CREATED_BY = frozenset({"CreatedBy", "RegisteredAssociate", "RegisteredAssociateId"})
UPDATED_BY = frozenset({"UpdatedBy", "UpdatedAssociate", "UpdatedAssociateId"})
UPDATED_COUNT = "UpdatedCount"
STAMPS = CREATED_AT | UPDATED_AT | CREATED_BY | UPDATED_BY | {UPDATED_COUNT}
UNCHECKED = frozenset({"UserGroup", "Role", "RoleEntity", "User"})
OWNER_FIELDS = frozenset({"Associate", "AssociateId", "OwnedBy"}) | CREATED_BY
LIST_DEFAULTS = {"Business": "business", "Category": "category"}


@dataclass(frozen=True)
class Ref:
    """A field that refers to another carrier: `carried` when it holds the carrier, else an int id."""

    field: str
    target: str
    carried: bool
    agent: str
    reader: str
    target_id: str


@dataclass(frozen=True)
class Plan:
    carrier: str
    id_field: str
    fields: dict[str, cat.Field]
    refs: tuple[Ref, ...]
    strings: tuple[str, ...]

    def ref(self, field: str) -> Ref | None:
        return next((r for r in self.refs if r.field == field), None)


def all_fields(carrier: str) -> dict[str, cat.Field]:
    """A carrier's fields with its base types' first, as the wire has them."""
    ctype = cat.TYPES[carrier]
    inherited = all_fields(ctype.base) if ctype.base in cat.TYPES else {}
    return {**inherited, **{f.name: f for f in ctype.fields}}


@cache
def _id_names() -> dict[str, str]:
    """Families' own id field names -> the carrier their reader reads (names two families share are out)."""
    seen: dict[str, list[str]] = {}
    for carrier, (_agent, _op, id_name) in cat.READERS.items():
        if id_name != "Id" and carrier in cat.FAMILIES:
            seen.setdefault(id_name, []).append(carrier)
    return {name: found[0] for name, found in seen.items() if len(found) == 1}


def _target(f: cat.Field) -> tuple[str, bool] | None:
    """The carrier type a field refers to, and whether the field carries it, or None."""
    if f.array:
        return None
    if f.type in cat.READERS:
        return f.type, True
    if f.type == "int" and f.name.endswith("Id"):
        stem = f.name[:-2]
        for name in (stem, stem + "Entity"):
            if name in cat.READERS:
                return name, False
        if f.name in _id_names():
            return _id_names()[f.name], False
    return None


@cache
def plan(carrier: str, id_field: str = "") -> Plan:
    fields = all_fields(carrier)
    refs = []
    for f in fields.values():
        found = _target(f)
        if found and f.name != id_field and found[0] not in UNCHECKED:
            agent, reader, target_id = cat.READERS[found[0]]
            refs.append(Ref(f.name, found[0], found[1], agent, reader, target_id))
    return Plan(
        carrier, id_field, fields, tuple(refs),
        tuple(f.name for f in fields.values() if f.type == "string" and not f.array),
    )


def checked(p: Plan) -> tuple[Ref, ...]:
    """The references a save checks: all but the stamps, which the server sets."""
    return tuple(r for r in p.refs if r.field not in STAMPS)
