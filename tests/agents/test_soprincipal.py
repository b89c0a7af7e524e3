"""SoPrincipal and the ticket check, with zeep generated from the reference WSDL, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import datetime as dt
import itertools

import pytest

from soapsvc import clock, session
from soapsvc.store import soprincipal
from soapsvc.store.db import database
from tests.conftest import Server
from tests.interop.zeep_clients import credentials, login, service

_tenants = itertools.count(1)


@pytest.fixture
def tenant() -> str:
    """A tenant no other test uses (created with its seed data on first use)."""
    return f"Cust{7000 + next(_tenants)}"


def get_associate(server: Server, tenant: str, ticket: str | None, associate_id: int = 1):
    headers = credentials(ticket) if ticket else {}
    return service(server, "Associate", tenant).GetAssociate(associate_id, _soapheaders=headers)


def test_login_gives_ticket_and_principal(any_server: Server, tenant: str) -> None:
    answer = service(any_server, "SoPrincipal", tenant).AuthenticateUsernamePassword("ADMIN", "admin")
    body = answer.body
    assert answer.header.Succeeded is True
    assert body.AuthenticationSucceeded is True
    ticket = body.Credentials.Ticket
    assert ticket.startswith("7T:") and len(base64.b64decode(ticket[3:])) == 24
    p = body.Response
    assert (p.AssociateId, p.Associate, p.FullName, p.PersonId) == (1, "ADMIN", "Alice Admin", 1)
    assert (p.ContactId, p.CountryId, p.GroupId, p.RoleName) == (1, 578, 3, "Administrator")
    assert p.EMailAddress == "alice.admin@example.com"
    assert p.UserType == "InternalAssociate"
    assert p.DatabaseContextIdentifier == tenant
    assert "admin-all" in p.FunctionRights.string


def test_twenty_calls_with_the_ticket_succeed_on_any_worker(any_server: Server, tenant: str) -> None:
    ticket = login(any_server, tenant, "sal", "sal")
    for _ in range(20):
        answer = get_associate(any_server, tenant, ticket, 2)
        assert answer.header.Succeeded is True, answer.header.ExceptionInfo
        assert (answer.body.Response.FullName, answer.body.Response.UserName) == ("Sam Seller", "SAL")


def test_wrong_password_is_refused_without_ticket(any_server: Server, tenant: str) -> None:
    answer = service(any_server, "SoPrincipal", tenant).AuthenticateUsernamePassword("ADMIN", "wrong")
    assert answer.header.Succeeded is True
    assert answer.body.AuthenticationSucceeded is False
    assert answer.body.Credentials is None and answer.body.Response is None


def assert_refused(answer, words: str) -> None:
    assert answer.header.Succeeded is False
    assert answer.header.ExceptionInfo.ExceptionType == "SoSecurityException"
    assert words in answer.header.ExceptionInfo.Message
    assert answer.body.Response is None


def test_missing_ticket(any_server: Server, tenant: str) -> None:
    assert_refused(get_associate(any_server, tenant, None), "needs a ticket")


def test_forged_ticket(any_server: Server, tenant: str) -> None:
    assert_refused(get_associate(any_server, tenant, session.new_ticket()), "is not known")


def test_expired_ticket(any_server: Server, tenant: str) -> None:
    ticket = login(any_server, tenant)
    assert get_associate(any_server, tenant, ticket).header.Succeeded is True
    with database(any_server.db_url).unit() as db:
        soprincipal.set_ticket_last_used(db, ticket, clock.now() - dt.timedelta(hours=6, minutes=1))
    assert_refused(get_associate(any_server, tenant, ticket), "expired")


def test_ticket_in_use_stays_valid(any_server: Server, tenant: str) -> None:
    ticket = login(any_server, tenant)
    with database(any_server.db_url).unit() as db:
        soprincipal.set_ticket_last_used(db, ticket, clock.now() - dt.timedelta(hours=5, minutes=59))
    assert get_associate(any_server, tenant, ticket).header.Succeeded is True
    with database(any_server.db_url).unit() as db:
        last_used = soprincipal.ticket_state(db, ticket).last_used
    assert clock.now() - last_used < dt.timedelta(minutes=1)  # renewed by the use


def test_ticket_of_another_tenant(any_server: Server, tenant: str) -> None:
    ticket = login(any_server, tenant)
    assert_refused(get_associate(any_server, tenant + "0", ticket), "belongs to another tenant")
    assert get_associate(any_server, tenant, ticket).header.Succeeded is True


def test_access_token_of_the_tenant_logs_in(any_server: Server, tenant: str) -> None:
    login(any_server, tenant)  # creates the tenant
    with database(any_server.db_url).unit() as db:
        token = session.mint_access_token(db, tenant, "SUP")
    sp = service(any_server, "SoPrincipal", tenant)
    answer = sp.AuthenticateWithAccessToken(token)
    assert answer.body.AuthenticationSucceeded is True
    assert answer.body.Response.FullName == "Susan Support"
    assert get_associate(any_server, tenant, answer.body.Credentials.Ticket, 3).header.Succeeded is True
    assert service(any_server, "SoPrincipal", tenant + "0").AuthenticateWithAccessToken(token) \
        .body.AuthenticationSucceeded is False
    assert sp.AuthenticateWithAccessToken("8A:forged").body.AuthenticationSucceeded is False


def test_authenticate_generic_with_user_name_and_password(any_server: Server, tenant: str) -> None:
    pairs = {"AuthenticationGenericDataKeyValuePair": [{"Key": "UserName", "Value": "SAL"},
                                                       {"Key": "Password", "Value": "sal"}]}
    answer = service(any_server, "SoPrincipal", tenant).AuthenticateGeneric(pairs)
    assert answer.body.AuthenticationSucceeded is True
    assert answer.body.Response.AssociateId == 2


def test_authenticate_implicit_says_what_to_use(server: Server) -> None:
    answer = service(server, "SoPrincipal").AuthenticateImplicit()
    assert answer.header.Succeeded is False
    assert "AuthenticateUsernamePassword" in answer.header.ExceptionInfo.Message


def test_unknown_associate_is_a_nil_carrier(server: Server, tenant: str) -> None:
    answer = get_associate(server, tenant, login(server, tenant), 999)
    assert answer.header.Succeeded is True
    assert answer.body.Response is None


def test_associate_list(server: Server, tenant: str) -> None:
    answer = service(server, "Associate", tenant).GetAssociateList(
        {"int": [3, 999, 1]}, _soapheaders=credentials(login(server, tenant)))
    assert [a.FullName for a in answer.body.Response.Associate] == ["Susan Support", "Alice Admin"]
