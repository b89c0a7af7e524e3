"""The request journal: what each entry holds, masking, protocol faults, the bound, off, several workers."""

from __future__ import annotations

import datetime as dt
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from soapsvc.pytest_plugin import SoapsvcTenant
from soapsvc.store import spool
from soapsvc.store.admin import admin_database
from soapsvc.store.admin_models import JournalBody, JournalEntry
from tests.admin.support import InProcess, http, soap


def test_each_call_is_recorded_with_who_what_when_and_both_bodies(soapsvc: SoapsvcTenant) -> None:
    before = dt.datetime.now(dt.UTC)
    soap(soapsvc.address("Contact"), "GetContactEntity", "<ContactEntityId>5</ContactEntityId>", soapsvc.ticket)
    soap(soapsvc.address("Contact"), "GetContactEntity", "<ContactEntityId>x</ContactEntityId>", soapsvc.ticket)
    ok, bad = soapsvc.journal()
    assert (ok["tenant"], ok["agent"], ok["operation"], ok["user"], ok["status"], ok["succeeded"], ok["outcome"]) == (
        soapsvc.name, "Contact", "GetContactEntity", "ADMIN", 200, True, "ok")
    assert "<ContactEntityId>5</ContactEntityId>" in ok["request"] and "London Legal Ltd" in ok["response"]
    assert 0 < ok["duration_ms"] < 5000
    assert before - dt.timedelta(seconds=1) <= dt.datetime.fromisoformat(ok["at"]) <= dt.datetime.now(dt.UTC)
    assert (bad["status"], bad["succeeded"], bad["operation"]) == (500, None, "GetContactEntity")
    assert bad["outcome"].startswith("SOAP fault soap11env:Client.SchemaValidationError") or \
        bad["outcome"].startswith("SOAP fault ")


def test_failed_calls_show_the_exception_and_protocol_refusals_are_recorded(soapsvc: SoapsvcTenant) -> None:
    soap(soapsvc.address("Contact"), "GetContactEntity", "<ContactEntityId>1</ContactEntityId>", "7T:nonsense")
    http("POST", soapsvc.address("Contact"), b'<!DOCTYPE x []><x/>', {"Content-Type": "text/xml"})
    unknown, dtd = soapsvc.journal()
    assert (unknown["user"], unknown["succeeded"]) == ("", False)
    assert unknown["outcome"].startswith("SoSecurityException: The ticket in the Credentials header is not known")
    assert (dtd["status"], dtd["operation"], dtd["outcome"]) == (
        500, "", "SOAP fault s:Client.DtdNotAllowed: DTDs are not allowed in SOAP messages: remove the DOCTYPE "
        "declaration.")


def test_passwords_are_masked(soapsvc: SoapsvcTenant) -> None:
    soapsvc.login("SAL", "sal")
    entry = soapsvc.journal()[-1]
    assert entry["operation"] == "AuthenticateUsernamePassword"
    assert "<Password>***</Password>" in entry["request"] and ">sal<" not in entry["request"]
    assert "<UserName>SAL</UserName>" in entry["request"]


def test_calls_on_both_workers_are_all_recorded(soapsvc: SoapsvcTenant) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: soap(soapsvc.address("Contact"), "GetContactEntity",
                                     f"<ContactEntityId>{1 + i % 6}</ContactEntityId>", soapsvc.ticket), range(30)))
    entries = soapsvc.journal(agent="Contact")
    assert len(entries) == 30 and [e["id"] for e in entries] == sorted(e["id"] for e in entries)


def test_the_journal_keeps_the_newest_calls_per_tenant(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = InProcess(tmp_path, monkeypatch, journal_size=3)
    for _ in range(5):
        app.soap("SoPrincipal", "GetSystemInfo")
    ticket = app.login()
    app.soap("Contact", "GetContactEntity", "<ContactEntityId>2</ContactEntityId>", ticket)
    status, answer = app.api("GET", f"/tenants/{app.tenant}/journal")
    assert status == 200
    assert [e["operation"] for e in answer["entries"]] == ["GetContactEntity", "AuthenticateUsernamePassword",
                                                          "GetSystemInfo"]


def test_the_stored_journal_is_bounded_too(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "BATCH", 4)
    app = InProcess(tmp_path, monkeypatch, journal_size=3)
    for _ in range(13):
        app.soap("SoPrincipal", "GetSystemInfo")
    with admin_database().engine.connect() as connection:  # what is stored, before any read drains the spool
        stored = connection.scalar(select(func.count()).select_from(JournalEntry).where(
            JournalEntry.tenant == app.tenant))
        bodies = connection.scalar(select(func.count()).select_from(JournalBody))
    assert stored == 3  # spooled calls moved in at the 4th, 8th and 12th, pruned to 3 each time
    assert bodies == 2  # one request and one answer, however many calls sent them
    spooled = spool.directory(str(tmp_path / "soapsvc.sqlite3")).glob("*.spool")
    assert sum(len(path.read_bytes()) for path in spooled) > 0  # the 13th call, still spooled
    assert len(app.api("GET", f"/tenants/{app.tenant}/journal")[1]["entries"]) == 3


def test_a_spool_drains_by_its_bytes_too_so_a_drain_holds_little_in_memory(tmp_path) -> None:
    folder = spool.directory(str(tmp_path / "db.sqlite3"))
    entry = {"tenant": "T", "at": dt.datetime.now(dt.UTC), "agent": "Contact", "operation": "GetContact",
             "user": "ADMIN", "status": 200, "succeeded": True, "outcome": "ok", "duration_ms": 1.5,
             "request": b"<a/>"}
    big = spool.MAX_BYTES // 4  # a new answer each call, as the soak's saves have
    assert [spool.append(folder, dict(entry, response=bytes([65 + n]) * big)) for n in range(5)] == \
        [False, False, False, True, True]
    moved: list[dict] = []
    assert spool.drain(folder, moved.extend) == 5 and len({e["response"] for e in moved}) == 5
    assert spool.append(folder, dict(entry, response=b"<b/>")) is False  # the drain started the count again


def test_pruning_drops_the_bodies_no_kept_call_refers_to_and_keeps_shared_ones(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "BATCH", 2)
    app = InProcess(tmp_path, monkeypatch, journal_size=2)
    app.soap("SoPrincipal", "GetSystemInfo")  # request and answer shared by the later GetSystemInfo
    for contact in (1, 2, 3, 4):
        app.soap("Contact", "GetContactEntity", f"<ContactEntityId>{contact}</ContactEntityId>")
    app.soap("SoPrincipal", "GetSystemInfo")
    assert len(app.api("GET", f"/tenants/{app.tenant}/journal")[1]["entries"]) == 2
    with admin_database().engine.connect() as connection:
        kept = {digest for row in connection.execute(select(JournalEntry.request, JournalEntry.response))
                for digest in row}
        bodies = set(connection.scalars(select(JournalBody.digest)))
    assert bodies == kept and len(kept) == 4  # GetContactEntity 4's two, GetSystemInfo's two


def test_bodies_over_the_limit_are_cut(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = InProcess(tmp_path, monkeypatch, journal_max_body=100)
    app.soap("SoPrincipal", "GetSystemInfo")
    entry = app.api("GET", f"/tenants/{app.tenant}/journal")[1]["entries"][0]
    assert len(entry["response"].split("\n... [")[0]) == 100 and entry["response"].endswith("more bytes not kept]")


def test_journal_off_records_nothing(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = InProcess(tmp_path, monkeypatch, journal=False)
    assert b"<tns:Succeeded>true" in app.soap("SoPrincipal", "GetSystemInfo")
    assert app.api("GET", f"/tenants/{app.tenant}/journal")[1]["entries"] == []


def test_the_spool_moves_whole_records_only_and_forgets_files_of_dead_workers(tmp_path) -> None:
    folder = spool.directory(str(tmp_path / "db.sqlite3"))
    entry = {"tenant": "T", "at": dt.datetime.now(dt.UTC), "agent": "Contact", "operation": "GetContact",
             "user": "ADMIN", "status": 200, "succeeded": True, "outcome": "ok", "duration_ms": 1.5,
             "request": "<a>é</a>".encode(), "response": b"<b/>"}
    assert spool.append(folder, entry) is False
    dead_pid = subprocess.Popen(["true"])  # once it has ended, its pid is a dead worker's
    dead_pid.wait()
    torn = folder / f"{dead_pid.pid}.spool"
    bodies: dict[bytes, int] = {}
    records = [spool._record(entry, bodies) for _ in range(3)]  # the 2nd and 3rd send the bodies by number
    torn.write_bytes(records[0] + records[1] + records[2][:-3])  # killed while writing the 3rd
    moved: list[dict] = []
    assert spool.drain(folder, moved.extend) == 3
    assert moved == [entry] * 3
    assert not torn.exists() and spool.drain(folder, moved.extend) == 0
    spool.append(folder, entry)  # the file was emptied: the bodies go in full again
    spool.append(folder, dict(entry, response=b""))  # a dropped connection: no answer at all
    assert spool.drain(folder, moved.extend) == 2 and moved[-2:] == [entry, dict(entry, response=b"")]
