"""Sessions (NetServer's SoSession): tickets, tenants, and the per-process cache of each session.

A ticket is `7T:` + base64 of random bytes, stored in the database with its tenant and user, so any
worker and any host accepts it. It is valid for six hours since its last use.

The cache (per process, keyed by ticket, LRU-bounded, with a time-to-live) holds who the user is and the
tenant's reference lists, so that a warm authenticated call costs one SQL statement: the ticket read.

Why it is correct with several workers and hosts: nothing the cache holds decides whether a call may run.
Every call reads its ticket from the database (validity, expiry and revocation are therefore seen at
once, whichever worker or host changed them), and the same statement returns the tenant's reference-list
version, which every change to those lists increments (`store.tenants.bump_reference_version`): a
cached copy with another version is reloaded before use. What remains cached is who the user is, which
does not change during a ticket's life; the time-to-live bounds how long a change of a user's own
record (name, group) takes to show. The same statement returns the tenant's data version, by which
answers kept for replay are known to be current (`soapsvc.soap.replay`).

That statement is the call's admission (`admit`, `store.admission`): the front runs it before anything
else, with the fault-rule check in it, and hands its row to `authenticate` (a call gets no second read
of its ticket); `fresh_versions` is what a replay needs of it.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from soapsvc import clock
from soapsvc.errors import (
    TicketExpiredError,
    TicketRevokedError,
    TicketTenantError,
    TicketUnknownError,
    UnknownTenantError,
    UnknownUserError,
)
from soapsvc.store import admission, reference, soprincipal, tenants, webhooks
from soapsvc.store.admission import Admitted
from soapsvc.store.reference import ReferenceData
from soapsvc.store.soprincipal import PrincipalRow

TICKET_LIFETIME = dt.timedelta(hours=6)
RENEW_AFTER = dt.timedelta(seconds=60)  # a ticket's last use is written at most once a minute


@dataclass(frozen=True)
class Versions:
    """What an answer was read at besides the request: who asked, and the versions of the tenant's lists,
    of its data and of changes made without naming a tenant (`soapsvc.soap.replay` keeps answers by it)."""

    associate_id: int
    ref_version: int
    data_version: int
    all_version: int


@dataclass(frozen=True)
class SessionEntry:
    """A signed-in user's session as the cache holds it (`versions`: as the current call read them)."""

    ticket: str
    tenant: str
    tenant_id: int
    principal: PrincipalRow
    reference: ReferenceData
    loaded: float
    versions: Versions | None = None


class SessionCache:
    """Bounded LRU with a time-to-live; `drop` and `drop_tenant` forget sessions at once."""

    def __init__(self, size: int, ttl_seconds: float) -> None:
        self.size, self.ttl = size, ttl_seconds
        self._entries: OrderedDict[str, SessionEntry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, ticket: str) -> SessionEntry | None:
        with self._lock:
            entry = self._entries.get(ticket)
            if entry is None:
                return None
            if time.monotonic() - entry.loaded > self.ttl:
                del self._entries[ticket]
                return None
            self._entries.move_to_end(ticket)
            return entry

    def put(self, entry: SessionEntry) -> None:
        with self._lock:
            self._entries[entry.ticket] = entry
            self._entries.move_to_end(entry.ticket)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def drop(self, ticket: str) -> None:
        with self._lock:
            self._entries.pop(ticket, None)

    def drop_tenant(self, tenant_id: int) -> None:
        with self._lock:
            for ticket in [t for t, e in self._entries.items() if e.tenant_id == tenant_id]:
                del self._entries[ticket]

    def __len__(self) -> int:
        return len(self._entries)


CACHE = SessionCache(int(os.environ.get("SOAPSVC_SESSION_CACHE_SIZE", "10000")),
                     float(os.environ.get("SOAPSVC_SESSION_CACHE_TTL", "300")))
_tenant_ids: dict[str, int] = {}
_references: dict[int, ReferenceData] = {}


def tenant_id(db: Any, cust_id: str, auto_create: bool = True) -> int:
    """The tenant's id, creating it with its seed data on first use when tenants are automatic."""
    if cust_id in _tenant_ids:
        return _tenant_ids[cust_id]
    found = tenants.find(db, cust_id)
    if found is None:
        if not auto_create:
            raise UnknownTenantError(cust_id)
        found = tenants.create(db, cust_id)
    _tenant_ids[cust_id] = found
    return found


def new_ticket() -> str:
    return "7T:" + base64.b64encode(secrets.token_bytes(24)).decode()


def issue_ticket(db: Any, tenant: str, tid: int, associate_id: int) -> SessionEntry:
    """A new ticket for a user who proved who they are, with its session cached."""
    ticket = new_ticket()
    soprincipal.add_ticket(db, ticket, tid, associate_id, clock.now())
    entry = _load(db, ticket, tenant, tid, associate_id, _version(db, tid))
    CACHE.put(entry)
    return entry


def _version(db: Any, tid: int) -> int:
    return tenants.version(db, tid)


def _reference(db: Any, tid: int, version: int) -> ReferenceData:
    data = _references.get(tid)
    if data is None or data.version != version:
        data = _references[tid] = reference.load(db, tid, version)
    return data


def _load(db: Any, ticket: str, tenant: str, tid: int, associate_id: int, version: int) -> SessionEntry:
    return SessionEntry(ticket, tenant, tid, soprincipal.principal(db, tid, associate_id),
                        _reference(db, tid, version), time.monotonic())


def authenticate(db: Any, tenant: str, ticket: str, auto_create: bool = True, admitted: Admitted | None = None
                 ) -> SessionEntry:
    """The session of a ticket presented at `tenant`'s address, or the error that says why not; the ticket's
    state is the admission's when it read this ticket (else read here)."""
    if admitted is not None and admitted.ticket == ticket:
        state = admitted.state
        if state is not None and admitted.webhooks == 0:
            webhooks.none_active(db, state.tenant_id)
    else:
        state = soprincipal.ticket_state(db, ticket)
    if state is None:
        CACHE.drop(ticket)
        raise TicketUnknownError()
    tid = tenant_id(db, tenant, auto_create)
    if state.tenant_id != tid:
        raise TicketTenantError(tenant)
    if state.revoked:
        CACHE.drop(ticket)
        raise TicketRevokedError()
    now = clock.now()
    if now - state.last_used > TICKET_LIFETIME:
        CACHE.drop(ticket)
        raise TicketExpiredError(state.last_used.isoformat(timespec="seconds"))
    if now - state.last_used > RENEW_AFTER:
        soprincipal.touch_ticket(db, ticket, now)
    entry = CACHE.get(ticket)
    if entry is None:
        entry = _load(db, ticket, tenant, tid, state.associate_id, state.ref_version)
        CACHE.put(entry)
    elif entry.reference.version != state.ref_version:
        entry = SessionEntry(ticket, tenant, tid, entry.principal, _reference(db, tid, state.ref_version),
                             entry.loaded)
        CACHE.put(entry)
    return replace(entry, versions=Versions(state.associate_id, state.ref_version, state.data_version,
                                            state.all_version))


def admit(tenant: str, ticket: str | None, agent: str, operation: str) -> Admitted:
    """The call's admission statement: the fault rules waiting for it and its ticket's state."""
    return admission.admit(tenant, ticket, agent, operation)


def fresh_versions(admitted: Admitted, tenant: str) -> Versions | None:
    """The versions an answer kept for this call must have been read at, when the admitted ticket may be
    used without `authenticate`: known, this tenant's, not revoked, used within RENEW_AFTER (so neither
    expired nor due to have its use written), and no fault rule waits for the call. None otherwise: the
    call takes the full path, which says why or does what is due."""
    state = admitted.state
    if (state is None or admitted.fault_rules or admitted.cust_id != tenant or state.revoked
            or state.last_used <= clock.now() - RENEW_AFTER):
        return None
    return Versions(state.associate_id, state.ref_version, state.data_version, state.all_version)


def forget_tenant(cust_id: str) -> None:
    """Drop this process's cached sessions and lists of a tenant (after a reset in this process)."""
    tid = _tenant_ids.get(cust_id)
    if tid is not None:
        CACHE.drop_tenant(tid)
        _references.pop(tid, None)


def mint_access_token(db: Any, tenant: str, user_name: str) -> str:
    """A token for AuthenticateWithAccessToken, valid for this user of this tenant only."""
    tid = tenant_id(db, tenant)
    associate_id = soprincipal.user_by_name(db, tid, user_name)
    if associate_id is None:
        raise UnknownUserError(tenant, user_name)
    token = f"8A:{tenant}." + base64.urlsafe_b64encode(secrets.token_bytes(24)).decode()
    soprincipal.add_access_token(db, token, tid, associate_id, clock.now())
    return token
