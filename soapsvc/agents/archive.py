"""Archive: pages of rows from archive providers, restricted, sorted and encoded as NetServer does.

Implemented: GetArchiveListByColumns, GetArchiveListByColumns2 (columns, sort order, restrictions and
entities as strings: `name begins 'A' and (category oneOf (1,2) or ...)`), their WithContext and
WithHeader variants (WithHeader adds the number of matching rows), GetAvailableColumns,
GetAvailableEntities, GetProviderNames.
Providers: Contact/SimpleContact/FindContact, Person/SimplePerson, Sale/SimpleSale/FindSale,
Appointment/SimpleAppointment/FindAppointment, FindProject/SimpleProject, and the combined contact/person
provider ContactPersonDynamicSelectionV2 (`soapsvc.search.providers`); columns: ids, names, department,
orgnr, number, country, business, category, owner, registered/updated by and date, first phone/e-mail/URL,
person names and contact, sale heading/amount/weighted amount/probability/date/status/type, appointment
date/end date/text/type/completed, project name/number/type/status/completed, and the joined records'
columns (contact/name ...) (`soapsvc.search.columns`). Operators: all of restriction-types.md for bool,
int, decimal, string, associate, listAny, date and datetime columns (`soapsvc.search.operators`).
Known differences from NetServer:
- Only what soapsvc keeps in a table column, element row or user-defined value row is a column (published
  user-defined fields by prog id, contactUdef/SuperOffice:1; no extra fields, addresses, interests,
  consents, activity counters, Saint); fullName is first + last name (no middle
  name); an appointment's `text` is its Title; FindContact has the contact columns only.
- A selectionId restriction lists a selection's members (Contact, Person, ContactPersonDynamicSelectionV2
  only: `soapsvc.search.selections`); selectionId is no column to show; Context and Options are ignored.
- Text matches and sorts ignore case (on SQLite for ASCII letters only); stringorPK columns match text
  only; relative dates are UTC days and ISO weeks; list and associate columns sort by item name and
  log-in name.
- Cells: dates are [DT:MM/dd/yyyy HH:mm:ss.fffffff] in UTC, yes/no [I:1]/[I:0], list columns the item's
  name, associate columns the log-in name (the *FullName ones the full name); TooltipHint and LinkHint
  are empty, a row's LinkHint is nav=<entity>&<entity>_id=<id>.
- Without Columns a request gets the provider's default columns; a PageSize of 0 means all rows; a
  restriction with IsActive false is left out, one without IsActive counts. GetAvailableEntities answers
  MDOListItems whose Name is the entity name and FullName/ToolTip its heading.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.search import engine, providers, render, syntax
from soapsvc.search.restrictions import parse, strings, tokens_of


def order_of(infos: Any) -> list[tuple[str, bool]]:
    """ArchiveOrderByInfo objects as (column, descending) pairs."""
    if infos is not None and not isinstance(infos, list | tuple):
        infos = getattr(infos, "ArchiveOrderByInfo", None) or []
    return [(o.Name or "", str(o.Direction or "ASC").upper() == "DESC") for o in infos or [] if o is not None]


def object_request(provider: str | None, columns: Any, order: Any, restrictions: Any, entities: Any = None,
                   page: int | None = 0, page_size: int | None = 0) -> engine.Request:
    """A request from the object form: arrays of strings, ArchiveOrderByInfo, ArchiveRestrictionInfo."""
    return engine.Request(provider, strings(columns), order_of(order), parse(tokens_of(restrictions)),
                          strings(entities), page, page_size)


def string_request(provider: str | None, columns: str | None, order: str | None, restrictions: str | None,
                   entities: str | None = None, page: int | None = 0, page_size: int | None = 0) -> engine.Request:
    """A request from the string form of the `...2` operations."""
    return engine.Request(provider, syntax.names(columns), syntax.order(order),
                          parse(syntax.restriction_tokens(restrictions)), syntax.names(entities), page, page_size)


@implements("Archive", "GetArchiveListByColumns")
def by_columns(call: Call, provider: str | None, columns: Any, order: Any, restriction: Any, entities: Any,
               page: int | None, page_size: int | None) -> list[t.ArchiveListItem]:
    request = object_request(provider, columns, order, restriction, entities, page, page_size)
    return engine.run(call, request).rows


@implements("Archive", "GetArchiveListByColumns2")
def by_columns2(call: Call, provider: str | None, columns: str | None, order: str | None, restrictions: str | None,
                entities: str | None, page: int | None, page_size: int | None) -> list[t.ArchiveListItem]:
    request = string_request(provider, columns, order, restrictions, entities, page, page_size)
    return engine.run(call, request).rows


@implements("Archive", "GetArchiveListByColumnsWithContext")
def by_columns_with_context(call: Call, *args: Any) -> list[t.ArchiveListItem]:
    return by_columns(call, *args[:7])


@implements("Archive", "GetArchiveListByColumnsWithContext2")
def by_columns_with_context2(call: Call, *args: Any) -> list[t.ArchiveListItem]:
    return by_columns2(call, *args[:7])


def _with_header(call: Call, request: engine.Request) -> t.ArchiveListResult:
    result = engine.run(call, request, count=True)
    return t.ArchiveListResult(RowCount=result.total, Rows=result.rows)


@implements("Archive", "GetArchiveListByColumnsWithHeader")
def with_header(call: Call, *args: Any) -> t.ArchiveListResult:
    return _with_header(call, object_request(*args[:7]))


@implements("Archive", "GetArchiveListByColumnsWithHeader2")
def with_header2(call: Call, *args: Any) -> t.ArchiveListResult:
    return _with_header(call, string_request(*args[:7]))


@implements("Archive", "GetAvailableColumns")
def available_columns(call: Call, provider: str | None, _context: str | None = None) -> list[t.ArchiveColumnInfo]:
    return [render.column_info(c) for c in providers.provider(provider).columns]


@implements("Archive", "GetAvailableEntities")
def available_entities(call: Call, provider: str | None, _context: str | None = None) -> list[t.MDOListItem]:
    return render.entity_items(providers.provider(provider))


@implements("Archive", "GetProviderNames")
def provider_names(call: Call) -> list[str]:
    return [p.name for p in providers.PROVIDERS]
