"""Carriers as NetServer's JSON (Json.NET as the WebAPI configures it), compiled per type from the catalogue.

- Property names are the contract's element names (PascalCase), in the order NetServer writes them: a
  carrier's own fields, then its base type's (`TableRight`, `FieldProperties` last).
- `ArrayOfX` is a JSON array; a WCF dictionary (`StringDictionary`, `FieldPropertyDictionary` ...) a JSON
  object; an enum its name; a [Flags] enum its names joined by ", " (.NET's `ToString()`).
- Dates as NetServer's WebAPI writes them: no zone suffix (`2024-05-01T12:00:00`), `Z` on UTC times when
  the request's `SO-TimeZone` says `includeTZOffset`; no date is `0001-01-01T00:00:00`.
- A value field the carrier leaves unset is written as NetServer's default (0, false, no date, the enum's
  first value); strings, carriers and arrays may be `null`.
Reading is the inverse; a value of the wrong JSON type is a `ShapeError` naming where it is.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from typing import Any

from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.soap.dates import MIN_VALUE, wire

Writer = Callable[[Any], Any]
Reader = Callable[[Any, str], Any]
MIN_DATE = dt.datetime(1, 1, 1)
INTS = {"int", "short", "long", "unsignedInt", "byte", "unsignedByte", "unsignedShort", "unsignedLong", "char"}
MAX_ITEMS = 65536  # in one array, as the SOAP front bounds a request's elements (soapsvc.soap.guard)
# The range of each integer type (as .NET reads it: a value out of it is an error, never a wrapped number).
RANGES = {"int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1), "long": (-2**63, 2**63 - 1),
          "byte": (-128, 127), "unsignedByte": (0, 255), "unsignedShort": (0, 2**16 - 1),
          "unsignedInt": (0, 2**32 - 1), "unsignedLong": (0, 2**64 - 1), "char": (0, 2**16 - 1)}
FLOATS = {"double", "float", "decimal"}


class ShapeError(ValueError):
    """JSON that does not fit the contract: `where` is the property path."""


def fields_of(type_name: str) -> tuple[cat.Field, ...]:
    """Own fields first, then the base type's, as Json.NET writes a derived carrier."""
    found: list[cat.Field] = []
    name: str | None = type_name
    while name:
        ctype = cat.TYPES[name]
        found.extend(ctype.fields)
        name = ctype.base
    return tuple(found)


def dictionary_pair(type_name: str) -> cat.Type | None:
    """The Key/Value pair type of a WCF dictionary, or None when `type_name` is not one."""
    ctype = cat.TYPES.get(type_name)
    if ctype is None or len(ctype.fields) != 1 or not ctype.fields[0].array:
        return None
    pair = cat.TYPES.get(ctype.fields[0].type)
    return pair if pair is not None and [f.name for f in pair.fields] == ["Key", "Value"] else None


def _default(type_name: str) -> Any:
    if type_name in INTS or type_name in FLOATS:
        return 0
    if type_name == "boolean":
        return False
    if type_name == "dateTime":
        return MIN_VALUE
    if (enum := cat.ENUMS.get(type_name)) is not None:
        return "" if enum.flags else enum.values[0][0]
    return None


WITH_OFFSET: ContextVar[bool] = ContextVar("with_offset", default=False)


def json_date(value: dt.datetime) -> str:
    """NetServer's JSON date: UTC times without a zone unless the request's `SO-TimeZone` asked for
    `includeTZOffset` (then with `Z`, as the SOAP side always writes them)."""
    text = wire(value)
    return text if WITH_OFFSET.get() or not text.endswith("Z") else text[:-1]


# --- writing ---------------------------------------------------------------------------------------------

def _write_primitive(type_name: str) -> Writer:
    if type_name == "dateTime":
        return lambda v: json_date(v) if isinstance(v, dt.datetime) else v
    if type_name == "base64Binary":
        return lambda v: base64.b64encode(v).decode() if isinstance(v, bytes) else v
    if type_name == "duration":
        return lambda v: str(v) if isinstance(v, dt.timedelta) else v
    if (enum := cat.ENUMS.get(type_name)) is not None and enum.flags:
        return lambda v: ", ".join(v.split()) if isinstance(v, str) else v
    return lambda v: v


def value_writer(type_name: str, array: bool = False) -> Writer:
    """How a value of the contract's `type_name` (an element, parameter or result) is written."""
    if array:
        item = value_writer(type_name)
        return lambda v: None if v is None else [item(x) for x in v]
    if (ctype := cat.TYPES.get(type_name)) is not None:
        if ctype.item is not None:
            return value_writer(ctype.item.type, array=True)
        if (pair := dictionary_pair(type_name)) is not None:
            return _dictionary_writer(ctype.fields[0].name, pair)
        return lambda v: None if v is None else carrier_writer(_actual(v, type_name))(v)
    write, default = _write_primitive(type_name), _default(type_name)
    return lambda v: default if v is None else write(v)


def _actual(value: Any, declared: str) -> str:
    """The carrier's own type when it is a derived one the contract knows (Json.NET writes what it has)."""
    name = getattr(type(value), "__type_name__", declared)
    return name if name in cat.TYPES else declared


def _dictionary_writer(list_field: str, pair: cat.Type) -> Writer:
    value = value_writer(pair.fields[1].type)

    def write(v: Any) -> Any:
        if v is None:
            return {}  # as NetServer writes an empty dictionary (FieldProperties)
        return {p.Key: value(p.Value) for p in getattr(v, list_field, None) or [] if p is not None}

    return write


@cache
def carrier_writer(type_name: str) -> Writer:
    """The writer of one carrier type, compiled once: a list of (property, how its value is written)."""
    plan: list[tuple[str, Writer]] = []

    def write(v: Any) -> dict[str, Any]:
        return {name: fn(getattr(v, name, None)) for name, fn in plan}

    # filled after `write` exists, so that a carrier that contains itself (a tree) finds its own writer
    plan.extend((f.name, value_writer(f.type, f.array)) for f in fields_of(type_name))
    return write


# --- reading ---------------------------------------------------------------------------------------------

def _shape(where: str, expected: str, got: Any) -> ShapeError:
    return ShapeError(f"{where}: expected {expected}, got {type(got).__name__} {str(got)[:40]!r}")


def _read_primitive(type_name: str) -> Reader:
    def read(v: Any, where: str) -> Any:
        if v is None:
            return None
        if type_name in INTS:
            if isinstance(v, bool) or not isinstance(v, int | str):
                raise _shape(where, "an integer", v)
            try:
                n = int(v)
            except ValueError:
                raise _shape(where, "an integer", v) from None
            low, high = RANGES[type_name]
            if not low <= n <= high:
                raise _shape(where, f"an integer from {low} to {high} ({type_name})", v)
            return n
        if type_name in FLOATS:
            if isinstance(v, bool) or not isinstance(v, int | float | str):
                raise _shape(where, "a number", v)
            try:
                return float(v)
            except ValueError:
                raise _shape(where, "a number", v) from None
        if type_name == "boolean":
            if not isinstance(v, bool):
                raise _shape(where, "true or false", v)
            return v
        return _read_text(type_name, v, where)

    return read


def _read_text(type_name: str, v: Any, where: str) -> Any:
    if type_name == "anyType":
        return v
    if (enum := cat.ENUMS.get(type_name)) is not None:
        return _read_enum(enum, v, where)
    if not isinstance(v, str):
        raise _shape(where, "a string", v)
    if type_name == "dateTime":
        if v.startswith("0000-"):  # MinValue sent from a zone east of UTC (JavaScript's Date): no date
            return MIN_DATE
        try:
            return dt.datetime.fromisoformat(v.replace("Z", "+00:00") if v.endswith("Z") else v)
        except ValueError:
            raise _shape(where, "a date (2024-05-01T12:00:00)", v) from None
    if type_name == "base64Binary":
        try:
            return base64.b64decode(v, validate=True)
        except ValueError:
            raise _shape(where, "base64 data", v) from None
    return v


# The names .NET's Enum.ToString() gives combinations of [Flags] values that the WSDL does not list: NetServer's
# JSON is written with them ("FULL", "RI, RestrictedUpdate"; a FieldRight "Update, UIHintMandatory"), so a client
# sends them back. From SuperOffice's own client (@superoffice/webapi 12.4, Enums.js).
FLAG_COMBINATIONS = {
    "ETableRight": {"none": 0, "ur": 3, "ri": 5, "uri": 7, "udr": 11, "full": 15, "rf": 17, "fi": 20, "uru": 34,
                    "write": 38},
    "EFieldRight": {"none": 0, "update": 3, "uihints": 192},
}


def _mask_names(bits: dict[int, str], mask: int) -> list[str]:
    return [name for bit, name in bits.items() if bit and mask & bit == bit and bit & (bit - 1) == 0]


def _read_enum(enum: cat.Enum, v: Any, where: str) -> str:
    """An enum by name (any case) or by number, as Json.NET accepts it; flags as "A, B", a list, or a mask."""
    names = {name.lower(): name for name, _n in enum.values}
    combinations = FLAG_COMBINATIONS.get(enum.name, {})
    if enum.flags:
        bits: dict[int, str] = {}
        for i, (name, n) in enumerate(enum.values):
            bits.setdefault(n if n is not None else 1 << i, name)  # R, F: aliases of Select, Filtering
        if isinstance(v, int) and not isinstance(v, bool):
            return " ".join(_mask_names(bits, v))
        parts = v if isinstance(v, list) else str(v).replace(",", " ").split()
    else:
        bits = {(n if n is not None else i): name for i, (name, n) in enumerate(enum.values)}
        parts = [v]
    out = []
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool) and part in bits:
            out.append(bits[part])
        elif isinstance(part, str) and part.lower() in names:
            out.append(names[part.lower()])
        elif isinstance(part, str) and part.lower() in combinations:
            out.extend(_mask_names(bits, combinations[part.lower()]))
        else:
            raise _shape(where, f"one of {', '.join(n for n, _x in enum.values[:8])}", part)
    return " ".join(out)


def value_reader(type_name: str, array: bool = False) -> Reader:
    """How a JSON value for the contract's `type_name` becomes what the behaviour gets (a carrier ...)."""
    if array:
        item = value_reader(type_name)

        def read_list(v: Any, where: str) -> Any:
            if v is None:
                return None
            if isinstance(v, dict):  # NetServer adds an object sent where an array belongs to the array
                v = [v]
            if not isinstance(v, list):
                raise _shape(where, "an array", v)
            if len(v) > MAX_ITEMS:
                raise ShapeError(f"{where}: {len(v)} items, more than {MAX_ITEMS} (WCF's MaxItemsInObjectGraph): "
                                 "send fewer per call")
            return [item(x, f"{where}[{i}]") for i, x in enumerate(v)]

        return read_list
    if (ctype := cat.TYPES.get(type_name)) is not None:
        if ctype.item is not None:
            return value_reader(ctype.item.type, array=True)
        if (pair := dictionary_pair(type_name)) is not None:
            return _dictionary_reader(type_name, ctype.fields[0].name, pair)
        return lambda v, where: carrier_reader(type_name)(v, where)
    return _read_primitive(type_name)


def _dictionary_reader(type_name: str, list_field: str, pair: cat.Type) -> Reader:
    value = value_reader(pair.fields[1].type)
    cls, pair_cls = getattr(t, type_name), getattr(t, pair.name)

    def read(v: Any, where: str) -> Any:
        if v is None:
            return None
        if not isinstance(v, dict):
            raise _shape(where, "an object of names and values", v)
        return cls(**{list_field: [pair_cls(Key=k, Value=value(x, f"{where}.{k}")) for k, x in v.items()]})

    return read


@cache
def carrier_reader(type_name: str) -> Reader:
    """The reader of one carrier type: known properties (any case, as Json.NET binds), unknown ones ignored."""
    plan: dict[str, tuple[str, Reader]] = {}
    cls = getattr(t, type_name)

    def read(v: Any, where: str) -> Any:
        if v is None:
            return None
        if not isinstance(v, dict):
            raise _shape(where or type_name, f"a {type_name} object", v)
        kwargs = {}
        for key, item in v.items():
            if (known := plan.get(key.lower())) is not None:
                name, fn = known
                kwargs[name] = fn(item, f"{where}.{name}" if where else name)
        return cls(**kwargs)

    plan.update((f.name.lower(), (f.name, value_reader(f.type, f.array))) for f in fields_of(type_name))
    return read
