"""Find: searches that return their rows with the description of their columns (FindResults).

Implemented: FindFromRestrictions, FindFromRestrictionsColumns, FindFromRestrictionsColumnsOrderBy and
their `...2` string forms, on the Archive agent's providers, columns and operators (see
`soapsvc.agents.archive`). Without DesiredColumns, the result's columns are the provider's default
columns followed by the columns the restrictions name, as NetServer's GetDefaultDesiredColumnsFromRestrictions
does. Without an OrderBy, rows come by primary key. PageNumber counts from 0.
Known differences from NetServer: those of the Archive agent; RowCount is the number of rows matching
the restrictions (all pages); saved restrictions (StorageType/StorageKey, Find, SaveRestrictions...)
are not implemented.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents import implements
from soapsvc.agents.archive import object_request, string_request
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.search import engine, providers, render


def _find(call: Call, request: engine.Request) -> t.FindResults:
    if not request.columns:
        request.columns = engine.default_columns(providers.provider(request.provider), request.restrictions)
    result = engine.run(call, request, count=True)
    return t.FindResults(ArchiveColumns=[render.column_info(c) for c in result.columns], ArchiveRows=result.rows,
                         RowCount=result.total)


@implements("Find", "FindFromRestrictions")
def find(call: Call, restrictions: Any, provider: str | None, page_size: int | None,
         page: int | None) -> t.FindResults:
    return _find(call, object_request(provider, None, None, restrictions, None, page, page_size))


@implements("Find", "FindFromRestrictionsColumns")
def find_columns(call: Call, restrictions: Any, provider: str | None, columns: Any, page_size: int | None,
                 page: int | None) -> t.FindResults:
    return _find(call, object_request(provider, columns, None, restrictions, None, page, page_size))


@implements("Find", "FindFromRestrictionsColumnsOrderBy")
def find_columns_order(call: Call, restrictions: Any, provider: str | None, columns: Any, order: Any,
                       page_size: int | None, page: int | None) -> t.FindResults:
    return _find(call, object_request(provider, columns, order, restrictions, None, page, page_size))


@implements("Find", "FindFromRestrictions2")
def find2(call: Call, restrictions: str | None, provider: str | None, page_size: int | None,
          page: int | None) -> t.FindResults:
    return _find(call, string_request(provider, None, None, restrictions, None, page, page_size))


@implements("Find", "FindFromRestrictionsColumns2")
def find_columns2(call: Call, restrictions: str | None, provider: str | None, columns: str | None,
                  page_size: int | None, page: int | None) -> t.FindResults:
    return _find(call, string_request(provider, columns, None, restrictions, None, page, page_size))


@implements("Find", "FindFromRestrictionsColumnsOrderBy2")
def find_columns_order2(call: Call, restrictions: str | None, provider: str | None, columns: str | None,
                        order: str | None, page_size: int | None, page: int | None) -> t.FindResults:
    return _find(call, string_request(provider, columns, order, restrictions, None, page, page_size))
