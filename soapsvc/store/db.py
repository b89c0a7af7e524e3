"""Engine and units of work: one database session per SOAP call, opened and closed by the call wrapper.

The default is an SQLite file (WAL, so that readers never wait for a writer; created on first start with
no set-up); `SOAPSVC_DATABASE_URL` selects PostgreSQL for several instances against one database. An
engine belongs to one process: gunicorn forks workers, so each worker makes its own on first use.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.orm import Session

from soapsvc.errors import ValidationError
from soapsvc.store import admin_models, webhook_models, webhooks  # noqa: F401  (tables created with the rest)
from soapsvc.store.models import Base

DEFAULT_PATH = "var/soapsvc.sqlite3"
# A statement that changes CRM data: any INSERT, UPDATE or DELETE but those on the sessions' tables
# (tickets, access tokens) and the admin features' (journal, fault rules, snapshots), none of which an
# answer kept for replay contains.
NOT_DATA = r"(?:ticket|access_token|admin_\w+|data_version)\b"
DATA_WRITE = re.compile(rf'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(?!{NOT_DATA})', re.I)
WROTE = "soapsvc.wrote"
DATABASE = "soapsvc_database"  # the key of a unit's Database in its session's info (`entities.read`)
# Whether the unit about to begin takes SQLite's write lock at BEGIN (`unit(write=True)`).
_IMMEDIATE: ContextVar[bool] = ContextVar("soapsvc_immediate", default=False)
BUMP = text("INSERT INTO data_version (cust_id, version) VALUES (:cust_id, 1) "
            "ON CONFLICT (cust_id) DO UPDATE SET version = data_version.version + 1")


def default_url() -> str:
    """`SOAPSVC_DATABASE_URL`, else the SQLite file at `SOAPSVC_DB_PATH` (default var/soapsvc.sqlite3)."""
    url = os.environ.get("SOAPSVC_DATABASE_URL")
    if url:
        return url
    path = Path(os.environ.get("SOAPSVC_DB_PATH", DEFAULT_PATH)).resolve()
    return f"sqlite:///{path}"


class SchemaError(RuntimeError):
    """The database's tables are not the ones this soapsvc writes."""


class ConflictError(Exception):
    """The transaction collided with a concurrent one and was rolled back; running it again is safe."""


def _is_conflict(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in ("40001", "40P01"):
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin(conn: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE for a unit that will write (see `Database.unit`)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _IMMEDIATE.get() else "BEGIN")


class Database:
    """An engine with the schema in place; `unit()` is one transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite"):
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # The sqlite3 driver runs SELECTs outside any transaction, so a call's reads could see two
            # moments; with its own handling off and BEGIN emitted here, a call sees one snapshot.
            self.engine: Engine = create_engine(url, connect_args={"timeout": 30, "isolation_level": None})
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _begin)
        else:
            # One snapshot per call: an entity and its phones are read as of the same moment. Two calls
            # updating one row then fail with a serialization error, which the call wrapper retries.
            self.engine = create_engine(url, pool_pre_ping=True, isolation_level="REPEATABLE READ")
        self.statements = 0
        event.listen(self.engine, "before_cursor_execute", self._count)
        for end in ("commit", "rollback"):  # a transaction's writes are forgotten when it ends
            event.listen(self.engine, end, lambda conn: conn.info.pop(WROTE, None))
        self._create_schema()

    def _count(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        """Count the queries a call runs (benchmarks; BEGIN is not one) and note on the connection when
        one changed CRM data."""
        if statement != "BEGIN":
            self.statements += 1
            if DATA_WRITE.match(statement):
                conn.info[WROTE] = True

    def _create_schema(self) -> None:
        """Create missing tables; several workers may start at once, so a lost race is retried."""
        for attempt in range(5):
            try:
                Base.metadata.create_all(self.engine)
                self._check_columns()
                return
            except DBAPIError:  # e.g. PostgreSQL: two workers creating one table at once
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def _check_columns(self) -> None:
        """Refuse, with what to do, a database whose tables an older soapsvc made (tables are created, never
        altered): better than an error on the first call that touches a missing column."""
        inspector = inspect(self.engine)
        for table in Base.metadata.sorted_tables:
            have = {c["name"] for c in inspector.get_columns(table.name)}
            missing = [c.name for c in table.columns if c.name not in have]
            if missing:
                raise SchemaError(
                    f"The database {self.engine.url!r} was made by an older soapsvc: table {table.name} has no "
                    f"{', '.join(missing)}. Delete it (the default SQLite file is var/soapsvc.sqlite3) or point "
                    "soapsvc at a new one (--db-path / --database-url); tenants are created again on first use.")

    @contextmanager
    def unit(self, cust_id: str = "*", write: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends normally, rolled back when it raises.

        When it changed CRM data, the tenant's data version (`cust_id`; '*', every tenant's, when the
        caller does not name one) is bumped in the same transaction, so that no answer kept for replay
        outlives the data it was read from. The webhook events it recorded become deliveries in it too.

        A write that lost a race with another transaction (SQLite: the database changed since this one
        read it; PostgreSQL: deadlock or serialization failure) raises `ConflictError`: the caller may
        run the whole unit again. A value the database refuses for its column raises ValidationError.

        SQLite: a unit begins deferred (readers never wait), and one that read and then writes fails at once,
        without waiting, when another writer committed since it began (its snapshot is stale: no busy
        timeout helps). `write=True` (a unit that will write: a call retried after such a loss, the webhook
        delivery's own records) begins IMMEDIATE instead: it waits for the write lock (busy_timeout) and then
        cannot lose. PostgreSQL ignores it.
        """
        session = Session(self.engine, expire_on_commit=False, info={DATABASE: self})
        immediate = _IMMEDIATE.set(write)
        try:
            yield session
            if session.info.get(webhooks.EVENTS):
                webhooks.fan_out(session, cust_id)
            if session.in_transaction():
                session.flush()
                connection = session.connection()
                if connection.info.pop(WROTE, False):
                    connection.execute(BUMP, {"cust_id": cust_id})  # Core: no ORM execution around it
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if _is_conflict(exc):
                raise ConflictError(str(exc.orig)) from exc
            if isinstance(exc, DataError):  # PostgreSQL: a value too long or out of range for its column
                raise ValidationError(f"A value does not fit its field ({str(exc.orig).splitlines()[0]}): "
                                      "send a shorter text or a smaller number.") from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            _IMMEDIATE.reset(immediate)
            session.close()


_databases: dict[tuple[int, str], Database] = {}
_defaults: dict[tuple[int, str | None, str | None], Database] = {}
_lock = threading.Lock()


def settings_key() -> tuple[int, str | None, str | None]:
    """This process and its raw database settings: what the per-process Database lookups are keyed by."""
    return os.getpid(), os.environ.get("SOAPSVC_DATABASE_URL"), os.environ.get("SOAPSVC_DB_PATH")


def database(url: str | None = None) -> Database:
    """This process's Database for `url` (default: `default_url()`).

    The default is looked up by the raw settings, so that the lookup every call makes resolves no path."""
    if url is None:
        raw = settings_key()
        found = _defaults.get(raw)
        if found is None:
            found = _defaults[raw] = database(default_url())
        return found
    key = (os.getpid(), url)
    with _lock:
        if key not in _databases:
            _databases[key] = Database(url)
        return _databases[key]
