"""Bare driver connections, one per thread, for the statements that run around every SOAP call, and for
an entity read that is a unit's first statement (`fetch_all`, from `entities.read`).

The replay probe runs before every replayable read; through SQLAlchemy (a pooled
connection, a Core or ORM statement) each costs 20 to 200 microseconds, through the driver on a
connection the thread keeps, a few. Each connection is in autocommit mode, so a statement is its own
transaction and its own snapshot. Statements are written with `?` placeholders; drivers that take `%s`
(psycopg) get them translated once.
"""

from __future__ import annotations

import os
import threading
from functools import cache
from typing import Any

from soapsvc.store.db import Database

_local = threading.local()


def _open(db: Database) -> Any:
    """A driver connection of `db`'s engine, taken out of its pool for good and set to autocommit."""
    fairy = db.engine.raw_connection()
    raw = fairy.driver_connection
    fairy.detach()  # ours for the thread's life: the pool neither counts nor resets it
    if db.engine.dialect.name != "sqlite":  # SQLite's connections are in autocommit already
        raw.autocommit = True
    return raw


def connection(db: Database) -> Any:
    """This thread's driver connection to `db` (made after a fork, so never shared with the parent)."""
    key = (os.getpid(), db.url)
    held: dict[tuple[int, str], Any] | None = getattr(_local, "held", None)
    if held is None:
        held = _local.held = {}
    raw = held.get(key)
    if raw is None:
        raw = held[key] = _open(db)
    return raw


@cache
def _sql(statement: str, paramstyle: str) -> str:
    return statement if paramstyle == "qmark" else statement.replace("?", "%s")


def _forget(db: Database) -> None:
    """Drop this thread's connection after an error: the next statement opens a new one."""
    raw = getattr(_local, "held", {}).pop((os.getpid(), db.url), None)
    if raw is not None:
        try:
            raw.close()
        except Exception:  # noqa: BLE001  (already broken: nothing more to release)
            pass


def _fetch(db: Database, sql: str, args: Any, fetch: Any) -> Any:
    """`fetch` of a cursor's result on this thread's connection; counted as one statement."""
    db.statements += 1
    try:
        cursor = connection(db).execute(sql, args)
        try:
            return fetch(cursor)
        finally:
            cursor.close()
    except Exception:
        _forget(db)
        raise


def fetch_one(db: Database, statement: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """One row of a SELECT, or None; counted as one statement."""
    return _fetch(db, _sql(statement, db.engine.dialect.paramstyle), params, lambda cursor: cursor.fetchone())


class _Compiled:
    """A Core SELECT as the driver takes it: its SQL, the order of its parameters (qmark drivers) and a
    converter per result column (SQLAlchemy's result processors: SQLite's dates are text)."""

    def __init__(self, statement: Any, dialect: Any) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled._bind_processors or any(b.expanding for b in compiled.binds.values()):
            raise ValueError("direct.fetch_all takes plain bind parameters only")  # a statement of store/'s
        self.sql = compiled.string
        self.names = tuple(compiled.positiontup) if compiled.positional else None
        self.convert = tuple(c.type._cached_result_processor(dialect, None) for c in statement.selected_columns)


_compiled: dict[tuple[int, int], tuple[Any, _Compiled]] = {}


def fetch_all(db: Database, statement: Any, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of a Core SELECT, converted as SQLAlchemy converts them; counted as one statement. Its own
    snapshot (autocommit): only for a unit's first statement (`entities.read`)."""
    key = (id(statement), id(db.engine.dialect))
    found = _compiled.get(key)
    if found is None:  # the statement is kept with it: its id stays its own
        found = _compiled[key] = (statement, _Compiled(statement, db.engine.dialect))
    plan = found[1]
    args: Any = tuple(params[name] for name in plan.names) if plan.names is not None else params
    rows = _fetch(db, plan.sql, args, lambda cursor: cursor.fetchall())
    if not any(plan.convert):
        return [tuple(row) for row in rows]
    pairs = tuple(enumerate(plan.convert))
    return [tuple(row[i] if f is None or row[i] is None else f(row[i]) for i, f in pairs) for row in rows]
