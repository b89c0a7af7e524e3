"""Security (issue 16): tickets and access tokens stay in their tenant (SOAP and REST), admin writes need the
admin token when one is set, passwords never reach the journal, and minted tickets do not repeat. Each on
SQLite and on PostgreSQL (`any_server`)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest

from soapsvc import clock, session
from soapsvc.store import soprincipal
from soapsvc.store.db import database
from tests.agents.support import new_tenant
from tests.conftest import Server, start_gunicorn
from tests.hostile import SP, call, credentials, header_of, send, soap, soap_ticket

CONTACT = "/Remote/Services88/Contact.svc"
USER = "/Remote/Services88/User.svc"


def _get_contact(base: str, tenant: str, ticket: str) -> bytes:
    return soap(base, f"/{tenant}{CONTACT}", call("GetContactEntity", "<ContactEntityId>1</ContactEntityId>",
                                                  credentials(ticket)).encode())[1]


def _rest(base: str, tenant: str, authorization: str, method: str = "GET", path: str = "/v1/Contact/1",
          body: bytes = b"") -> tuple[int, bytes]:
    return send(base, method, f"/{tenant}/api{path}", body, {"Authorization": authorization,
                                                             "Content-Type": "application/json",
                                                             "Accept": "application/json"})


def test_a_soap_ticket_works_on_its_own_tenant_only(any_server: Server) -> None:
    mine, other = new_tenant("SecA"), new_tenant("SecB")
    ticket = soap_ticket(any_server, mine)
    soap_ticket(any_server, other)  # the other tenant exists, with its own contact 1
    assert header_of(_get_contact(any_server, mine, ticket), "Succeeded") == "true"
    answer = _get_contact(any_server, other, ticket)
    assert header_of(answer, "Succeeded") == "false"
    assert b"SoSecurityException" in answer and b"another tenant" in answer
    assert header_of(_get_contact(any_server, mine, ticket), "Succeeded") == "true"  # still good at home


@pytest.mark.parametrize("form", ["SOTicket {}", "Basic {}"])
def test_a_rest_ticket_works_on_its_own_tenant_only(any_server: Server, form: str) -> None:
    mine, other = new_tenant("SecC"), new_tenant("SecD")
    ticket = soap_ticket(any_server, mine)
    soap_ticket(any_server, other)
    assert _rest(any_server, mine, form.format(ticket))[0] == 200
    status, answer = _rest(any_server, other, form.format(ticket))
    assert status == 401 and json.loads(answer)["ErrorType"] == "SoSecurityException", answer


def test_an_access_token_works_on_its_own_tenant_only(any_server: Server) -> None:
    mine, other = new_tenant("SecE"), new_tenant("SecF")
    soap_ticket(any_server, other)
    with database(any_server.db_url).unit() as db:
        token = session.mint_access_token(db, mine, "SUP")
    body = call("AuthenticateWithAccessToken", f"<AccessToken>{token}</AccessToken>").encode()
    assert b"<tns:AuthenticationSucceeded>true<" in soap(any_server, f"/{mine}{SP}", body)[1]
    refused = soap(any_server, f"/{other}{SP}", body)[1]
    assert b"<tns:AuthenticationSucceeded>false<" in refused and b"<tns:Ticket>7T:" not in refused
    assert _rest(any_server, mine, f"Bearer {token}")[0] == 200
    assert _rest(any_server, other, f"Bearer {token}")[0] == 401


@pytest.fixture
def guarded(any_server: Server) -> Iterator[str]:
    """A soapsvc with an admin token, on the same database as `any_server`."""
    proc, base = start_gunicorn(workers=1, env={"SOAPSVC_DATABASE_URL": any_server.db_url,
                                                "SOAPSVC_ADMIN_TOKEN": "adm1n-t0ken"})
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic YWRtMW4tdDBrZW4=", "adm1n-t0ken"])
def test_admin_writes_need_the_token_when_one_is_set(guarded: str, authorization: str | None) -> None:
    tenant = new_tenant("SecG")
    soap_ticket(guarded, tenant)
    rules = f"/_soapsvc/api/tenants/{tenant}/faults"
    rule = json.dumps({"agent": "Contact", "operation": "GetContactEntity", "kind": "fault"}).encode()
    headers = {"Content-Type": "application/json", **({"Authorization": authorization} if authorization else {})}
    status, answer = send(guarded, "POST", rules, rule, headers)
    assert status == 401 and b"admin token" in answer
    assert send(guarded, "POST", f"/_soapsvc/api/tenants/{tenant}/reset", b"{}", headers)[0] == 401
    status, answer = send(guarded, "GET", rules)  # reads are open, and show nothing was written
    assert status == 200 and json.loads(answer)["rules"] == []
    token = {"Content-Type": "application/json", "Authorization": "Bearer adm1n-t0ken"}
    assert send(guarded, "POST", rules, rule, token)[0] == 201
    assert len(json.loads(send(guarded, "GET", rules)[1])["rules"]) == 1


def _journal(base: str, tenant: str) -> str:
    status, answer = send(base, "GET", f"/_soapsvc/api/tenants/{tenant}/journal")
    assert status == 200
    return answer.decode()


def test_passwords_are_masked_in_the_journal(any_server: Server) -> None:
    tenant = new_tenant("SecH")
    ticket = soap_ticket(any_server, tenant, "ADMIN", "admin")
    path = f"/{tenant}{SP}"
    soap(any_server, path, call("AuthenticateUsernamePassword",
                                "<UserName>ADMIN</UserName><Password>Plain-PW-1</Password>").encode())
    soap(any_server, path, call("AuthenticateUsernamePassword",
                                "<UserName>ADMIN</UserName><Password><![CDATA[Cdata-PW-2]]></Password>").encode())
    soap(any_server, path, call("AuthenticateUsernamePassword",
                                "<UserName>ADMIN</UserName><Password>Utf16-PW-3</Password>").encode("utf-16"))
    soap(any_server, f"/{tenant}{USER}", call("ChangeOwnPassword", "<OldPassword>Old-PW-4</OldPassword>"
                                             "<NewPassword>New-PW-5</NewPassword>", credentials(ticket)).encode())
    _rest(any_server, tenant, f"SOTicket {ticket}", "POST", "/v1/Agents/User/ChangeOwnPassword",
          json.dumps({"OldPassword": "Old-PW-6", "NewPassword": "New-PW-7"}).encode())
    basic = "Basic " + base64.b64encode(b"ADMIN:Basic-PW-8").decode()
    assert _rest(any_server, tenant, basic)[0] == 401
    assert _rest(any_server, tenant, "Basic " + base64.b64encode(b"ADMIN:admin").decode())[0] == 200
    journal = _journal(any_server, tenant)
    assert journal.count("AuthenticateUsernamePassword") >= 4 and "ChangeOwnPassword" in journal
    assert "***" in journal and "admin</" not in journal
    for secret in ("Plain-PW-1", "Cdata-PW-2", "Utf16-PW-3", "Old-PW-4", "New-PW-5", "Old-PW-6", "New-PW-7",
                   "Basic-PW-8", base64.b64encode(b"ADMIN:Basic-PW-8").decode()):
        assert secret not in journal, secret


def test_ten_thousand_minted_tickets_have_no_duplicate(any_server: Server) -> None:
    tenant = new_tenant("SecI")
    soap_ticket(any_server, tenant)
    tickets = [session.new_ticket() for _ in range(10_000)]
    assert len(set(tickets)) == 10_000 and all(t.startswith("7T:") and len(t) == 35 for t in tickets)
    db_ = database(any_server.db_url)
    with db_.unit() as db:
        tid = session.tenant_id(db, tenant)
        for ticket in tickets:  # the ticket column is unique: a repeat would fail the commit
            soprincipal.add_ticket(db, ticket, tid, 1, clock.now())
    with db_.unit() as db:
        assert all(soprincipal.ticket_state(db, t) is not None for t in tickets[::500])
    issued = {soap_ticket(any_server, tenant) for _ in range(50)}  # through log-in too: each one new
    assert len(issued) == 50 and not issued & set(tickets)
    assert header_of(_get_contact(any_server, tenant, tickets[-1]), "Succeeded") == "true"
