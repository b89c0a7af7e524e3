"""Tables of webhooks: the definitions (tenant data, reset and snapshotted with it) and the delivery queue.

The queue is keyed by CustId and named `admin_...` like the admin tables: a reset does not lose what is
being delivered, and writing it is no CRM change (no data version bump, `db.NOT_DATA`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from soapsvc.store.models import Base, TenantRow

ACTIVE, STOPPED, TOO_MANY_ERRORS = 1, 2, 3  # WebhookState's numbers


class WebhookRow(TenantRow, Base):
    """A webhook definition; `events` is a JSON array, `doc` the carrier fields with no column."""

    __tablename__ = "webhook"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(255), default="")
    target_url: Mapped[str] = mapped_column(Text, default="")
    secret: Mapped[str] = mapped_column(String(255), default="")
    state: Mapped[int] = mapped_column(default=ACTIVE)
    events: Mapped[str] = mapped_column(Text, default="[]")
    doc: Mapped[str] = mapped_column(Text, default="{}")
    registered: Mapped[dt.datetime]
    registered_by: Mapped[int] = mapped_column(default=0)
    updated: Mapped[dt.datetime | None]
    updated_by: Mapped[int] = mapped_column(default=0)
    total_calls: Mapped[int] = mapped_column(default=0)
    total_errors: Mapped[int] = mapped_column(default=0)
    consecutive_errors: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class Delivery(Base):
    """One event to one webhook: its body and headers as sent (signed once: the same on every retry), its
    outcome.

    `state`: pending, delivered, abandoned (the webhook stopped or had too many errors first). A worker
    owns a pending row while `claimed_until` (epoch seconds) is ahead and `claim` is its token.
    `attempts_log` is a JSON array of {at, status, error, ms}.
    """

    __tablename__ = "admin_webhook_delivery"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64))
    tid: Mapped[int]
    webhook_id: Mapped[int]
    webhook_name: Mapped[str] = mapped_column(String(255), default="")
    target_url: Mapped[str] = mapped_column(Text)
    event: Mapped[str] = mapped_column(String(128))
    event_id: Mapped[str] = mapped_column(String(36))
    body: Mapped[str] = mapped_column(Text)
    headers: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the signature and the webhook's own
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    due: Mapped[float] = mapped_column(Float)
    claimed_until: Mapped[float] = mapped_column(Float, default=0.0)
    claim: Mapped[str] = mapped_column(String(32), default="")
    created: Mapped[float] = mapped_column(Float)
    finished: Mapped[float | None] = mapped_column(Float)
    last_status: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    attempts_log: Mapped[str] = mapped_column(Text, default="[]")
    __table_args__ = (Index("ix_admin_webhook_delivery_due", "state", "due"),
                      Index("ix_admin_webhook_delivery_tenant", "tenant", "id"), {"sqlite_autoincrement": True})
