"""Storage of the request journal: calls in `admin_call`, their bodies once each in `admin_body`.

On SQLite a call is spooled (`spool`: an append to the worker's own file) and moved into the tables in
batches and before every read, so that journaling costs a call a few microseconds and the journal's
writes never queue behind each other; on PostgreSQL it is inserted at once. Reads show a tenant's newest
`keep` calls; the tables are pruned to them when entries move in (PostgreSQL: every PRUNE_EVERY-th call
of a tenant in a process), bodies no call refers to going with them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from soapsvc.store import spool
from soapsvc.store.admin import _plain, _unit, admin_database
from soapsvc.store.admin_models import JournalBody, JournalEntry

J, B = JournalEntry.__table__, JournalBody.__table__
PRUNE_EVERY = 100
_writes: dict[str, int] = {}


def add(entry: dict[str, Any], keep: int) -> None:
    """Record one call (`request` and `response` as bytes)."""
    folder = _spool_folder()
    if folder is not None:
        if spool.append(folder, entry):
            _drain(keep)
        return
    tenant = entry["tenant"]
    _writes[tenant] = count = _writes.get(tenant, 0) + 1
    _unit(lambda connection: _insert(connection, [entry], keep if count % PRUNE_EVERY == 0 else None))


def _insert(connection: Connection, entries: list[dict[str, Any]], keep: int | None) -> None:
    """Insert calls (bodies as bytes) and the bodies not stored yet; with `keep`, prune each tenant of
    them to it."""
    if keep is not None:  # what the pruning below would delete at once is not inserted at all
        entries = _newest(entries, keep)
    digests: dict[bytes, str] = {}
    for entry in entries:
        for name in ("request", "response"):
            if entry[name] not in digests:
                digests[entry[name]] = hashlib.blake2b(entry[name], digest_size=16).hexdigest()
    new = [{"digest": d, "body": body.decode("utf-8", "replace")} for body, d in digests.items()]
    connection.execute(_insert_new(connection.dialect.name), new)
    # Straight to the driver (a batch of hundreds: SQLAlchemy's per-row work would double the cost),
    # each value converted as SQLAlchemy would.
    binders = _binders(connection.dialect)
    rows = [tuple(digests[entry[name]] if name in BODY_COLUMNS else entry[name] if bind is None
                  else bind(entry[name]) for name, bind in binders) for entry in entries]
    connection.exec_driver_sql(_insert_sql(connection.dialect.paramstyle), rows)
    if keep is not None:
        gone: set[str] = set()
        for tenant in {e["tenant"] for e in entries}:
            gone |= _prune(connection, tenant, keep)
        _drop_bodies(connection, gone)


def _newest(entries: list[dict[str, Any]], keep: int) -> list[dict[str, Any]]:
    """The newest `keep` entries of each tenant among `entries` (oldest first), in their order."""
    seen: dict[str, int] = {}
    newest = []
    for entry in reversed(entries):
        count = seen[entry["tenant"]] = seen.get(entry["tenant"], 0) + 1
        if count <= keep:
            newest.append(entry)
    newest.reverse()
    return newest


BODY_COLUMNS = ("request", "response")
COLUMNS = [c for c in J.c if c.name != "id"]


@cache
def _binders(dialect: Any) -> list[tuple[str, Callable[[Any], Any] | None]]:
    return [(c.name, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in COLUMNS]


@cache
def _insert_sql(paramstyle: str) -> str:
    marker = "?" if paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{c.name}"' for c in COLUMNS)  # `user` is a keyword in SQL
    return f"INSERT INTO {J.name} ({names}) VALUES ({', '.join([marker] * len(COLUMNS))})"


def _insert_new(dialect: str) -> Any:
    """INSERT that skips a body already stored (both dialects say ON CONFLICT DO NOTHING)."""
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(B).on_conflict_do_nothing()


def _prune(connection: Connection, tenant: str, keep: int) -> set[str]:
    """Delete a tenant's calls beyond its newest `keep`; the digests of the bodies they referred to."""
    cutoff = connection.scalar(_cutoff(tenant, keep))
    if cutoff is None:
        return set()
    old = (J.c.tenant == tenant) & (J.c.id <= cutoff)
    gone = {digest for row in connection.execute(select(J.c.request, J.c.response).where(old)) for digest in row}
    connection.execute(delete(J).where(old))
    return gone


def _drop_bodies(connection: Connection, digests: set[str]) -> None:
    """Delete those of `digests` no call refers to now (by key: a prune's cost follows what it deleted,
    not the journal's size)."""
    ordered = sorted(digests)
    for at in range(0, len(ordered), 500):
        connection.execute(delete(B).where(B.c.digest.in_(ordered[at:at + 500]), ~_used()))


def _used() -> Any:
    return exists().where(or_(J.c.request == B.c.digest, J.c.response == B.c.digest))


def _drop_unused_bodies(connection: Connection) -> None:
    connection.execute(delete(B).where(~_used()))


@cache
def _spool_of(url: str) -> Path | None:
    if not url.startswith("sqlite") or "///" not in url or url.endswith(":memory:"):
        return None
    return spool.directory(url.split("///", 1)[1])


def _spool_folder() -> Path | None:
    """Where this process's database spools the journal: SQLite files only."""
    return _spool_of(admin_database().url)


def _drain(keep: int | None) -> None:
    """Move the spooled calls into the tables (pruning each tenant among them to `keep`), if any."""
    folder = _spool_folder()
    if folder is not None:
        spool.drain(folder, lambda entries: _unit(lambda connection: _insert(connection, entries, keep)))


def _cutoff(tenant: str, keep: int) -> Any:
    """The id of the newest call of a tenant that is beyond the newest `keep`."""
    return select(J.c.id).where(J.c.tenant == tenant).order_by(J.c.id.desc()).offset(keep).limit(1)


def calls(tenant: str, agent: str | None = None, operation: str | None = None, after: int = 0,
          limit: int = 100, bodies: bool = True, keep: int | None = None) -> list[dict[str, Any]]:
    """A tenant's calls, newest first, optionally only an agent's or an operation's, or after an id; of
    the newest `keep` only (those not yet pruned are not shown)."""
    _drain(keep)
    columns = [c for c in J.c if c.name not in ("request", "response")]
    if bodies:
        sent, answered = B.alias("sent"), B.alias("answered")
        columns += [sent.c.body.label("request"), answered.c.body.label("response")]

    def work(connection: Connection) -> list[dict[str, Any]]:
        cutoff = connection.scalar(_cutoff(tenant, keep)) if keep is not None else None
        query = select(*columns).where(J.c.tenant == tenant, J.c.id > max(after, cutoff or 0))
        if bodies:
            query = query.join(sent, sent.c.digest == J.c.request).join(answered, answered.c.digest == J.c.response)
        if agent:
            query = query.where(J.c.agent == agent)
        if operation:
            query = query.where(J.c.operation == operation)
        return [_plain(row) for row in connection.execute(query.order_by(J.c.id.desc()).limit(limit))]

    return _unit(work)


def clear(tenant: str) -> int:
    _drain(None)

    def work(connection: Connection) -> int:
        deleted = connection.execute(delete(J).where(J.c.tenant == tenant)).rowcount
        _drop_unused_bodies(connection)
        return deleted

    return _unit(work)
