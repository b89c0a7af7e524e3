"""What behaviour code knows of the SOAP call it serves: never Spyne's context, only plain values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Call:
    """One operation call: the tenant from the URL and the request's SOAP headers."""

    tenant: str
    agent: str
    operation: str
    application_token: str | None = None
    ticket: str | None = None
    timezone: Any = None
