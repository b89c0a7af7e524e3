"""What the agent tests share: a fresh tenant per test, logged-in zeep clients, NetServer error checks."""

from __future__ import annotations

import itertools
from typing import Any

from tests.interop.zeep_clients import credentials, login, service

_tenants = itertools.count(1)


def new_tenant(prefix: str = "Cust") -> str:
    """A tenant no other test uses (created with its seed data on first use)."""
    return f"{prefix}{60000 + next(_tenants)}"


class Agents:
    """zeep clients of one tenant, logged in as one user: `agents.Contact.GetContact(1)`."""

    def __init__(self, base: str, tenant: str, user: str = "ADMIN", password: str = "admin") -> None:
        self.base, self.tenant = base, tenant
        self.headers = credentials(login(base, tenant, user, password))

    def __getattr__(self, agent: str) -> Any:
        svc = service(self.base, agent, self.tenant)
        headers = self.headers

        class Bound:
            def __getattr__(self, operation: str) -> Any:
                method = getattr(svc, operation)
                return lambda *a, **k: method(*a, _soapheaders=headers, **k)

        return Bound()


def ok(answer: Any) -> Any:
    """The body's Response of a call that must have succeeded."""
    assert answer.header.Succeeded is True, answer.header.ExceptionInfo.Message
    return None if answer.body is None else answer.body.Response  # operations without a result: no body


def refused(answer: Any, words: str, kind: str = "SoValidationException") -> None:
    assert answer.header.Succeeded is False
    assert answer.header.ExceptionInfo.ExceptionType == kind
    assert words in answer.header.ExceptionInfo.Message
