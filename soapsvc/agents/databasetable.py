"""DatabaseTable: rows of the tenant's `y_` extra tables, one at a time or in bulk, by table and column name.

Implemented (all 8): InsertRow, ReadRow, UpdateRow, DeleteRow; Insert, Upsert, Delete, Truncate (bulk, answered
with a MassOperationResult). The tables, their typed columns and the value rules: `extra_tables`.
Rules: a table, a column or a value of the wrong type that the tenant's tables do not have is refused with
SoValidationException and nothing of the call is written (the bulk operations check every row first, and
the unit of work is rolled back on any error). `id` is the server's: it is in what ReadRow answers, never in
what a client sends. UpdateRow of a row that is not there is refused; DeleteRow of one too (Delete, the bulk
form, counts what it deleted). Upsert matches each data row on its Keys columns: a match is updated (or
NoUpdateNeeded), no match inserted; rows of the table no data row matched are kept (NoChange), have the
sent non-key columns set to their blank (ZeroColumns) or are deleted (DeleteRow). RowStatus is filled only
when ReturnRowStatus is true. Known difference: NetServer lets a privileged user write some CRM tables too;
soapsvc's DatabaseTable writes extra tables only.
"""

from __future__ import annotations

from soapsvc.agents import extra_tables as x
from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import extra

Row = dict[str, str]
Data = list[list[str]] | None  # ArrayOfArrayOfstring: the rows' values, in the order of Columns



def _existing(call: Call, table: x.Table, row_id: int | None) -> Row:
    row = extra.get_row(call.db, call.tenant_id, table.name, row_id or 0)
    if row is None:
        raise ValidationError(f"There is no row {row_id} in {table.name}.", field="Id", value=str(row_id))
    return row


@implements("DatabaseTable", "InsertRow")
def insert_row(call: Call, table_name: str | None, values: t.StringDictionary | None) -> int:
    table = x.table(table_name)
    return extra.insert(call.db, call.tenant_id, table.name, x.new_row(table, x.pairs(values)))


@implements("DatabaseTable", "ReadRow", replayable=True)
def read_row(call: Call, table_name: str | None, row_id: int | None) -> t.TableRecord | None:
    table = x.table(table_name)
    row = extra.get_row(call.db, call.tenant_id, table.name, row_id or 0)
    return t.TableRecord(Values=x.dictionary(x.record(table, row_id or 0, row))) if row is not None else None


@implements("DatabaseTable", "UpdateRow")
def update_row(call: Call, table_name: str | None, row_id: int | None, values: t.StringDictionary | None) -> None:
    table = x.table(table_name)
    row = _existing(call, table, row_id)
    extra.update(call.db, call.tenant_id, table.name, row_id or 0, {**row, **x.values(table, x.pairs(values))})


@implements("DatabaseTable", "DeleteRow")
def delete_row(call: Call, table_name: str | None, row_id: int | None) -> None:
    table = x.table(table_name)
    _existing(call, table, row_id)
    extra.delete(call.db, call.tenant_id, table.name, [row_id or 0])


def _result(inserts: int = 0, updates: int = 0, deletes: int = 0,
            status: list[t.UpsertRowStatus] | None = None) -> t.MassOperationResult:
    return t.MassOperationResult(Success=True, Message="", Inserts=inserts, Updates=updates, Deletes=deletes,
                                 RowStatus=status or [])


def _rows(table: x.Table, columns: list[str] | None, data: Data) -> tuple[list[str], list[Row]]:
    """The column names (canonical) and each data row checked against them, before anything is written."""
    names = [table.column(name).name if name.strip().lower() != x.ID else x.ID for name in (columns or [])]
    if not names:
        raise ValidationError(f"Name the columns of {table.name} the data has values for.", field="Columns")
    out = []
    for n, row in enumerate(data or [], start=1):
        cells = list(row or [])
        if len(cells) != len(names):
            raise ValidationError(f"Data row {n} has {len(cells)} values for {len(names)} columns.", field="Data",
                                  value=str(n))
        out.append(x.values(table, dict(zip(names, cells, strict=True))))
    return names, out


@implements("DatabaseTable", "Insert")
def insert(call: Call, table_name: str | None, columns: list[str] | None, data: Data) -> t.MassOperationResult:
    table = x.table(table_name)
    _names, rows = _rows(table, columns, data)
    for row in rows:
        extra.insert(call.db, call.tenant_id, table.name, x.new_row(table, row))
    return _result(inserts=len(rows))


def _status(row_id: int, action: str, keys: list[str]) -> t.UpsertRowStatus:
    return t.UpsertRowStatus(PrimaryKey=row_id, Action=action, RowKeys=keys)


@implements("DatabaseTable", "Upsert")
def upsert(call: Call, table_name: str | None, columns: list[str] | None, keys: list[str] | None, data: Data,
           nomatch: str | None, row_status: bool | None) -> t.MassOperationResult:
    table = x.table(table_name)
    names, rows = _rows(table, columns, data)
    key_names = [table.column(k).name for k in keys or []]
    if not key_names or not set(key_names) <= set(names):
        raise ValidationError("Upsert needs Keys, each one of its Columns, to match rows on.", field="Keys")
    db, tid = call.db, call.tenant_id
    stored = dict(extra.rows(db, tid, table.name))
    by_key = {tuple(row.get(k, "") for k in key_names): i for i, row in stored.items()}
    status, matched, counts = [], set(), {"inserts": 0, "updates": 0, "deletes": 0}
    for row in rows:
        key = tuple(row[k] for k in key_names)
        row_id = by_key.get(key)
        if row_id is None:
            row_id = by_key[key] = extra.insert(db, tid, table.name, x.new_row(table, row))
            action, counts["inserts"] = "Inserted", counts["inserts"] + 1
        elif all(stored[row_id].get(k) == v for k, v in row.items()):
            action = "NoUpdateNeeded"
        else:
            stored[row_id] = {**stored[row_id], **row}
            extra.update(db, tid, table.name, row_id, stored[row_id])
            action, counts["updates"] = "Updated", counts["updates"] + 1
        matched.add(row_id)
        status.append(_status(row_id, action, list(key)))
    for row_id in sorted(set(stored) - matched):
        key = [stored[row_id].get(k, "") for k in key_names]
        if nomatch == "DeleteRow":
            extra.delete(db, tid, table.name, [row_id])
            counts["deletes"] += 1
            status.append(_status(row_id, "Deleted", key))
        elif nomatch == "ZeroColumns":
            zeroed = {c: x.BLANK[table.column(c).type] for c in names if c not in key_names}
            extra.update(db, tid, table.name, row_id, {**stored[row_id], **zeroed})
            counts["updates"] += 1
            status.append(_status(row_id, "ColumnsZeroed", key))
    return _result(**counts, status=status if row_status else [])


@implements("DatabaseTable", "Delete")
def delete(call: Call, table_name: str | None, ids: list[int] | None) -> t.MassOperationResult:
    table = x.table(table_name)
    return _result(deletes=extra.delete(call.db, call.tenant_id, table.name, list(ids or [])))


@implements("DatabaseTable", "Truncate")
def truncate(call: Call, table_name: str | None) -> t.MassOperationResult:
    table = x.table(table_name)
    return _result(deletes=extra.truncate(call.db, call.tenant_id, table.name))
