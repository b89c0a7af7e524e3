"""OData collection GETs (`/api/v1/Contact?$select=...&$filter=...`) as archive searches.

NetServer turns the query options into an archive request of the route's provider (the Swagger names it:
"Calls the Archive service using the "SimpleContact" archive"): `$select` the columns, `$filter` the
restriction in NetServer's restriction text (`name begins 'foo' and category gt 1`; its operators are
the archive's own, `eq`/`ne`/`lt`/`le`/`gt`/`ge` included), plus the OData functions `startswith(a,b)`,
`endswith(a,b)` and `substringof(a,b)`; `$orderby` the sort, `$entities`, `$top` and `$skip`. The answer is
the Slim shape: `{"odata.metadata": ..., "odata.nextLink": ..., "value": [{"PrimaryKey", "EntityName",
<column>: <display value>}]}`, numbers and dates in their plain form; `$mode=Full` gives the raw and display
value of each column.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

from soapsvc.rest.errors import RestError
from soapsvc.search import encoding

_FUNCS = {"startswith": "begins", "endswith": "ends", "substringof": "contains"}
_FUNC = re.compile(r"\b(startswith|endswith|substringof)\s*\(\s*([^,()]+?)\s*,\s*([^()]+?)\s*\)", re.I)
_QUOTED = re.compile(r"^'.*'$|^\".*\"$", re.S)


def restriction(text: str) -> str:
    """`$filter` in NetServer's restriction text: OData functions become the archive's operators."""

    def rewrite(m: re.Match[str]) -> str:
        a, b = m[2], m[3]
        if m[1].lower() == "substringof":  # substringof('text', column)
            a, b = b, a
        if _QUOTED.match(a) and not _QUOTED.match(b):
            a, b = b, a
        return f"{a} {_FUNCS[m[1].lower()]} {b}"

    return _FUNC.sub(rewrite, text or "")


def options(query_string: str) -> dict[str, str]:
    """The `$` options of the query, by lower-case name."""
    return {k.lower(): v for k, v in parse_qsl(query_string, keep_blank_values=True) if k.startswith("$")}


def plain_query(query_string: str) -> dict[str, str]:
    """The query's other parameters (route arguments such as `?fk=true`), by name as sent."""
    return {k: v for k, v in parse_qsl(query_string, keep_blank_values=True) if not k.startswith("$")}


def _number(opts: dict[str, str], name: str) -> int:
    text = opts.get(name, "")
    if not text:
        return 0
    if not text.isdigit():
        raise RestError(400, "ArgumentException", f"{name}: '{text}' is not a whole number of rows.")
    return int(text)


def request(opts: dict[str, str], extra_restriction: str = "") -> dict[str, Any]:
    """The archive request: columns, order, restriction, entities and how many rows to read."""
    top, skip = _number(opts, "$top"), _number(opts, "$skip")
    where = restriction(opts.get("$filter", ""))
    if extra_restriction:
        where = f"{extra_restriction} and ({where})" if where else extra_restriction
    return {"columns": opts.get("$select", ""), "order": opts.get("$orderby", ""), "restriction": where,
            "entities": opts.get("$entities", ""), "top": top, "skip": skip,
            "full": opts.get("$mode", "").lower() == "full"}


def _plain(text: str | None) -> Any:
    """A cell's display value as OData Slim gives it: numbers as numbers, dates as ISO text."""
    text = text or ""
    if text.startswith("[I:"):
        return int(encoding.plain(text))
    if text.startswith("[F:") or text.startswith("[M:"):
        return float(encoding.plain(text))
    if text.startswith("[DT:") or text.startswith("[D:"):
        return encoding.parse_datetime(text, "cell").replace(tzinfo=None).isoformat()
    return text


def _cells(row: Any) -> dict[str, Any]:
    data = getattr(row, "ColumnData", None)
    pairs = getattr(data, "ColumnDataKeyValuePair", None) or getattr(data, "StringKeyValuePair", None) or []
    return {p.Key: p.Value for p in pairs}


def answer(rows: list[Any], req: dict[str, Any], address: str, query_string: str) -> dict[str, Any]:
    """The Slim (or Full) OData answer for rows `skip ..` of the search, with the next page's link."""
    top, skip = req["top"], req["skip"]
    page = rows[skip:skip + top] if top else rows[skip:]
    value = []
    for row in page:
        item: dict[str, Any] = {"PrimaryKey": row.PrimaryKey, "EntityName": row.EntityName}
        for name, cell in _cells(row).items():
            if req["full"]:
                item.setdefault("Column", {})[name] = {
                    "RawValue": _plain(cell.DisplayValue), "DisplayValue": encoding.plain(cell.DisplayValue or ""),
                    "TooltipHint": cell.TooltipHint or "", "LinkHint": cell.LinkHint or ""}
            else:
                item[name] = _plain(cell.DisplayValue)
        value.append(item)
    out: dict[str, Any] = {"odata.metadata": "https://www.odata.org/", "odata.nextLink": None, "value": value}
    if top and len(rows) > skip + top:
        kept = [(k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k.lower() != "$skip"]
        out["odata.nextLink"] = f"{address}?{urlencode([*kept, ('$skip', str(skip + top))])}"
    return out
