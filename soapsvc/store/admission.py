"""The one statement that admits a call, before it runs: its ticket, the versions, and the fault rules.

Every SOAP and REST call of an operation starts with it (`soapsvc.session.admit`): whether a fault rule
waits for the call (only then do the rules get a transaction of their own, `store.admin.fault_take`),
and, when the request names a ticket, that ticket's row with its tenant's reference-list and data
versions and the version of changes made without naming a tenant, and how many active webhooks that tenant
has (none, the usual case: a save then asks no webhook question). A replayed read needs nothing else;
the full path hands the row to `session.authenticate` instead of reading the ticket again.

It runs on the thread's bare driver connection (`store.direct`), in autocommit: its own snapshot, taken
before the call's unit of work starts. Versions read before the data are never newer than the data, so an
answer kept by them is at worst dropped too soon, never sent stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from soapsvc.store import direct
from soapsvc.store import models as m
from soapsvc.store.db import database
from soapsvc.store.soprincipal import TicketState
from soapsvc.store.webhook_models import ACTIVE

ADMIT = (
    "SELECT (SELECT COUNT(*) FROM admin_fault f WHERE f.tenant = ? AND f.agent IN (?, '*')"
    "  AND f.operation IN (?, '*') AND (f.times IS NULL OR f.times > 0)),"
    " t.tenant_id, t.associate_id, t.last_used, t.revoked, n.cust_id, n.ref_version,"
    " COALESCE((SELECT v.version FROM data_version v WHERE v.cust_id = n.cust_id), 0),"
    " COALESCE((SELECT v.version FROM data_version v WHERE v.cust_id = '*'), 0),"
    f" (SELECT COUNT(*) FROM webhook w WHERE w.tenant_id = t.tenant_id AND w.state = {ACTIVE})"
    " FROM (SELECT 1 AS one) o LEFT JOIN ticket t ON t.ticket = ? LEFT JOIN tenant n ON n.id = t.tenant_id"
)


@dataclass(frozen=True)
class Admitted:
    """What the statement read: the fault rules waiting, and the ticket's state (None: no such ticket)."""

    fault_rules: int
    ticket: str | None
    cust_id: str | None
    state: TicketState | None
    webhooks: int = -1  # the ticket's tenant's active webhooks (-1: not read)


@cache
def _processors(dialect: Any) -> tuple[Any, Any]:
    """How this driver's rows hold `last_used` and `revoked` (SQLite: text and 0/1), read as SQLAlchemy would."""
    columns = m.Ticket.__table__.c
    return tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) or (lambda v: v)
                 for c in (columns.last_used, columns.revoked))  # type: ignore[return-value]


def admit(cust_id: str, ticket: str | None, agent: str, operation: str) -> Admitted:
    db = database()
    row = direct.fetch_one(db, ADMIT, (cust_id, agent, operation, ticket or ""))
    assert row is not None  # the outer side of the joins is one row
    faults, tenant_id, associate_id, last_used, revoked, found_cust, ref_version, data_version, all_version, hooks = row
    if not ticket or tenant_id is None:
        return Admitted(faults, ticket, None, None)
    when, flag = _processors(db.engine.dialect)
    last_used = when(last_used)
    if last_used.tzinfo is None:
        last_used = last_used.replace(tzinfo=dt.UTC)
    return Admitted(faults, ticket, found_cust, TicketState(tenant_id, associate_id, last_used, bool(flag(revoked)),
                                                            ref_version, data_version, all_version), hooks)
