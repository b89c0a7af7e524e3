"""The one statement a replayed read costs (`soapsvc.soap.replay`): the ticket and the versions.

It answers only when the ticket may be used without the full check: known, of the tenant in the URL, not
revoked and used since `fresh_after` (so neither expired nor due to have its last use written). With
the row come the versions a kept answer must have been read at, and whether a fault rule waits for the
call (the full path takes it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from soapsvc.store import direct
from soapsvc.store import models as m
from soapsvc.store.db import database

PROBE = (
    "SELECT t.associate_id, n.ref_version,"
    " COALESCE((SELECT v.version FROM data_version v WHERE v.cust_id = n.cust_id), 0),"
    " COALESCE((SELECT v.version FROM data_version v WHERE v.cust_id = '*'), 0),"
    " (SELECT COUNT(*) FROM admin_fault f WHERE f.tenant = n.cust_id AND f.agent IN (?, '*')"
    "  AND f.operation IN (?, '*') AND (f.times IS NULL OR f.times > 0))"
    " FROM ticket t JOIN tenant n ON n.id = t.tenant_id"
    " WHERE t.ticket = ? AND n.cust_id = ? AND t.revoked = ? AND t.last_used > ?"
)


@dataclass(frozen=True)
class Probe:
    associate_id: int
    ref_version: int
    data_version: int
    all_version: int
    fault_rules: int


@cache
def _when(dialect: Any) -> Any:
    """How SQLAlchemy writes a ticket's `last_used` for this driver, so the comparison is like for like."""
    return m.Ticket.__table__.c.last_used.type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)


def probe(cust_id: str, ticket: str, agent: str, operation: str, fresh_after: dt.datetime) -> Probe | None:
    db = database()
    row = direct.fetch_one(db, PROBE, (agent, operation, ticket, cust_id, False,
                                       _when(db.engine.dialect)(fresh_after)))
    return None if row is None else Probe(*row)
