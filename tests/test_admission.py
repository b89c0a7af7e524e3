"""One admission statement per call (soapsvc.store.admission): the ticket, the versions and the fault rules
read together; the ticket not read again by the call, the fault rules' transaction only when one waits."""

from __future__ import annotations

from typing import Any

import pytest

from soapsvc import session
from soapsvc.soap import replay
from soapsvc.store import admin, soprincipal
from soapsvc.store import udef as udef_store
from soapsvc.store.admin import admin_database
from soapsvc.store.db import database
from tests.admin.support import InProcess

READ = ("Contact", "GetContactEntity", "<ContactEntityId>2</ContactEntityId>")
SAVE = ("Contact", "SaveContactEntity", "<ContactEntity><ContactId>2</ContactId><Name>Admitted AS</Name>"
        "<Country><CountryId>578</CountryId></Country></ContactEntity>")


@pytest.fixture
def app(tmp_path, monkeypatch: pytest.MonkeyPatch) -> InProcess:
    monkeypatch.setattr(replay, "CACHE", replay.AnswerCache(0))  # every call the full path
    return InProcess(tmp_path, monkeypatch)


class Counter:
    """Statements of the operation's database and of the admin one, and the calls of the per-call reads
    the admission replaces."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ticket_reads = self.fault_takes = 0
        state, take = soprincipal.ticket_state, admin.fault_take

        def counted_state(*args: Any) -> Any:
            self.ticket_reads += 1
            return state(*args)

        def counted_take(*args: Any) -> Any:
            self.fault_takes += 1
            return take(*args)

        monkeypatch.setattr(soprincipal, "ticket_state", counted_state)
        monkeypatch.setattr(admin, "fault_take", counted_take)

    def __enter__(self) -> Counter:
        self.ops, self.admin = database().statements, admin_database().statements
        return self

    def __exit__(self, *exc: object) -> None:
        self.ops, self.admin = database().statements - self.ops, admin_database().statements - self.admin


def statements(app: InProcess, monkeypatch: pytest.MonkeyPatch, call: tuple[str, str, str], ticket: str
               ) -> tuple[Counter, bytes]:
    app.soap(*call, ticket)  # warm: the session is cached
    with Counter(monkeypatch) as counter:
        answer = app.soap(*call, ticket)
    return counter, answer


@pytest.mark.parametrize("call", [READ, SAVE], ids=["read", "save"])
def test_a_full_path_call_reads_its_ticket_once_and_no_fault_rule_apart(app: InProcess, monkeypatch, call) -> None:
    ticket = app.login()
    counter, answer = statements(app, monkeypatch, call, ticket)
    assert b"<tns:Succeeded>true" in answer
    assert (counter.ticket_reads, counter.fault_takes, counter.admin) == (0, 0, 0)
    real = session.authenticate  # the same call with the admission's row thrown away reads the ticket again
    monkeypatch.setattr(session, "authenticate", lambda db, tenant, ticket, auto, _admitted=None:
                        real(db, tenant, ticket, auto, None))
    with Counter(monkeypatch) as without:
        app.soap(*call, ticket)
    # without it, the ticket is read again, and a save asks whether a webhook listens (the admission said none)
    assert (without.ops, without.ticket_reads) == (counter.ops + (2 if call == SAVE else 1), 1)


def test_a_waiting_rule_is_taken_in_its_own_transaction(app: InProcess, monkeypatch) -> None:
    ticket = app.login()
    app.api("POST", f"/tenants/{app.tenant}/faults", {"agent": "Contact", "operation": "GetContactEntity",
                                                     "kind": "error", "message": "admitted and refused"})
    with Counter(monkeypatch) as counter:
        refused = app.soap(*READ, ticket)
        served = app.soap(*READ, ticket)
    assert b"admitted and refused" in refused and b"<tns:Succeeded>false" in refused
    assert b"<tns:Succeeded>true" in served
    assert (counter.fault_takes, counter.ticket_reads) == (1, 0) and counter.admin > 0


def test_the_admission_refuses_what_the_ticket_check_refused(app: InProcess, monkeypatch) -> None:
    ticket = app.login()
    other = InProcess.__new__(InProcess)
    other.router, other.tenant = app.router, app.tenant + "x"
    other.login()
    assert b"SoSecurityException" in other.soap(*READ, ticket)  # another tenant's ticket
    assert b"SoSecurityException" in app.soap(*READ, "7T:unknown")
    with database().unit() as db:
        soprincipal.revoke_ticket(db, ticket)
    assert b"SoSecurityException" in app.soap(*READ, ticket)


def test_rest_calls_are_admitted_the_same_way(app: InProcess, monkeypatch) -> None:
    ticket = app.login()
    path = f"/{app.tenant}/api/v1/Contact/2"
    headers = {"Authorization": f"SOTicket {ticket}", "Accept": "application/json"}
    app.request("GET", path, headers=headers)
    with Counter(monkeypatch) as counter:
        status, body = app.request("GET", path, headers=headers)
    assert status == 200 and b"Nordic Fisheries AS" in body
    assert (counter.ticket_reads, counter.fault_takes, counter.admin) == (0, 0, 0)


@pytest.mark.parametrize("call", [READ, SAVE], ids=["read", "save"])
def test_a_warm_session_asks_nothing_about_user_defined_fields(app: InProcess, monkeypatch, call) -> None:
    """The published fields are held by the session's reference version (publishing bumps it)."""
    ticket = app.login()
    app.soap(*call, ticket)
    asked = []
    real = udef_store.fields
    monkeypatch.setattr(udef_store, "fields", lambda *args: asked.append(args) or real(*args))
    assert b"<tns:Succeeded>true" in app.soap(*call, ticket)
    assert asked == []
