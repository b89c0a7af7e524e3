"""Storage start-up: a database made by an older soapsvc is refused with what to do, not used half-way."""

from __future__ import annotations

import sqlite3

import pytest

from soapsvc.store.db import Database, SchemaError


def test_older_database_is_refused_with_what_to_do(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("create table contact (tenant_id int, id int, name text, primary key (tenant_id, id))")
    with pytest.raises(SchemaError, match="made by an older soapsvc: table contact has no department"):
        Database(f"sqlite:///{path}")


def test_new_database_is_created_with_wal(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    with db.unit() as unit:
        assert unit.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
