"""What behaviour code knows of the SOAP call it serves: never Spyne's context, only plain values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from soapsvc.session import SessionEntry


@dataclass
class Call:
    """One operation call: the tenant from the URL, the request's SOAP headers, and once checked, the
    signed-in session and the database unit of work the call runs in."""

    tenant: str
    agent: str
    operation: str
    application_token: str | None = None
    ticket: str | None = None
    timezone: Any = None
    db: Any = None
    session: SessionEntry | None = None
    auto_create_tenants: bool = True

    @property
    def tenant_id(self) -> int:
        assert self.session is not None, "only for operations that run with a ticket"
        return self.session.tenant_id
