"""Sessions through the two .NET clients Mono generates from the reference WSDL, against soapsvc under gunicorn.

`SessionWsdl.exe` (wsdl: SoapHttpClientProtocol) and `SessionSvcutil.exe` (svcutil: WCF ClientBase) log in
with SoPrincipal.AuthenticateUsernamePassword and call Associate.GetAssociate with the ticket, or with a
ticket given on the command line (forged, aged in the database, another tenant's, none). Every value they
read is printed, `null` for null, so a reply element the proxy cannot read shows as a failed assertion.
Each test uses tenants of its own (created on first use); the two programs use different ones.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from pathlib import Path

import pytest

from soapsvc import clock
from soapsvc.store import soprincipal
from soapsvc.store.db import database
from tests.conftest import Server
from tests.interop import mono

OPERATIONS = {"SoPrincipal": ["AuthenticateUsernamePassword"], "Associate": ["GetAssociate"]}
BUILDERS = {
    "wsdl": lambda out: mono.build_wsdl_program("SessionWsdl.cs", OPERATIONS, out),
    "svcutil": lambda out: mono.build_svcutil_program("SessionSvcutil.cs", OPERATIONS, out),
}
TENANT_BASE = {"wsdl": 9700, "svcutil": 9800}
CALLS = 20


class Program:
    """A built session program and the tenants its tests may use."""

    def __init__(self, kind: str, exe: Path) -> None:
        self.kind, self.exe = kind, exe

    def tenant(self, n: int) -> str:
        return f"Cust{TENANT_BASE[self.kind] + n}"

    def login(self, server: str, tenant: str, user: str, password: str, calls: int = 0) -> dict[str, str]:
        return mono.parse_output(mono.run_exe(self.exe, ["login", server, tenant, user, password, str(calls)]))

    def call(self, server: str, tenant: str, ticket: str | None) -> dict[str, str]:
        return mono.parse_output(mono.run_exe(self.exe, ["call", server, tenant, ticket or "-"]))


@pytest.fixture(scope="module", params=sorted(BUILDERS), ids=str)
def program(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Program:
    mono.require_mono()
    kind = request.param
    return Program(kind, BUILDERS[kind](tmp_path_factory.mktemp(f"session-{kind}")))


def logged_in(program: Program, server: str, tenant: str, calls: int = 0) -> tuple[str, dict[str, str]]:
    values = program.login(server, tenant, "ADMIN", "admin", calls)
    assert values["Login.AuthenticationSucceeded"] == "true", values
    ticket = values["Login.Ticket"]
    assert ticket.startswith("7T:"), values
    return ticket, values


def assert_security_error(values: dict[str, str], text: str) -> None:
    assert values["Call.Succeeded"] == "false", values
    assert values["Call.Response"] == "null", values
    assert values["Call.ExceptionInfo.ExceptionType"] == "SoSecurityException", values
    assert text in values["Call.ExceptionInfo.Message"], values


def test_login_then_twenty_calls_with_the_ticket(server: str, program: Program) -> None:
    tenant = program.tenant(1)
    ticket, values = logged_in(program, server, tenant, CALLS)
    assert values["Login.Succeeded"] == "true"
    assert values["Login.ExceptionInfo.Message"] == "null"
    principal = "Login.Response."
    assert values[principal + "AssociateId"] == "1"
    assert values[principal + "Associate"] == "ADMIN"
    assert values[principal + "FullName"] == "Alice Admin"
    assert values[principal + "PersonId"] == "1"
    assert values[principal + "ContactId"] == "1"
    assert values[principal + "CountryId"] == "578"
    assert values[principal + "DatabaseContextIdentifier"] == tenant
    for i in range(1, CALLS + 1):
        call = f"Call.{i}."
        assert values[call + "Succeeded"] == "true", (i, values)
        assert values[call + "ExceptionInfo.Message"] == "null", (i, values)
        assert values[call + "Response.AssociateId"] == "1", (i, values)
        assert values[call + "Response.Name"] == "ADMIN", (i, values)
        assert values[call + "Response.FullName"] == "Alice Admin", (i, values)
        assert values[call + "Response.PersonId"] not in ("null", "0"), (i, values)
    assert f"Call.{CALLS + 1}.Succeeded" not in values


def test_another_user_gets_a_principal_of_their_own(server: str, program: Program) -> None:
    values = program.login(server, program.tenant(2), "SAL", "sal", 1)
    assert values["Login.AuthenticationSucceeded"] == "true"
    assert values["Login.Response.AssociateId"] == "2"
    assert values["Login.Response.FullName"] == "Sam Seller"
    assert values["Call.1.Succeeded"] == "true"
    assert values["Call.1.Response.FullName"] == "Alice Admin"  # GetAssociate(1), whoever asks


def test_wrong_password_gives_no_ticket(server: str, program: Program) -> None:
    values = program.login(server, program.tenant(3), "ADMIN", "wrong", CALLS)
    assert values["Login.AuthenticationSucceeded"] == "false"
    assert values["Login.Ticket"] == "null"
    assert values["Login.Response"] == "null"
    assert values["Login.Succeeded"] == "true"  # the call worked, the log-in did not
    assert values["Login.ExceptionInfo.Message"] == "null"
    assert not any(key.startswith("Call.") for key in values)


def test_missing_ticket(server: str, program: Program) -> None:
    assert_security_error(program.call(server, program.tenant(4), None), "needs a ticket")


def test_forged_ticket(server: str, program: Program) -> None:
    tenant = program.tenant(5)
    logged_in(program, server, tenant)  # the tenant exists and has tickets, just not this one
    forged = "7T:" + base64.b64encode(secrets.token_bytes(24)).decode()
    assert_security_error(program.call(server, tenant, forged), "is not known")


def test_expired_ticket(server: Server, program: Program) -> None:
    tenant = program.tenant(6)
    ticket, values = logged_in(program, server, tenant, 1)
    assert values["Call.1.Succeeded"] == "true"
    with database(server.db_url).unit() as db:
        soprincipal.set_ticket_last_used(db, ticket, clock.now() - dt.timedelta(hours=7))
    assert_security_error(program.call(server, tenant, ticket), "expired")


def test_ticket_at_another_tenant(server: str, program: Program) -> None:
    home, other = program.tenant(7), program.tenant(8)
    ticket, _ = logged_in(program, server, home)
    assert_security_error(program.call(server, other, ticket), "belongs to another tenant")
    values = program.call(server, home, ticket)
    assert values["Call.Succeeded"] == "true", values
    assert values["Call.Response.FullName"] == "Alice Admin"
