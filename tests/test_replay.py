"""Kept answers (soapsvc.soap.replay): sent again only while the data, the user and the ticket allow it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from soapsvc import agents
from soapsvc.soap import replay
from soapsvc.store import soprincipal
from soapsvc.store.db import database
from tests.admin.support import InProcess, http
from tests.agents.support import Agents, new_tenant, ok

GET = ("Contact", "GetContactEntity", "<ContactEntityId>2</ContactEntityId>")


class Counted:
    """The behaviour of Contact.GetContactEntity, counting the calls that reach it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, operation: tuple[str, str] = GET[:2]) -> None:
        self.calls = 0
        inner: Callable[..., Any] = agents.load()[operation]

        def counted(*args: Any) -> Any:
            self.calls += 1
            return inner(*args)

        monkeypatch.setitem(agents.IMPLEMENTATIONS, operation, counted)


@pytest.fixture
def app(tmp_path, monkeypatch: pytest.MonkeyPatch) -> InProcess:
    return InProcess(tmp_path, monkeypatch)


def test_a_read_again_is_sent_as_kept_byte_for_byte_with_one_statement(app: InProcess, monkeypatch) -> None:
    counted, ticket = Counted(monkeypatch), app.login()
    first = app.soap(*GET, ticket)
    before = database().statements
    again = [app.soap(*GET, ticket) for _ in range(3)]
    assert database().statements - before == 3  # one probe each: the ticket, the versions, no fault rule
    assert counted.calls == 1 and again == [first] * 3 and b"Nordic Fisheries AS" in first
    journal = app.api("GET", f"/tenants/{app.tenant}/journal")[1]["entries"]
    assert [(e["operation"], e["user"], e["succeeded"], e["outcome"]) for e in journal[:4]] == [
        ("GetContactEntity", "ADMIN", True, "[replayed] ok")] * 3 + [("GetContactEntity", "ADMIN", True, "ok")]
    assert journal[0]["response"] == first.decode()


def test_any_write_to_the_tenant_ends_the_kept_answers(app: InProcess, monkeypatch) -> None:
    counted, ticket = Counted(monkeypatch), app.login()
    app.soap(*GET, ticket)
    saved = app.soap("Person", "SavePersonEntity", "<PersonEntity><PersonId>0</PersonId><Firstname>Nina</Firstname>"
                     "<Contact><ContactId>2</ContactId></Contact></PersonEntity>", ticket)
    assert b"<tns:Succeeded>true" in saved
    app.soap(*GET, ticket)
    assert counted.calls == 2
    app.soap(*GET, ticket)
    assert counted.calls == 2


def test_admin_changes_end_them_too(app: InProcess, monkeypatch) -> None:
    ticket = app.login()
    app.api("POST", f"/tenants/{app.tenant}/snapshots", {"name": "start"})
    renamed = ("<ContactEntity><ContactId>2</ContactId><Name>Renamed AS</Name><Country><CountryId>578</CountryId>"
               "</Country></ContactEntity>")
    assert b"Renamed AS" in app.soap("Contact", "SaveContactEntity", renamed, ticket)
    assert b"Renamed AS" in app.soap(*GET, ticket)
    assert app.api("POST", f"/tenants/{app.tenant}/snapshots/start/restore", {})[0] == 200
    ticket = app.login()  # a restore ends the tenant's tickets
    assert b"Nordic Fisheries AS" in app.soap(*GET, ticket)


def test_another_user_never_gets_a_kept_answer_read_for_someone_else(app: InProcess, monkeypatch) -> None:
    admin = app.login()
    sal = app.soap("SoPrincipal", "AuthenticateUsernamePassword", "<UserName>SAL</UserName><Password>sal</Password>")
    sal_ticket = sal.split(b"Ticket>")[1].split(b"<")[0].decode()
    mine = app.soap("Contact", "GetMyContact", "", admin)
    theirs = app.soap("Contact", "GetMyContact", "", sal_ticket)
    assert app.soap("Contact", "GetMyContact", "", admin) == mine
    assert app.soap("Contact", "GetMyContact", "", sal_ticket) == theirs
    journal = app.api("GET", f"/tenants/{app.tenant}/journal")[1]["entries"]
    assert [e["user"] for e in journal[:4]] == ["SAL", "ADMIN", "SAL", "ADMIN"]


def test_a_fault_rule_added_later_still_answers(app: InProcess, monkeypatch) -> None:
    ticket = app.login()
    app.soap(*GET, ticket)
    app.soap(*GET, ticket)
    rule = {"agent": "Contact", "operation": "GetContactEntity", "kind": "error", "times": 1}
    assert app.api("POST", f"/tenants/{app.tenant}/faults", rule)[0] == 201
    assert b"<tns:Succeeded>false" in app.soap(*GET, ticket)
    assert b"<tns:Succeeded>true" in app.soap(*GET, ticket)


def test_the_ticket_is_checked_on_every_replay(app: InProcess, monkeypatch) -> None:
    ticket = app.login()
    app.soap(*GET, ticket)
    with database().unit() as db:
        soprincipal.set_ticket_last_used(db, ticket, dt.datetime.now(dt.UTC) - dt.timedelta(hours=7))
    assert b"TicketExpired" in app.soap(*GET, ticket) or b"expired" in app.soap(*GET, ticket)
    fresh = app.login()
    app.soap(*GET, fresh)
    with database().unit() as db:
        soprincipal.revoke_ticket(db, fresh)
    assert b"<tns:Succeeded>false" in app.soap(*GET, fresh)
    assert b"<tns:Succeeded>false" in app.soap(*GET, "7T:forged")


def test_other_headers_or_arguments_are_other_answers(app: InProcess, monkeypatch) -> None:
    counted, ticket = Counted(monkeypatch), app.login()
    app.soap(*GET, ticket)
    other = app.soap("Contact", "GetContactEntity", "<ContactEntityId>3</ContactEntityId>", ticket)
    assert counted.calls == 2 and b"<tns:ContactId>3</tns:ContactId>" in other
    unknown = app.soap("Contact", "GetContactEntity", "<ContactEntityId>999</ContactEntityId>", ticket)
    assert counted.calls == 3 and b"<tns:Succeeded>true" in unknown


def test_reads_that_failed_and_writes_are_not_kept(app: InProcess, monkeypatch) -> None:
    counted = Counted(monkeypatch, ("MDO", "GetList"))
    ticket = app.login()
    for _ in range(2):
        assert b"<tns:Succeeded>false" in app.soap("MDO", "GetList", "<Name>nosuchlist</Name>", ticket)
    assert counted.calls == 2
    assert not agents.replayable("Contact", "SaveContactEntity")
    assert not agents.replayable("Contact", "CreateDefaultContactEntity")  # today's date in it


def test_replay_can_be_turned_off(app: InProcess, monkeypatch) -> None:
    monkeypatch.setattr(replay, "CACHE", replay.AnswerCache(0))
    counted, ticket = Counted(monkeypatch), app.login()
    assert app.soap(*GET, ticket) == app.soap(*GET, ticket)
    assert counted.calls == 2


def test_the_cache_is_bounded_in_bytes() -> None:
    cache = replay.AnswerCache(100)
    kept = replay.Kept(None, "", "200 OK", (), b"x" * 40)  # type: ignore[arg-type]
    for n in range(5):
        cache.put(("T", "Contact", str(n).encode()), kept)
    assert len(cache) == 2 and cache.size <= 100
    assert cache.get(("T", "Contact", b"4")) is kept and cache.get(("T", "Contact", b"0")) is None


def test_saves_through_one_worker_are_read_at_once_through_the_other(any_server) -> None:
    """Both workers keep the answer; every save, whichever worker takes it, ends both."""
    tenant = new_tenant("Replay")
    agents_ = Agents(any_server, tenant)
    for round_ in range(6):
        for _ in range(4):  # both workers read (and keep) the current name
            ok(agents_.Contact.GetContactEntity(2))
        entity = ok(agents_.Contact.GetContactEntity(2))
        entity.Name = f"Nordic Fisheries {round_}"
        ok(agents_.Contact.SaveContactEntity(entity))
        names = {ok(agents_.Contact.GetContactEntity(2)).Name for _ in range(6)}
        assert names == {f"Nordic Fisheries {round_}"}
    status, _headers, body = http("GET", f"{any_server}/_soapsvc/api/tenants/{tenant}/journal?limit=1000&bodies=0")
    reads = [e for e in json.loads(body)["entries"] if e["operation"] == "GetContactEntity"]
    assert status == 200 and len(reads) == 66
    assert sum(e["outcome"] == "[replayed] ok" for e in reads) >= 30  # zeep's MessageIDs differ: no matter
