"""One archive search from request to carriers, shared by the Archive and Find agents.

A request names a provider, columns, a sort order, restrictions (already parsed into a tree, from
objects or from a string; `selectionId` restricts to a selection's members: `soapsvc.search.selections`),
entities and a page. Everything is checked before any SQL runs: an unknown
provider, entity, column or operator, a value of the wrong kind, a sort by a column that cannot be
sorted by, is a ValidationError that says what to use instead. Rows come back in the order asked, then
by primary key (so that pages never overlap); a PageSize of 0 or less means all rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.search import columns as cols
from soapsvc.search import operators, providers, render, selections
from soapsvc.search.model import Column, Concat, Element, Field, ListName, Provider, Query, Source, UserName
from soapsvc.search.restrictions import Raw, Tree, raws, walk
from soapsvc.store import archive as store
from soapsvc.store import udef as udef_store

Find = Callable[[str], Column | None]


@dataclass
class Request:
    provider: str | None
    columns: list[str]
    order: list[tuple[str, bool]]
    restrictions: Tree | None
    entities: list[str] = field(default_factory=list)
    page: int | None = 0
    page_size: int | None = 0


@dataclass
class Result:
    columns: list[Column]
    rows: list[t.ArchiveListItem]
    total: int | None


def finder(call: Call, provider: Provider) -> Find:
    """A provider's columns by name: its own, then the tenant's published user-defined fields it reaches
    (contactUdef/SuperOffice:1, by prog id, without regard to case)."""

    def find(name: str) -> Column | None:
        found = provider.column(name)
        if found is not None:
            return found
        for prefix, alias, owner in provider.udefs:
            if name.lower().startswith(prefix.lower()):
                prog = name[len(prefix):].lower()
                for row in udef_store.fields(call.db, call.tenant_id, udef_store.OWNERS[owner]):
                    if row.published and str(row.published.get("ProgId", "")).lower() == prog:
                        return cols.udef(name, alias, owner, row.published)
        return None

    return find


def column(provider: Provider, name: str, use: str, find: Find | None = None) -> Column:
    found = (find or provider.column)(name)
    if found is None:
        raise ValidationError(f"Archive provider {provider.name} has no column '{name}' to {use}; its columns "
                              f"are: {', '.join(c.name for c in provider.columns)}.", column=name)
    return found


def _sort_source(col: Column) -> Source:
    """What a column sorts by: list columns by the item's name, associate columns by the log-in name."""
    if col.kind == "associate" and isinstance(col.source, Field):
        return UserName(col.source)
    if col.kind == "listAny" and col.list_name and isinstance(col.source, Field):
        return ListName(col.source, col.list_name)
    return col.source


TEXT_KINDS = ("string", "stringorPK", "positiveString")


def _order(provider: Provider, order: list[tuple[str, bool]], find: Find) -> tuple[tuple[Source, bool, bool], ...]:
    """Sort keys; text sorts without regard to case, as NetServer's (SQL Server) collation does."""
    out = []
    for name, desc in order:
        col = column(provider, name, "sort by", find)
        if not col.orderable:
            sortable = ", ".join(c.name for c in provider.columns if c.orderable)
            raise ValidationError(f"Column '{col.name}' of {provider.name} cannot be sorted by; sort by one of: "
                                  f"{sortable}.", column=col.name)
        source = _sort_source(col)
        text = isinstance(source, ListName | UserName | Concat | Element) or col.kind in TEXT_KINDS or bool(col.codes)
        out.append((source, desc, text))
    return tuple(out)


def _bind(call: Call, provider: Provider, raw: Raw, entities: tuple[str, ...], me: int, find: Find
          ) -> operators.Node:
    if selections.named(raw):
        return selections.restrict(call, provider, raw, entities, me)
    return operators.bind(provider, raw.name, raw.operator, list(raw.values), me, find)


def default_columns(provider: Provider, tree: Tree | None) -> list[str]:
    """Find's result columns when none are asked for: the provider's defaults, then the columns the
    restrictions name (NetServer's GetDefaultDesiredColumnsFromRestrictions)."""
    named = [provider.column(r.name) for r in raws(tree)]
    found = [*provider.defaults, *(c.name for c in named if c is not None and c.display != "none")]
    return list(dict.fromkeys(found))


def run(call: Call, request: Request, count: bool = False) -> Result:
    """Check a request, run it in SQL, and render the page (and the number of matching rows if asked)."""
    provider = providers.provider(request.provider)
    entities = providers.entities(provider, request.entities)
    names = list(dict.fromkeys(n for n in request.columns if n)) or list(provider.defaults)
    find = finder(call, provider)
    shown = [(name, column(provider, name, "show", find)) for name in names]
    page, size = request.page or 0, request.page_size or 0
    if page < 0:
        raise ValidationError(f"Page {page} is not a page: pages are counted from 0.", page=str(page))
    me = call.session.principal.associate_id
    query = Query(provider=provider, columns=tuple(c for _n, c in shown),
                  where=walk(request.restrictions, lambda raw: _bind(call, provider, raw, entities, me, find)),
                  order=_order(provider, request.order, find), entities=entities,
                  offset=page * size if size > 0 else 0, limit=size if size > 0 else None)
    hits, total = store.search(call.db, call.tenant_id, query, count)
    return Result([c for _n, c in shown], [render.row(hit, shown, call.session) for hit in hits], total)
