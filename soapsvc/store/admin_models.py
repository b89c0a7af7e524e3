"""Tables of the admin features (`soapsvc.admin`): the request journal, fault rules and snapshots.

They are keyed by the tenant's CustId, not by `tenant_id`: a reset, a restore or a data set empties every
table that has a `tenant_id` column, and none of these belongs to a tenant's CRM data. Being in the
database (not in a worker's memory) is what makes them hold whichever gunicorn worker answers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from soapsvc.store.models import Base


class JournalEntry(Base):
    """One SOAP call as soapsvc answered it (ids only grow, so `after=<id>` pages and tails).

    The bodies are in `JournalBody`, each once however many calls sent or answered it: integration suites
    send the same requests again and again, and their journal stays small."""

    __tablename__ = "admin_call"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    agent: Mapped[str] = mapped_column(String(64))
    operation: Mapped[str] = mapped_column(String(128), default="")
    user: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[int]
    succeeded: Mapped[bool | None]
    outcome: Mapped[str] = mapped_column(String(255), default="")
    duration_ms: Mapped[float]
    request: Mapped[str] = mapped_column(String(32), index=True)  # JournalBody.digest
    response: Mapped[str] = mapped_column(String(32), index=True)
    __table_args__ = (Index("ix_admin_call_tenant", "tenant", "id"), {"sqlite_autoincrement": True})


class JournalBody(Base):
    """A request or answer body of the journal, by its BLAKE2b digest."""

    __tablename__ = "admin_body"
    digest: Mapped[str] = mapped_column(String(32), primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class FaultRule(Base):
    """Answer matching calls with an error, a fault, an HTTP status, a delay or a dropped connection.

    `times` is how many more calls it answers (None: every one); with `share` < 1 each matching call is
    drawn with `Random(f"{seed}:{seen}")`, so a run with the same calls draws the same ones.
    """

    __tablename__ = "admin_fault"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64))
    agent: Mapped[str] = mapped_column(String(64))
    operation: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    times: Mapped[int | None]
    share: Mapped[float] = mapped_column(default=1.0)
    seed: Mapped[int] = mapped_column(default=0)
    seen: Mapped[int] = mapped_column(default=0)
    fired: Mapped[int] = mapped_column(default=0)
    delay: Mapped[float] = mapped_column(default=0.0)
    status: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(128), default="")  # error: ExceptionType; fault: faultcode
    message: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[dt.datetime]
    __table_args__ = (Index("ix_admin_fault_tenant", "tenant", "agent"), {"sqlite_autoincrement": True})


class Snapshot(Base):
    """A named copy of a tenant's rows (zlib-compressed JSON, table by table), restorable by any worker."""

    __tablename__ = "admin_snapshot"
    tenant: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    created: Mapped[dt.datetime]
    rows: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
