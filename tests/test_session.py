"""The session cache and tenant rules, in process (the HTTP behaviour is in tests/agents)."""

from __future__ import annotations

import time

import pytest

from soapsvc import session
from soapsvc.errors import UnknownTenantError
from soapsvc.session import SessionCache, SessionEntry
from soapsvc.store import tenants
from soapsvc.store.db import Database


def entry(ticket: str, tenant_id: int = 1, loaded: float | None = None) -> SessionEntry:
    return SessionEntry(ticket, "Cust1", tenant_id, None, None, time.monotonic() if loaded is None else loaded)


def test_cache_is_bounded_least_recently_used_first() -> None:
    cache = SessionCache(size=2, ttl_seconds=60)
    cache.put(entry("a"))
    cache.put(entry("b"))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put(entry("c"))
    assert cache.get("b") is None and cache.get("a") and cache.get("c")
    assert len(cache) == 2


def test_cache_entries_expire_and_can_be_dropped() -> None:
    cache = SessionCache(size=10, ttl_seconds=60)
    cache.put(entry("old", loaded=time.monotonic() - 61))
    cache.put(entry("t1", tenant_id=1))
    cache.put(entry("t2", tenant_id=2))
    assert cache.get("old") is None
    cache.drop_tenant(1)
    assert cache.get("t1") is None and cache.get("t2") is not None
    cache.drop("t2")
    assert cache.get("t2") is None


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'session.sqlite3'}")
    with database.unit() as unit:
        yield unit


def test_fixed_tenants_refuse_an_unknown_tenant(db) -> None:
    with pytest.raises(UnknownTenantError, match="soapsvc seed --tenant CustNope"):
        session.tenant_id(db, "CustNope", auto_create=False)
    assert tenants.find(db, "CustNope") is None


def test_reset_ends_tickets_and_bumps_the_list_version(db) -> None:
    tid = session.tenant_id(db, "CustReset")
    entry = session.issue_ticket(db, "CustReset", tid, 1)
    before = tenants.version(db, tid)
    tenants.reset(db, tid)
    assert tenants.version(db, tid) == before + 1
    with pytest.raises(Exception, match="not known"):
        session.authenticate(db, "CustReset", entry.ticket)
