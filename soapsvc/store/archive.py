"""Archive searches in SQL: a `soapsvc.search.model.Query` as one SQLAlchemy Core SELECT (and one COUNT).

The only place that builds SQL for searches. Every table a query reads, joined or in a subquery, is
restricted to the tenant (tenant_id in each WHERE and ON), so the per-tenant indexes lead. Joins are
left outer and made only for the aliases a query uses. Phones/e-mails/URLs are element rows: a cell
shows an entity's first one, a restriction matches when any one does (EXISTS), by its value as stored or
stripped (a phone number without spaces). A user-defined field's value is a udefvalue row, read by a
scalar subquery (none: NULL). Text matching is
case-insensitive (NetServer's SQL Server collation is); NOT conditions keep rows without a value.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    String,
    and_,
    case,
    exists,
    false,
    func,
    literal_column,
    not_,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from soapsvc.search import model as q
from soapsvc.store import models as m

TABLES = {"contact": m.Contact, "person": m.Person, "sale": m.Sale, "appointment": m.Appointment,
          "project": m.Project}
LISTS = {"country": m.Country, "business": m.Business, "category": m.Category}


@cache
def _alias(table: str, name: str, depth: int) -> FromClause:
    """A table under an alias, made once: its column collection costs more to build than the rest of a query.
    One per nesting `depth` of frames: a frame inside another's condition (`_members`) must not share the
    outer one's objects, which SQLAlchemy would correlate (leave out of the inner FROM)."""
    return TABLES[table].__table__.alias(name)  # type: ignore[attr-defined, no-any-return]


class _Frame:
    """The FROM clause of one query: table aliases by name, the row's entity and primary key."""

    def __init__(self, tenant_id: int, query: q.Query, byte_order: bool = False, depth: int = 0) -> None:
        self.tid, self.depth = tenant_id, depth
        self.byte_order = byte_order  # text compares in byte order (SQLite): prefixes can be index ranges
        provider = query.provider
        self.root = provider.root
        self.tables: dict[str, FromClause] = {}
        if provider.root == q.CONTACT_PERSON:
            member = _contact_person(tenant_id, query.entities).subquery("member")
            self.tables["member"] = member
            self.from_: FromClause = member
            self.entity: ColumnElement[Any] | None = member.c.entity
            self.key, self.scope = member.c.pk, true()
        else:
            root = _alias(provider.root, provider.root, depth)
            self.tables[provider.root] = root
            self.from_ = root
            self.entity, self.key = None, root.c.id  # one entity: named in Python, not selected
            self.scope = root.c.tenant_id == tenant_id
        needed = _needed(query)
        for join in provider.joins:
            if join.alias in needed or any(j.parent == join.alias and j.alias in needed for j in provider.joins):
                table = _alias(join.table, join.alias, depth)
                parent = self.tables[join.parent]
                self.from_ = self.from_.outerjoin(table, and_(table.c.tenant_id == tenant_id,
                                                              table.c.id == parent.c[join.key]))
                self.tables[join.alias] = table

    def field(self, f: q.Field) -> ColumnElement[Any]:
        return self.tables[f.alias].c[f.column]

    def value(self, source: q.Source) -> ColumnElement[Any]:
        """What a cell shows (and what ORDER BY sorts by)."""
        if isinstance(source, q.Field):
            return self.field(source)
        if isinstance(source, q.Concat):
            parts = [func.coalesce(self.field(p), "") for p in source.parts]
            joined = parts[0]
            for part in parts[1:]:
                joined = joined + " " + part
            return func.trim(joined)
        if isinstance(source, q.Element):
            e = m.Element
            return (select(e.value).where(*self._elements(source)).order_by(e.field, e.rank).limit(1)
                    .scalar_subquery())
        if isinstance(source, q.Flag):
            return case((self._flag(source), 1), else_=0)
        if isinstance(source, q.Udef):
            u = m.UdefValue
            return (select(getattr(u, source.slot)).where(
                u.tenant_id == self.tid, u.owner == source.owner, u.record_id == self.tables[source.alias].c.id,
                u.field_id == source.field_id).scalar_subquery())
        if isinstance(source, q.Weighted):
            return self.field(source.amount) * self.field(source.percent) / 100.0
        if isinstance(source, q.ListName):
            return self._name_of(source)
        if isinstance(source, q.UserName):
            a = m.Associate
            return (select(a.name).where(a.tenant_id == self.tid, a.id == self.field(source.field))
                    .scalar_subquery())
        return null()

    def _name_of(self, source: q.ListName) -> ColumnElement[Any]:
        model = LISTS.get(source.list_name)
        if model is not None:
            return (select(model.name).where(model.tenant_id == self.tid, model.id == self.field(source.field))
                    .scalar_subquery())
        g = m.GenericListItem
        return (select(g.name).where(g.tenant_id == self.tid, g.list_name == source.list_name,
                                     g.id == self.field(source.field)).scalar_subquery())

    def _elements(self, source: q.Element) -> list[ColumnElement[bool]]:
        e = m.Element
        return [e.tenant_id == self.tid, e.owner == source.owner, e.owner_id == self.tables[source.alias].c.id,
                e.field.in_(source.fields)]

    def _flag(self, source: q.Flag) -> ColumnElement[bool]:
        column = self.field(source.field)
        return column != source.value if source.op == "ne" else column == source.value

    def condition(self, node: q.Node) -> ColumnElement[bool]:
        if isinstance(node, q.Constant):
            return true() if node.value else false()
        if isinstance(node, q.Group):
            parts = [self.condition(item) for item in node.items]
            return and_(*parts) if node.op == "and" else or_(*parts)
        if isinstance(node, q.Members):
            return self._members(node)
        return self._leaf(node)

    def _members(self, node: q.Members) -> ColumnElement[bool]:
        """A person row whose person is a member, or whose contact is one as a contact (PersonId 0); a contact
        row whose contact is, or one of its persons (see `q.Members`)."""
        if node.provider is None:
            sm = m.SelectionMember
            found: Any = select(sm.contact_id, sm.person_id).where(sm.tenant_id == self.tid,
                                                                   sm.selection_id == node.selection_id)
        else:
            inner = _Frame(self.tid, q.Query(node.provider, (), node.criteria, (), node.entities, 0, None),
                           self.byte_order, self.depth + 1)
            member = inner.tables["member"]
            found = (select(member.c.contact_id, member.c.person_id).select_from(inner.from_)
                     .where(inner.scope, inner.condition(node.criteria) if node.criteria is not None else true()))
        pairs = found.subquery("selected")
        persons = select(pairs.c.person_id).where(pairs.c.person_id != 0)
        as_contacts = select(pairs.c.contact_id).where(pairs.c.person_id == 0)
        contacts = select(pairs.c.contact_id)
        if self.root == q.CONTACT_PERSON:
            row = self.tables["member"].c
            return or_(and_(row.person_id != 0, or_(row.person_id.in_(persons), row.contact_id.in_(as_contacts))),
                       and_(row.person_id == 0, row.contact_id.in_(contacts)))
        table = self.tables[self.root].c
        if self.root == "person":
            return or_(table.id.in_(persons), table.contact_id.in_(as_contacts))
        return table.id.in_(contacts)

    def _leaf(self, leaf: q.Leaf) -> ColumnElement[bool]:
        source = leaf.source
        if isinstance(source, q.Element):
            e = m.Element
            found = exists().where(*self._elements(source), or_(_compare(e.value, leaf), _compare(e.stripped, leaf)))
            return not_(found) if leaf.negate else found
        if isinstance(source, q.Flag):
            test = self._flag(source)
            positive = test if leaf.args[0] else not_(test)
        elif isinstance(source, q.Udef) and leaf.op == "is":  # a check box: a number, set when not 0
            test = func.coalesce(self.value(source), 0) != 0
            positive = test if leaf.args[0] else not_(test)
        else:
            expr = self.value(source)
            positive = _compare(expr, leaf, self.byte_order)
            if leaf.negate:
                return or_(expr.is_(None), not_(positive))
        return not_(positive) if leaf.negate else positive


def _compare(expr: ColumnElement[Any], leaf: q.Leaf, byte_order: bool = False) -> ColumnElement[bool]:
    """The positive form of a leaf's test on one expression."""
    op, args = leaf.op, leaf.args
    if op == "like":
        text, at_start, at_end = args
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = ("" if at_start else "%") + escaped + ("" if at_end else "%")
        matches = expr.ilike(pattern, escape="\\")
        if byte_order and at_start and text:  # "begins": also a range on lower(...) the expression indexes serve
            low = text.lower()
            return and_(func.lower(expr) >= low, func.lower(expr) < low[:-1] + chr(ord(low[-1]) + 1), matches)
        return matches
    if op == "ieq":
        return func.lower(expr) == args[0].lower()
    if op == "in":
        return expr.in_(list(args[0]))
    if op == "between":
        return expr.between(args[0], args[1])
    if op == "range":
        return and_(expr >= args[0], expr < args[1])
    if op == "is":
        return expr == args[0]
    compare = {"eq": expr.__eq__, "gt": expr.__gt__, "ge": expr.__ge__, "lt": expr.__lt__, "le": expr.__le__}
    return compare[op](args[0])


def _contact_person(tid: int, entities: tuple[str, ...]) -> Any:
    """One row per person (with its contact), and one per contact without persons (contact and person
    entities); with one entity only, that entity's rows. Columns: entity, pk, contact_id, person_id."""
    c, p = m.Contact, m.Person
    persons = select(_constant("person", "entity"), p.id.label("pk"), p.contact_id.label("contact_id"),
                     p.id.label("person_id")).where(p.tenant_id == tid)
    contacts = select(_constant("contact", "entity"), c.id.label("pk"), c.id.label("contact_id"),
                      literal_column("0", Integer).label("person_id")).where(c.tenant_id == tid)
    if "person" in entities:
        contacts = contacts.where(~exists().where(p.tenant_id == tid, p.contact_id == c.id))
    parts = [part for entity, part in (("person", persons), ("contact", contacts)) if entity in entities]
    return parts[0] if len(parts) == 1 else union_all(*parts)


def _constant(text: str, label: str) -> ColumnElement[Any]:
    """A text constant written into the SQL (a bound one has no type PostgreSQL can infer in a UNION)."""
    return literal_column(f"'{text}'", String).label(label)


def _needed(query: q.Query) -> set[str]:
    """The aliases a query reads: its columns, its restrictions, its sort order."""
    found: set[str] = set()
    for column in query.columns:
        found |= q.aliases_of(column.source)
    for source, _desc, _text in query.order:
        found |= q.aliases_of(source)
    stack = [query.where] if query.where is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, q.Group):
            stack.extend(node.items)
        elif isinstance(node, q.Leaf):
            found |= q.aliases_of(node.source)
    return found


def search(session: Session, tenant_id: int, query: q.Query, count: bool = False) -> tuple[list[q.Hit], int | None]:
    """One page of rows (entity, primary key, the columns' values) and, when asked, how many rows match."""
    byte_order = session.get_bind().dialect.name == "sqlite"
    try:
        rows_sql, count_sql = _kept_statements(tenant_id, query, byte_order)
    except TypeError:  # a value that is no key (a list in a leaf): built for this call only
        rows_sql, count_sql = _statements(tenant_id, query, byte_order)
    # Core on the unit's connection: the ORM's execution would add nothing to a statement of tables.
    connection = session.connection()
    hits = [q.Hit(row[0] or query.entities[0], row[1], tuple(row[2:])) for row in connection.execute(rows_sql)]
    total = connection.execute(count_sql).scalar() if count else None
    return hits, total


def _statements(tenant_id: int, query: q.Query, byte_order: bool) -> tuple[Any, Any]:
    """A query's page and count SELECTs."""
    frame = _Frame(tenant_id, query, byte_order)
    where = [frame.scope] + ([frame.condition(query.where)] if query.where is not None else [])
    order = []
    for source, desc, text in query.order:
        key = func.lower(frame.value(source)) if text else frame.value(source)
        order.append(key.desc() if desc else key.asc())
    entity = frame.entity if frame.entity is not None else literal_column("NULL", String)
    ties = [frame.entity, frame.key] if frame.entity is not None else [frame.key]
    rows_sql = (select(entity, frame.key, *[frame.value(c.source) for c in query.columns])
                .select_from(frame.from_).where(*where).order_by(*order, *ties)
                .offset(query.offset).limit(query.limit))
    return rows_sql, select(func.count()).select_from(frame.from_).where(*where)


# Kept per tenant and query (frozen data, so a key): building a statement costs more than running it, and a
# client asks the same search again and again. A statement is immutable, so threads share it.
_kept_statements = lru_cache(maxsize=256)(_statements)
