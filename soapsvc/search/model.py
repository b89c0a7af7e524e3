"""The search vocabulary: where a column's value lives, what a restriction asks, what a query wants.

Plain frozen data and no SQL: behaviour builds and checks it, `soapsvc.store.archive` alone turns it into
SQLAlchemy Core. A source names table *aliases* (a provider's root or one of its joins), never tables, so
that one column set serves a provider's own rows and the rows it reaches through a join ("contact/name").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Field:
    """A column of an aliased table (the model attribute name)."""

    alias: str
    column: str


@dataclass(frozen=True)
class Concat:
    """Text columns joined by a space, blanks left out (fullName, nameDepartment)."""

    parts: tuple[Field, ...]


@dataclass(frozen=True)
class Element:
    """An entity's phones, e-mails or URLs (element rows): the first one is shown, any one matches."""

    alias: str
    owner: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    """A yes/no column computed by comparing a column with a constant (hasCompany: contact_id != 0)."""

    field: Field
    op: str  # "eq" or "ne"
    value: Any


@dataclass(frozen=True)
class Weighted:
    """amount * percent / 100 (a sale's weighted amount)."""

    amount: Field
    percent: Field


@dataclass(frozen=True)
class Constant:
    """A restriction-only column whose value is fixed (getAllRows, getNoRows)."""

    value: bool


@dataclass(frozen=True)
class ListName:
    """The name of the list item a column refers to: what list columns sort by."""

    field: Field
    list_name: str


@dataclass(frozen=True)
class UserName:
    """The log-in name of the associate a column refers to: what associate columns sort by."""

    field: Field


@dataclass(frozen=True)
class Udef:
    """A user-defined field's value of the aliased row (a udefvalue row); `slot` text, number or date."""

    alias: str
    owner: str
    field_id: int
    slot: str


Source = Field | Concat | Element | Flag | Weighted | Constant | ListName | UserName | Udef


def aliases_of(source: Source) -> set[str]:
    """The table aliases a source reads (so that only the joins a query needs are made)."""
    if isinstance(source, Field):
        return {source.alias}
    if isinstance(source, Concat):
        return {p.alias for p in source.parts}
    if isinstance(source, Element | Udef):
        return {source.alias}
    if isinstance(source, Flag | ListName | UserName):
        return {source.field.alias}
    if isinstance(source, Weighted):
        return {source.amount.alias, source.percent.alias}
    return set()


@dataclass(frozen=True)
class Column:
    """An archive column: its NetServer name, restriction type and where its value comes from.

    `kind` is the RestrictionType ("" for display-only columns). `list_name` names the list a listAny
    column's ids come from. `display` overrides how a value shows: "fullName" (an associate's full name),
    "id" (a listAny column of record ids, shown as [I:n]), "none" (restriction-only). `codes` maps the ids
    of a listAny column stored as text to that text (a sale's status).
    """

    name: str
    kind: str
    source: Source
    heading: str
    tooltip: str = ""
    list_name: str = ""
    display: str = ""
    codes: tuple[tuple[int, str], ...] = ()
    orderable: bool = True
    icon: str = ""

    def nested(self, prefix: str) -> Column:
        return replace(self, name=prefix + self.name)


@dataclass(frozen=True)
class Join:
    """`alias` is a `table` row whose id is `parent.key` (left outer: the parent row stays without one)."""

    alias: str
    table: str
    parent: str
    key: str


@dataclass(frozen=True)
class Provider:
    """An archive provider: its entities, its root table (or the contact/person union), joins, columns."""

    name: str
    entities: tuple[tuple[str, str], ...]  # (entity name, heading)
    root: str  # a table name (also the root's alias), or CONTACT_PERSON
    joins: tuple[Join, ...]
    columns: tuple[Column, ...]
    defaults: tuple[str, ...]  # Find's result columns when none are asked for
    udefs: tuple[tuple[str, str, str], ...] = ()  # (column prefix, alias, owner): contactUdef/, contact, contact

    def column(self, name: str) -> Column | None:
        return _index(self).get(name.lower())


CONTACT_PERSON = "contact+person"
_indexes: dict[str, dict[str, Column]] = {}


def _index(provider: Provider) -> dict[str, Column]:
    """Columns by lower-cased name: NetServer matches column names without regard to case."""
    found = _indexes.get(provider.name)
    if found is None:
        found = _indexes[provider.name] = {c.name.lower(): c for c in provider.columns}
    return found


# --- a restriction, bound to a provider: the tree the store turns into a WHERE clause ---

@dataclass(frozen=True)
class Leaf:
    """One condition on a source. `op` is one of: eq ne gt ge lt le between in like ieq range is.

    like: args (text, anchored at start, anchored at end), case-insensitive; ieq: case-insensitive
    equality; between: inclusive; range: [start, end); is: a yes/no column is args[0]. `negate` is NOT,
    rows without a value (NULL) included, as NetServer's "is not" lists a company without a department.
    """

    source: Source
    op: str
    args: tuple[Any, ...]
    negate: bool = False


@dataclass(frozen=True)
class Group:
    op: str  # "and" / "or"
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Members:
    """Rows whose contact or person is a member of a selection: a static one's listed members
    (`selection_id`), or a dynamic one's: the rows of the contact/person provider (`provider`, with
    `entities`) that its criteria (`criteria`) find. A person row matches when its person is a member, or
    its contact is one as a contact (PersonId 0); a contact row when the contact is, or one of its persons."""

    selection_id: int = 0
    criteria: Node | None = None
    provider: Provider | None = None
    entities: tuple[str, ...] = ()


Node = Leaf | Group | Constant | Members


@dataclass(frozen=True)
class Query:
    """What one archive page asks: the store answers rows (entity, primary key, values) and a count."""

    provider: Provider
    columns: tuple[Column, ...]
    where: Node | None
    order: tuple[tuple[Source, bool, bool], ...]  # (source, descending, text: sorted without regard to case)
    entities: tuple[str, ...]
    offset: int
    limit: int | None


@dataclass(frozen=True)
class Hit:
    entity: str
    key: int
    values: tuple[Any, ...]  # in the order of Query.columns
