"""Storage of the admin features: fault rules, snapshots, the data sets' rows (the journal: `journal`).

The journal and the fault rules are read and written around every SOAP call, so they use an engine of
their own (`admin_database`) and SQLAlchemy Core on bare connections (a third of the ORM session's cost
per statement): their short transactions never join the operation's, and the statements per operation
that `tools/bench.py` counts stay the operation's (it reports the admin ones apart). Snapshots and data
sets change a tenant's CRM rows and run in the caller's unit of work.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
import threading
import time
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Date, DateTime, LargeBinary, Table, and_, delete, func, insert, not_, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from soapsvc import clock
from soapsvc.store import models as m
from soapsvc.store import seed, tenants
from soapsvc.store.admin_models import FaultRule, Snapshot
from soapsvc.store.db import Database, _is_conflict, default_url, settings_key

T = TypeVar("T")
F = FaultRule.__table__
ATTEMPTS = 5
_databases: dict[tuple[int, str | None, str | None], Database] = {}
_lock = threading.Lock()


def admin_database() -> Database:
    """This process's engine for the journal and the fault rules (same database, its own pool).

    Looked up by the raw settings, so that a hit (every call, twice) costs no path resolution."""
    key = settings_key()
    found = _databases.get(key)
    if found is None:
        with _lock:
            found = _databases.setdefault(key, Database(default_url()))
    return found


def _unit(work: Callable[[Connection], T]) -> T:
    """`work` in one admin transaction, run again when it lost a race with another worker's."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with admin_database().engine.begin() as connection:
                return work(connection)
        except DBAPIError as exc:
            if attempt == ATTEMPTS or not _is_conflict(exc):
                raise
            time.sleep(0.005 * attempt * random.random())
    raise AssertionError("not reached")


def _plain(row: Any) -> dict[str, Any]:
    """A row as JSON-ready values (times as ISO 8601, UTC)."""
    out = dict(row._mapping)
    for key, value in out.items():
        if isinstance(value, dt.datetime):
            out[key] = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat(timespec="milliseconds")
    return out


# --- fault rules ---------------------------------------------------------------------------------------

def fault_add(rule: dict[str, Any]) -> dict[str, Any]:
    def work(connection: Connection) -> dict[str, Any]:
        new_id = connection.execute(insert(F).values(**rule, created=clock.now())).inserted_primary_key[0]
        return _plain(connection.execute(select(F).where(F.c.id == new_id)).one())

    return _unit(work)


def fault_list(tenant: str) -> list[dict[str, Any]]:
    query = select(F).where(F.c.tenant == tenant).order_by(F.c.id)
    return _unit(lambda connection: [_plain(row) for row in connection.execute(query)])


def fault_clear(tenant: str, rule_id: int | None = None) -> int:
    """Delete a tenant's rules (or one of them); returns how many went."""
    query = delete(F).where(F.c.tenant == tenant)
    if rule_id is not None:
        query = query.where(F.c.id == rule_id)
    return _unit(lambda connection: connection.execute(query).rowcount)


def fault_take(tenant: str, agent: str, operation: str, any_agent: bool = True) -> dict[str, Any] | None:
    """The first rule that answers this call, its use counted atomically (any worker sees the count).

    One read when no rule matches, the common case; the counters are updated in the same transaction.
    """
    agents = (agent, "*") if any_agent else (agent,)
    query = (select(F).where(F.c.tenant == tenant, F.c.agent.in_(agents), F.c.operation.in_((operation, "*")),
                             or_(F.c.times.is_(None), F.c.times > 0)).order_by(F.c.id))

    def work(connection: Connection) -> dict[str, Any] | None:
        for rule in connection.execute(query).mappings().all():
            seen = connection.execute(update(F).where(F.c.id == rule["id"]).values(seen=F.c.seen + 1)
                                   .returning(F.c.seen)).scalar()
            if seen is None:
                continue
            if rule["share"] < 1 and random.Random(f"{rule['seed']}:{seen}").random() >= rule["share"]:
                continue
            left = F.c.times.is_(None) | (F.c.times > 0)
            taken = connection.execute(update(F).where(F.c.id == rule["id"], left)
                                    .values(fired=F.c.fired + 1, times=F.c.times - 1)).rowcount
            if taken:
                return dict(rule)
        return None

    return _unit(work)


# --- snapshots -----------------------------------------------------------------------------------------

UNSAVED = ("ticket", "access_token")  # sessions, not CRM data: a restore ends them, as a reset does


def _tenant_tables() -> list[Table]:
    return [t for t in m.Base.metadata.sorted_tables if "tenant_id" in t.c and t.name not in UNSAVED]


def _codec(table: Table) -> dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]:
    """Per column that JSON cannot hold as is: (to JSON, from JSON)."""
    codecs: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {}
    for column in table.c:
        if isinstance(column.type, DateTime):
            codecs[column.name] = (dt.datetime.isoformat, dt.datetime.fromisoformat)
        elif isinstance(column.type, Date):
            codecs[column.name] = (dt.date.isoformat, dt.date.fromisoformat)
        elif isinstance(column.type, LargeBinary):
            codecs[column.name] = (lambda b: base64.b64encode(b).decode(), base64.b64decode)
    return codecs


def snapshot_save(session: Session, cust_id: str, tenant_id: int, name: str) -> dict[str, Any]:
    """Copy every CRM row of a tenant into the snapshot `name` (replacing one of that name)."""
    data, count = {}, 0
    for table in _tenant_tables():
        codecs, names = _codec(table), [c.name for c in table.c]
        encode = [codecs[n][0] if n in codecs else None for n in names]
        rows = [[v if f is None or v is None else f(v) for f, v in zip(encode, row, strict=True)]
                for row in session.execute(select(table).where(table.c.tenant_id == tenant_id))]
        data[table.name] = {"columns": names, "rows": rows}
        count += len(rows)
    blob = zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 6)
    session.execute(delete(Snapshot).where(Snapshot.tenant == cust_id, Snapshot.name == name))
    session.add(Snapshot(tenant=cust_id, name=name, created=clock.now(), rows=count, data=blob))
    return {"name": name, "rows": count, "bytes": len(blob)}


def snapshot_list(session: Session, cust_id: str) -> list[dict[str, Any]]:
    query = (select(Snapshot.name, Snapshot.created, Snapshot.rows, func.length(Snapshot.data).label("bytes"))
             .where(Snapshot.tenant == cust_id).order_by(Snapshot.name))
    return [_plain(row) for row in session.execute(query)]


def snapshot_restore(session: Session, cust_id: str, tenant_id: int, name: str) -> dict[str, Any] | None:
    """Put a tenant's rows back as the snapshot holds them (None: no such snapshot); tickets end."""
    blob = session.scalar(select(Snapshot.data).where(Snapshot.tenant == cust_id, Snapshot.name == name))
    if blob is None:
        return None
    data = json.loads(zlib.decompress(blob))
    seed.clear(session, tenant_id)
    count = 0
    for table in _tenant_tables():
        saved = data.get(table.name)
        if not saved:
            continue
        codecs, names = _codec(table), saved["columns"]
        known = [i for i, n in enumerate(names) if n in table.c]  # a column dropped since is left out
        rows = [{names[i]: (codecs[names[i]][1](r[i]) if names[i] in codecs and r[i] is not None else r[i])
                 for i in known} | {"tenant_id": tenant_id} for r in saved["rows"]]
        for start in range(0, len(rows), 10_000):
            session.execute(insert(table), rows[start:start + 10_000])
        count += len(rows)
    tenants.bump_reference_version(session, tenant_id)
    return {"name": name, "rows": count}


def snapshot_delete(session: Session, cust_id: str, name: str) -> bool:
    query = delete(Snapshot).where(Snapshot.tenant == cust_id, Snapshot.name == name)
    return session.execute(query).rowcount > 0


# --- data sets -----------------------------------------------------------------------------------------

def keep_only_users(session: Session, tenant_id: int) -> None:
    """Delete every entity but the users' own persons and their company (reference lists stay)."""
    persons = select(m.Associate.person_id).where(m.Associate.tenant_id == tenant_id)
    companies = select(m.Person.contact_id).where(m.Person.tenant_id == tenant_id, m.Person.id.in_(persons))
    kept = {"person": persons, "contact": companies}
    for table in reversed(m.Base.metadata.sorted_tables):
        if "tenant_id" not in table.c or not {"id", "created", "doc"} <= set(table.c.keys()):
            continue
        query = delete(table).where(table.c.tenant_id == tenant_id)
        if table.name in kept:
            query = query.where(table.c.id.not_in(kept[table.name]))
        session.execute(query)
    element = m.Element.__table__
    owned = or_(*(and_(element.c.owner == owner, element.c.owner_id.in_(ids)) for owner, ids in kept.items()))
    session.execute(delete(element).where(element.c.tenant_id == tenant_id, not_(owned)))
    session.execute(delete(m.ProjectMember).where(m.ProjectMember.tenant_id == tenant_id))
