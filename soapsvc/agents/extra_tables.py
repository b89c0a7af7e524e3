"""The `y_` extra tables every soapsvc tenant's database has, and the rules of their values.

Shared by DatabaseTable (rows by table name) and CustomObject (the same rows as custom objects, and the
tables' definitions): neither agent module imports the other. Services88 has no operation that defines an
extra table (SuperOffice's admin client does it), so soapsvc's tenants all have the two below, as a database
made by the same installer would: `y_equipment` has a column of every type, `y_rental` refers to it.
A value travels as a string (StringDictionary, ArrayOfstring) and is checked against its column's type:
Int (a 32-bit integer), Double (invariant culture: '.' decimals), DateTime (ISO 8601), Bool ('1'/'0',
'true'/'false'), String (at most its Length). A row is kept and read back in canonical form (Int '42',
Double '2.5', DateTime '2024-01-02T08:00:00', Bool '1'/'0'); an empty value is the column's blank ('0', '',
'1' and '0' for Bool). Every table has its `id`, which the server assigns. Names are case-insensitive.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from soapsvc.contract import types as tt
from soapsvc.errors import ValidationError
from soapsvc.store import extra

ID = "id"
INT = re.compile(r"[+-]?\d+")
BOOLS = {"1": "1", "true": "1", "0": "0", "false": "0"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Int, Double, DateTime, Bool, String
    title: str
    length: int = 0  # String only
    default: str = ""  # canonical; "" is the type's blank


@dataclass(frozen=True)
class Table:
    id: int  # the table's number in the database dictionary
    name: str
    title: str
    display_field: str
    description: str
    icon: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        found = next((c for c in self.columns if c.name == name.strip().lower()), None)
        if found is None:
            raise ValidationError(f"Table {self.name} has no column {name!r}; its columns are: "
                                  f"{', '.join(c.name for c in self.columns)}.", field=name, value=name)
        return found


TABLES = {t.name: t for t in (
    Table(401, "y_equipment", "Equipment", "x_name", "Equipment lent to customers", "equipment", (
        Column("x_name", "String", "Name", length=80),
        Column("x_serial", "String", "Serial number", length=40),
        Column("x_count", "Int", "Count", default="1"),
        Column("x_price", "Double", "Price"),
        Column("x_bought", "DateTime", "Bought"),
        Column("x_active", "Bool", "Active", default="1"),
    )),
    Table(402, "y_rental", "Rental", "x_note", "Who has which equipment", "rental", (
        Column("x_equipment", "Int", "Equipment id"),
        Column("x_contact", "Int", "Contact id"),
        Column("x_from", "DateTime", "From"),
        Column("x_note", "String", "Note", length=250),
    )),
)}


def table(name: str | None) -> Table:
    found = TABLES.get((name or "").strip().lower())
    if found is None:
        raise ValidationError(f"There is no extra table {name!r} in this tenant; its extra tables are: "
                              f"{', '.join(TABLES)}.", field="TableName", value=name or "")
    return found


BLANK = {"Int": "0", "Double": "0", "DateTime": "", "Bool": "0", "String": ""}


def value(t: Table, c: Column, raw: str | None) -> str:
    """`raw` in its canonical form for column `c`, or a ValidationError saying why it is not one."""
    text = (raw or "").strip() if c.type != "String" else raw or ""
    if text == "":
        return BLANK[c.type]
    try:
        if c.type == "Int" and INT.fullmatch(text) and -2**31 <= int(text) < 2**31:
            return str(int(text))
        if c.type == "Double" and math.isfinite(number := float(text)) and "," not in text:
            return repr(number).removesuffix(".0")
        if c.type == "DateTime":
            return dt.datetime.fromisoformat(text).replace(tzinfo=None).isoformat()
        if c.type == "Bool" and text.lower() in BOOLS:
            return BOOLS[text.lower()]
        if c.type == "String" and len(text) <= c.length:
            return text
    except ValueError:
        pass
    wanted = f"a String of at most {c.length} characters" if c.type == "String" else \
        f"an {c.type}" if c.type == "Int" else f"a {c.type}"
    raise ValidationError(f"{t.name}.{c.name} is {wanted}: {raw!r} is not one.", field=c.name, value=raw or "")


def values(t: Table, given: dict[str, str | None]) -> dict[str, str]:
    """The columns of `given`, each checked and canonical; `id` is the server's."""
    out: dict[str, str] = {}
    for name, raw in given.items():
        if name.strip().lower() == ID:
            raise ValidationError(f"{t.name}.id is the server's: leave it out of the values.", field=ID)
        c = t.column(name)
        out[c.name] = value(t, c, raw)
    return out


def new_row(t: Table, given: dict[str, str | None]) -> dict[str, str]:
    """A whole row: each column's default where `given` has no value for it."""
    return {**{c.name: c.default or BLANK[c.type] for c in t.columns}, **values(t, given)}


def record(t: Table, row_id: int, row: dict[str, str]) -> dict[str, str]:
    """A stored row as the agents answer it: `id`, then every column (blank where the row has none)."""
    return {ID: str(row_id), **{c.name: row.get(c.name, BLANK[c.type]) for c in t.columns}}


def is_extra(name: str) -> bool:
    return extra.is_extra(name) and name in TABLES


def pairs(values: tt.StringDictionary | None) -> dict[str, str | None]:
    return {p.Key or "": p.Value for p in (values.StringKeyValuePair or [])} if values is not None else {}


def dictionary(row: dict[str, str]) -> tt.StringDictionary:
    return tt.StringDictionary(StringKeyValuePair=[tt.StringDictionaryStringKeyValuePair(Key=k, Value=v)
                                                  for k, v in row.items()])
