"""Selections in archive searches: the `selectionId` restriction, and a dynamic selection's criteria.

A selection is of contacts and persons. `selectionId = 5` (also `selectionIdRequest`, SimpleContact's
name for it; `oneOf` for several, any of them) restricts the Contact, Person and ContactPersonDynamicSelectionV2
providers' rows to the selection's members: a static selection's listed members, a dynamic one's rows of
ContactPersonDynamicSelectionV2 that its criteria find now (a dynamic selection without criteria has none).
A person row is a member when its person is, or its contact is as a contact (PersonId 0: the contact and
its persons); a contact row when the contact is, or one of its persons.
Criteria are ArchiveRestrictionGroups as stored: groups ORed, a group's restrictions joined as their
InterOperator says (And when none), each bound to a ContactPersonDynamicSelectionV2 column; criteria may
not name a selection (no selection is defined by another here).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from soapsvc.call import Call
from soapsvc.errors import ValidationError
from soapsvc.search import encoding as enc
from soapsvc.search import operators, providers
from soapsvc.search.model import CONTACT_PERSON, Constant, Group, Members, Node, Provider
from soapsvc.search.restrictions import Raw, Tree, parse, tokens_of, walk
from soapsvc.store import selection as store

PROVIDER = "ContactPersonDynamicSelectionV2"
NAMES = ("selectionid", "selectionidrequest")
OPERATORS = ("=", "==", "eq", "equals", "is", "oneof", "in")
_FIELDS = ("Name", "Operator", "Values", "IsActive", "SubRestrictions", "InterParenthesis", "InterOperator")


def named(raw: Raw) -> bool:
    """Whether a restriction is by selection."""
    return raw.name.strip().lower() in NAMES


def _info(plain: dict[str, Any]) -> SimpleNamespace:
    """A stored ArchiveRestrictionInfo as `tokens_of` reads one."""
    values = {name: plain.get(name) for name in _FIELDS}
    values["SubRestrictions"] = [_info(s) for s in plain.get("SubRestrictions") or []]
    return SimpleNamespace(**values)


def tree(groups: list[dict[str, Any]]) -> Tree | None:
    """The restriction tree of stored criteria groups (None: no active restriction)."""
    trees = [parse(tokens_of([_info(r) for r in group.get("Restrictions") or []])) for group in groups]
    found = [t for t in trees if t is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else Group("or", tuple(found))  # type: ignore[arg-type]


def bind(criteria: Tree | None, me: int) -> Node | None:
    """Criteria bound to the contact/person provider's columns; refused as any archive restriction is."""
    provider = providers.provider(PROVIDER)

    def leaf(raw: Raw) -> Node:
        if named(raw):
            raise ValidationError("A selection's criteria cannot restrict by selectionId: give the criteria of "
                                  "that selection instead.", column=raw.name)
        return operators.bind(provider, raw.name, raw.operator, list(raw.values), me)

    return walk(criteria, leaf)


def restrict(call: Call, provider: Provider, raw: Raw, entities: tuple[str, ...], me: int) -> Node:
    """A `selectionId` restriction on a provider's rows."""
    if provider.root not in ("contact", "person", CONTACT_PERSON):
        raise ValidationError(f"Rows of {provider.name} are not members of selections here: restrict the Contact, "
                              f"Person or {PROVIDER} providers by selectionId.", column=raw.name)
    if raw.operator.strip().lower() not in OPERATORS or not raw.values:
        raise ValidationError(f"Restriction '{raw.name} {raw.operator}' needs the operator = (or oneOf) and a "
                              "selection id.", column=raw.name, operator=raw.operator)
    nodes = [members(call, provider, enc.parse_int(v, "Restriction on selectionId"), entities, me)
             for v in raw.values]
    return nodes[0] if len(nodes) == 1 else Group("or", tuple(nodes))


def members(call: Call, provider: Provider, selection_id: int, entities: tuple[str, ...], me: int) -> Node:
    """The condition that a row is a member of the selection (refused when the tenant has no such selection)."""
    row = store.SELECTIONS.get(call.db, call.tenant_id, selection_id)
    if row is None:
        raise ValidationError(f"There is no selection {selection_id} in this tenant.", selectionId=str(selection_id))
    if row.values["selection_type"] != "Dynamic":
        return Members(selection_id=selection_id)
    criteria = bind(tree(store.criteria(call.db, call.tenant_id, selection_id)), me)
    if criteria is None:
        return Constant(False)
    inner = {CONTACT_PERSON: entities, "person": ("person",)}.get(provider.root, ("contact", "person"))
    return Members(criteria=criteria, provider=providers.provider(PROVIDER), entities=inner)
