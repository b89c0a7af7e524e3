"""Restriction operators per restriction type (restriction-types.md), bound to a column as a `Leaf`.

Operator names are matched without regard to case, and the symbolic and OData spellings NetServer also
reads are accepted (=, !=, <>, >, <, >=, <=, eq, ne, gt, lt, ge, le, equals, unequals, between ...).
Values may be plain ("5", "2024-05-01") or encoded ("[I:5]", "[DT:05/01/2024 00:00:00]"). An operator
that reads no value (today, currentAssociate, lastWeek ...) ignores any values sent; one that reads
one value uses the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from soapsvc.errors import ValidationError
from soapsvc.search import dates
from soapsvc.search import encoding as enc
from soapsvc.search.model import Column, Constant, Leaf, Node, Provider

# canonical name: (how many values: 0, 1, 2 or "+" for one or more; "?" for none or one), other spellings
Table = dict[str, tuple[int | str, tuple[str, ...]]]
_EQ, _NE = ("=", "==", "eq", "equals", "is"), ("!=", "<>", "ne", "unequals", "isnot")
NUMBER: Table = {
    "equals": (1, ("=", "==", "eq", "is")), "unequals": (1, ("!=", "<>", "ne", "isnot")),
    "greater": (1, (">", "gt")), "less": (1, ("<", "lt")), "between": (2, ()),
    "greaterOrEqual": (1, (">=", "ge")), "lessOrEqual": (1, ("<=", "le")),
}
STRING: Table = {
    "begins": (1, ("startswith",)), "contains": (1, ("substringof",)), "ends": (1, ("endswith",)),
    "is": (1, ("=", "==", "eq", "equals")), "notBegins": (1, ()), "notContains": (1, ()),
    "isNot": (1, ("!=", "<>", "ne", "unequals")), "between": (2, ()),
}
BOOL: Table = {"set": ("?", _EQ)}
ASSOCIATE: Table = {
    "currentAssociate": (0, ()), "associateIsOneOf": ("+", (*_EQ, "oneof")),
    "associateIsNotOneOf": ("+", (*_NE, "notoneof")),
}
LIST: Table = {"oneOf": ("+", (*_EQ, "in")), "notOneOf": ("+", _NE)}
DATE: Table = {
    "before": (1, ("<", "lt")), "date": (1, _EQ), "after": (1, (">", "gt")), "dateBetween": (2, ("between",)),
    "beforeToday": (0, ()), "today": (0, ()), "afterToday": (0, ()), **{p: (0, ()) for p in dates.PERIODS},
    "afterTime": (1, (">=", "ge")), "beforeTime": (1, ()), "dateTime": (1, ()),
}
TABLES: dict[str, Table] = {
    "int": NUMBER, "decimal": NUMBER, "string": STRING, "stringorPK": STRING, "positiveString": STRING,
    "bool": BOOL, "associate": ASSOCIATE, "listAny": LIST, "date": DATE, "datetime": DATE,
}


def operators(kind: str) -> list[str]:
    """The canonical operator names of a restriction type."""
    return list(TABLES.get(kind, {}))


def canonical(kind: str, operator: str) -> str | None:
    key = (operator or "").strip().lower()
    for name, (_arity, spellings) in TABLES[kind].items():
        if key == name.lower() or key in spellings:
            return name
    return None


def bind(provider: Provider, name: str, operator: str, values: list[str], me: int,
         find: Callable[[str], Column | None] | None = None) -> Node:
    """One restriction as a condition on one of the provider's columns (found by `find`, else by the
    provider's own); refused with what to use instead."""
    column = (find or provider.column)(name or "")
    if column is None:
        raise ValidationError(f"Archive provider {provider.name} has no column '{name}'. Its columns are: "
                              f"{', '.join(c.name for c in provider.columns if c.kind)} (GetAvailableColumns "
                              "lists them with their restriction types).", column=name or "")
    if not column.kind:
        raise ValidationError(f"Column '{column.name}' of {provider.name} can be shown but not restricted by; "
                              "restrict by one of its parts instead.", column=column.name)
    op = canonical(column.kind, operator)
    if op is None:
        raise ValidationError(f"Operator '{operator}' does not apply to column '{column.name}' "
                              f"({column.kind}); use one of: {', '.join(operators(column.kind))}.",
                              column=column.name, operator=operator or "")
    arity = TABLES[column.kind][op][0]
    needed = {1: 1, 2: 2, "+": 1}.get(arity, 0)
    if len(values) < needed:
        raise ValidationError(f"Restriction '{column.name} {op}' needs {needed} value(s), got {len(values)}.",
                              column=column.name, operator=op)
    return BUILDERS[column.kind](column, op, values, me)


def _what(column: Column) -> str:
    return f"Restriction on {column.name}"


def _number(column: Column, op: str, values: list[str], _me: int) -> Node:
    parse = enc.parse_int if column.kind == "int" else enc.parse_float
    v = [parse(x, _what(column)) for x in values[:2]]
    simple = {"equals": "eq", "greater": "gt", "less": "lt", "greaterOrEqual": "ge", "lessOrEqual": "le"}
    if op in simple:
        return Leaf(column.source, simple[op], (v[0],))
    if op == "unequals":
        return Leaf(column.source, "eq", (v[0],), negate=True)
    return Leaf(column.source, "between", (min(v), max(v)))


def _string(column: Column, op: str, values: list[str], _me: int) -> Node:
    text = values[0]
    if op == "between":
        return Leaf(column.source, "between", (values[0], values[1]))
    if op in ("is", "isNot"):
        return Leaf(column.source, "ieq", (text,), negate=op == "isNot")
    anchors = {"begins": (True, False), "notBegins": (True, False), "ends": (False, True)}
    return Leaf(column.source, "like", (text, *anchors.get(op, (False, False))), negate=op.startswith("not"))


def _bool(column: Column, _op: str, values: list[str], _me: int) -> Node:
    wanted = enc.parse_bool(values[0], _what(column)) if values else True
    if isinstance(column.source, Constant):  # getAllRows / getNoRows: set false asks for nothing
        return Constant(column.source.value if wanted else True)
    return Leaf(column.source, "is", (wanted,))


def _associate(column: Column, op: str, values: list[str], me: int) -> Node:
    ids = (me,) if op == "currentAssociate" else tuple(enc.parse_int(x, _what(column)) for x in values)
    return Leaf(column.source, "in", (ids,), negate=op == "associateIsNotOneOf")


def _list(column: Column, op: str, values: list[str], _me: int) -> Node:
    if column.codes:
        ids = tuple(_code(column, x) for x in values)
    else:
        ids = tuple(enc.parse_int(x, _what(column)) for x in values)
    return Leaf(column.source, "in", (ids,), negate=op == "notOneOf")


def _code(column: Column, value: str) -> str:
    """A coded list value by id or by name ("2" or "Sold" -> the stored "Sold")."""
    key = enc.plain(value).strip()
    for code_id, code in column.codes:
        if key == str(code_id) or key.lower() == code.lower():
            return code
    choices = ", ".join(f"{i} ({c})" for i, c in column.codes)
    raise ValidationError(f"{_what(column)}: '{value}' is not one of {choices}.", column=column.name)


def _date(column: Column, op: str, values: list[str], _me: int) -> Node:
    src, one = column.source, dt.timedelta(days=1)
    v = [enc.parse_datetime(x, _what(column)) for x in values[:2]]
    if op in ("beforeToday", "afterToday"):
        start, end = dates.period("today")
        return Leaf(src, "lt", (start,)) if op == "beforeToday" else Leaf(src, "ge", (end,))
    if op == "today" or op in dates.PERIODS:
        return Leaf(src, "range", dates.period(op))
    builders: dict[str, Callable[[], Leaf]] = {
        "before": lambda: Leaf(src, "lt", (dates.day(v[0]),)),
        "after": lambda: Leaf(src, "ge", (dates.day(v[0]) + one,)),
        "date": lambda: Leaf(src, "range", (dates.day(v[0]), dates.day(v[0]) + one)),
        "dateBetween": lambda: Leaf(src, "range", (dates.day(min(v)), dates.day(max(v)) + one)),
        "afterTime": lambda: Leaf(src, "ge", (v[0],)),
        "beforeTime": lambda: Leaf(src, "lt", (v[0],)),
        "dateTime": lambda: Leaf(src, "range", (v[0], v[0] + dt.timedelta(seconds=1))),
    }
    return builders[op]()


BUILDERS: dict[str, Callable[[Column, str, list[str], int], Any]] = {
    "int": _number, "decimal": _number, "string": _string, "stringorPK": _string, "positiveString": _string,
    "bool": _bool, "associate": _associate, "listAny": _list, "date": _date, "datetime": _date,
}
