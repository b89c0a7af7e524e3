"""zeep clients generated from SuperOffice's reference WSDL (not soapsvc's), pointed at a soapsvc URL."""

from __future__ import annotations

from functools import cache
from typing import Any

from zeep import Client

from soapsvc.ns import TNS
from tests.conftest import REFERENCE


@cache
def _client(agent: str) -> Client:
    return Client(str(REFERENCE / f"{agent}.wsdl"))


def service(base: str, agent: str, tenant: str | None = None) -> Any:
    """A zeep service proxy for `agent` at soapsvc's NetServer-style address."""
    prefix = f"/{tenant}" if tenant else ""
    return _client(agent).create_service(
        f"{{{TNS}}}BasicHttpBinding_{agent}", f"{base}{prefix}/Remote/Services88/{agent}.svc"
    )


def login(base: str, tenant: str | None = None, user: str = "ADMIN", password: str = "admin") -> str:
    """Log in with SoPrincipal and return the ticket (fails the test when log-in fails)."""
    answer = service(base, "SoPrincipal", tenant).AuthenticateUsernamePassword(user, password)
    assert answer.body.AuthenticationSucceeded is True, answer
    return answer.body.Credentials.Ticket


def credentials(ticket: str) -> dict[str, Any]:
    """The `_soapheaders` argument that sends a ticket."""
    return {"Credentials": {"Ticket": ticket}}
