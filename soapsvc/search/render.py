"""Archive rows and column descriptions as NetServer's carriers, with NetServer's display values.

A cell's DisplayValue is encoded for every non-text value ([I:..], [F:..], [DT:..]); list columns show
the item's name and associate columns the user's log-in name (the *FullName columns: first and last
name), read from the session's cached lists, so rendering a page runs no query.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents.carriers import new
from soapsvc.contract import types as t
from soapsvc.search import encoding as enc
from soapsvc.search.model import Column, Hit, Provider
from soapsvc.session import SessionEntry

DISPLAY_TYPES = {"int": "int", "decimal": "decimal", "bool": "bool", "date": "date", "datetime": "datetime"}
_ENCODERS = {"int": enc.encode_int, "decimal": enc.encode_float, "bool": enc.encode_bool,
             "date": enc.encode_datetime, "datetime": enc.encode_datetime}


def display(column: Column, value: Any, session: SessionEntry) -> str:
    """A cell's DisplayValue ("" when the row has no value, e.g. a sale without a contact)."""
    if value is None or column.display == "none":
        return ""
    if column.codes:
        return str(value)
    if column.display == "id":
        return enc.encode_int(value)
    if column.kind == "associate":
        user = session.reference.associate(int(value))
        if user is None:
            return ""
        return f"{user.firstname} {user.lastname}".strip() if column.display == "fullName" else user.name
    if column.kind == "listAny":
        items = session.reference.lists.get(column.list_name, ())
        return next((item.name for item in items if item.id == int(value)), "")
    encoder = _ENCODERS.get(column.kind)
    return encoder(value) if encoder else str(value)


def row(hit: Hit, columns: list[tuple[str, Column]], session: SessionEntry) -> t.ArchiveListItem:
    """One ArchiveListItem; `columns` pairs each column with the name the client asked it by. Made with
    `carriers.new`, not Spyne's constructors: a page of 50 rows is hundreds of carriers, and Spyne's per-field
    look-ups were a third of the search's time."""
    pair, data = t.ColumnDataDictionaryColumnDataKeyValuePair, t.ArchiveColumnData
    cells = [new(pair, {"Key": name, "Value": new(data, {"DisplayValue": display(column, value, session),
                                                         "TooltipHint": "", "LinkHint": ""})})
             for (name, column), value in zip(columns, hit.values, strict=True)]
    return new(t.ArchiveListItem, {
        "EntityName": hit.entity, "PrimaryKey": hit.key,
        "ColumnData": new(t.ColumnDataDictionary, {"ColumnDataKeyValuePair": cells}),
        "LinkHint": f"nav={hit.entity}&{hit.entity}_id={hit.key}", "StyleHint": ""})


def column_info(column: Column) -> t.ArchiveColumnInfo:
    return t.ArchiveColumnInfo(
        DisplayName=column.heading, DisplayTooltip=column.tooltip,
        DisplayType=DISPLAY_TYPES.get(column.kind, "string"), CanOrderBy=column.orderable, Name=column.name,
        CanRestrictBy=bool(column.kind), RestrictionType=column.kind or None,
        RestrictionListName=column.list_name or None, IsVisible=column.display != "none", Width="",
        IconHint=column.icon, HeadingIconHint="", ExtraInfo="",
    )


def entity_items(provider: Provider) -> list[t.MDOListItem]:
    """The provider's entities: Name is what Entities takes ("contact"), FullName/ToolTip the heading."""
    return [t.MDOListItem(Id=rank, Name=name, ToolTip=heading, Deleted=False, Rank=rank, Type="", ChildItems=[],
                          IconHint=name.capitalize(), ColorBlock=0, ExtraInfo=name, StyleHint="", FullName=heading)
            for rank, (name, heading) in enumerate(provider.entities, 1)]
