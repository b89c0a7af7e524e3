"""CustomObject: the rows of the `y_` extra tables as custom objects, and the tables' definitions.

Implemented (all 9). A custom object is a row (`extra_tables`; the same rows DatabaseTable reads and writes),
its Values every column by name (and `id`); SaveCustomObject inserts one whose Id is 0 and updates the others,
with the same checks as DatabaseTable: an unknown definition or column, or a value of the wrong type, is
refused with SoValidationException and nothing is written. A definition (CustomObjectDefinition) is a table
with its typed columns; GetCustomObjectsMetadata lists them, GetCustomObjectsIcons gives each table's icon
hint. soapsvc has no screen choosers (they are CRMScript the web client runs): HasScreenChooser is false for
every table. Get* of a row that is not there answers nil; DeleteCustomObject of one is refused.
"""

from __future__ import annotations

from soapsvc.agents import carriers as c
from soapsvc.agents import extra_tables as x
from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import extra


def _definition(table: x.Table) -> t.CustomObjectDefinition:
    fields = [t.CustomObjectField(FieldName=col.name, FieldType=col.type, DisplayName=col.title, Description="",
                                  UseDefaultValue=bool(col.default), DefaultValue=col.default, Rank=rank,
                                  IsDefault=col.name == table.display_field)
              for rank, col in enumerate(table.columns, start=1)]
    return t.CustomObjectDefinition(Id=table.id, Name=table.name, Title=table.title,
                                    DisplayField=table.display_field, Description=table.description, IconId=0,
                                    Flags=0, Fields=fields)


def _object(table: x.Table, row_id: int, row: dict[str, str]) -> t.CustomObject:
    return t.CustomObject(DefinitionName=table.name, Id=row_id, Values=x.dictionary(x.record(table, row_id, row)))


@implements("CustomObject", "CreateDefaultCustomObjectDefinition")
def create_default_definition(call: Call) -> t.CustomObjectDefinition:
    return c.carrier(t.CustomObjectDefinition, Fields=[])


@implements("CustomObject", "GetCustomObjectDefinition", replayable=True)
def get_definition(call: Call, name: str | None) -> t.CustomObjectDefinition | None:
    table = x.TABLES.get((name or "").strip().lower())
    return _definition(table) if table is not None else None


@implements("CustomObject", "GetCustomObjectsMetadata", replayable=True)
def get_metadata(call: Call) -> list[t.CustomObjectMetadata]:
    return [c.carrier(t.CustomObjectMetadata, Name=table.title, TableName=table.name, IconHint=table.icon,
                      FlagShowInFind=True, Relations=[]) for table in x.TABLES.values()]


@implements("CustomObject", "GetCustomObjectsIcons", replayable=True)
def get_icons(call: Call) -> t.StringDictionary:
    return x.dictionary({table.name: table.icon for table in x.TABLES.values()})


@implements("CustomObject", "HasScreenChooser", replayable=True)
def has_screen_chooser(call: Call, name: str | None, edit: bool | None) -> bool:
    x.table(name)
    return False


@implements("CustomObject", "CreateDefaultCustomObject")
def create_default(call: Call, name: str | None) -> t.CustomObject:
    table = x.table(name)
    return _object(table, 0, x.new_row(table, {}))


@implements("CustomObject", "GetCustomObject", replayable=True)
def get_object(call: Call, name: str | None, row_id: int | None) -> t.CustomObject | None:
    table = x.table(name)
    row = extra.get_row(call.db, call.tenant_id, table.name, row_id or 0)
    return _object(table, row_id or 0, row) if row is not None else None


@implements("CustomObject", "SaveCustomObject")
def save_object(call: Call, name: str | None, e: t.CustomObject | None) -> t.CustomObject:
    table = x.table(name or (e.DefinitionName if e is not None else None))
    if e is None:
        raise ValidationError("SaveCustomObject needs a CustomObject (its Row).", field="Row")
    given = {k: v for k, v in x.pairs(e.Values).items() if k.strip().lower() != x.ID}
    db, tid, row_id = call.db, call.tenant_id, e.Id or 0
    if not row_id:
        row_id = extra.insert(db, tid, table.name, x.new_row(table, given))
    else:
        row = extra.get_row(db, tid, table.name, row_id)
        if row is None:
            raise ValidationError(f"There is no {table.name} {row_id} to update: send Id 0 to create one.",
                                  field="Id", value=str(row_id))
        extra.update(db, tid, table.name, row_id, {**row, **x.values(table, given)})
    return _object(table, row_id, extra.get_row(db, tid, table.name, row_id) or {})


@implements("CustomObject", "DeleteCustomObject")
def delete_object(call: Call, name: str | None, row_id: int | None) -> None:
    table = x.table(name)
    if not extra.delete(call.db, call.tenant_id, table.name, [row_id or 0]):
        raise ValidationError(f"There is no {table.name} {row_id} to delete.", field="Id", value=str(row_id))
