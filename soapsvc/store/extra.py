"""Rows of the `y_` extra tables: one kit_entity document per row, its family the table's name.

Extra tables are many and user-defined, so they get no SQL table each: a row is `{column: value}` with the
values in their canonical string form (checked and made so by `soapsvc.agents.extra_tables`). Carrier
families never start with `y_`, so a table's rows cannot meet an entity's. Ids are counted per tenant and
table, as NetServer's `id` column of an extra table is.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from soapsvc.store import kit

Row = dict[str, str]
PREFIX = "y_"


def is_extra(table: str) -> bool:
    return table.startswith(PREFIX)


def get_row(session: Session, tenant_id: int, table: str, row_id: int) -> Row | None:
    return kit.get(session, tenant_id, table, row_id) if is_extra(table) and row_id else None


def rows(session: Session, tenant_id: int, table: str) -> list[tuple[int, Row]]:
    return kit.all_of(session, tenant_id, table)


def insert(session: Session, tenant_id: int, table: str, row: Row) -> int:
    return kit.insert(session, tenant_id, table, lambda _id: row)


def update(session: Session, tenant_id: int, table: str, row_id: int, row: Row) -> bool:
    return kit.update_doc(session, tenant_id, table, row_id, row)


def delete(session: Session, tenant_id: int, table: str, ids: list[int]) -> int:
    return kit.delete_ids(session, tenant_id, table, ids)


def truncate(session: Session, tenant_id: int, table: str) -> int:
    return delete(session, tenant_id, table, [i for i, _row in rows(session, tenant_id, table)])

