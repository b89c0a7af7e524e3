"""A first run: `soapsvc serve` says where to point a client once it answers, its first calls are as fast as
the next ones, every option's help says its default, a body that is not XML is told what to send, and a
failed log-in is marked failed in the journal."""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from soapsvc.cli import parser
from soapsvc.store import journal
from tests.admin.support import InProcess, envelope, http
from tests.conftest import ROOT, free_port

LOGIN = "<UserName>{}</UserName><Password>{}</Password>"


class Serving:
    """`soapsvc serve` on a free port and a database of its own, with everything it printed until ready."""

    def __init__(self, proc: subprocess.Popen, port: int, printed: list[str]) -> None:
        self.proc, self.port, self.printed = proc, port, printed


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    port, db = free_port(), tmp_path_factory.mktemp("first-run") / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOAPSVC_")}
    proc = subprocess.Popen([sys.executable, "-m", "soapsvc.cli", "serve", "--port", str(port), "--workers", "1",
                             "--db-path", str(db)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
                            cwd=ROOT, env=env)  # unbuffered: `select` sees every line not yet read
    printed: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while not any(line.lstrip().startswith("users") for line in printed):
            assert time.monotonic() < deadline and proc.poll() is None, f"no addresses printed: {printed}"
            if select.select([proc.stdout], [], [], 0.2)[0]:
                printed.append(proc.stdout.readline().decode())
        threading.Thread(target=proc.stdout.read, daemon=True).start()  # its access log: a full pipe would stop it
        yield Serving(proc, port, printed)
    finally:
        proc.terminate()
        proc.wait(20)


def _address(printed: list[str], label: str) -> str:
    line = next(line for line in printed if line.lstrip().startswith(label))
    return re.search(r"http://\S+", line)[0]


def test_serve_prints_the_addresses_once_they_answer(served: Serving) -> None:
    wsdl = _address(served.printed, "SoPrincipal WSDL")
    assert wsdl == f"http://127.0.0.1:{served.port}/Remote/Services88/SoPrincipal.svc?wsdl"
    status, _, body = http("GET", wsdl)
    assert status == 200 and b'name="AuthenticateUsernamePassword"' in body
    status, _, body = http("GET", _address(served.printed, "REST"))
    assert status == 200 and any(route.endswith("/api/v1/Contact/{id}") for route in json.loads(body))
    status, _, body = http("GET", _address(served.printed, "pages"))
    assert status == 200 and b"<html" in body.lower()
    users = re.findall(r"(\w+) / (\w+)", next(line for line in served.printed if "users" in line).split("(")[0])
    assert len(users) == 3
    for name, password in users:
        status, _, body = http("POST", wsdl.removesuffix("?wsdl"), envelope("AuthenticateUsernamePassword",
                                                                           LOGIN.format(name, password)))
        assert b"AuthenticationSucceeded>true<" in body, name


def _ms(port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    status, _, answer = http(method, f"http://127.0.0.1:{port}{path}", body or None, headers)
    assert status == 200 and b"Succeeded>false" not in answer and b'"Error": true' not in answer, answer[:500]
    return (time.perf_counter() - started) * 1000


def test_the_first_calls_after_start_are_as_fast_as_the_next(served: Serving) -> None:
    """One worker, so every first below is that worker's first of its kind (only ?wsdl came before)."""
    port, sp, ct = served.port, "/Remote/Services88/SoPrincipal.svc", "/Remote/Services88/Contact.svc"
    xml = {"Content-Type": "text/xml; charset=utf-8"}
    calls = {"GetSystemInfo": [_ms(port, "POST", sp, envelope("GetSystemInfo"), xml) for _ in range(6)],
             "AuthenticateUsernamePassword": [_ms(port, "POST", sp, envelope(
                 "AuthenticateUsernamePassword", LOGIN.format("ADMIN", "admin")), xml) for _ in range(6)]}
    _, _, answer = http("POST", f"http://127.0.0.1:{port}{sp}", envelope("AuthenticateUsernamePassword",
                                                                          LOGIN.format("ADMIN", "admin")), xml)
    ticket = answer.split(b"Ticket>")[1].split(b"<")[0].decode()
    # a different contact each time: no answer is sent again as kept
    calls["GetContactEntity"] = [_ms(port, "POST", ct, envelope(
        "GetContactEntity", f"<ContactEntityId>{i}</ContactEntityId>", ticket), xml) for i in range(1, 7)]
    calls["REST GET Contact"] = [_ms(port, "GET", f"/api/v1/Contact/{i}", headers={
        "Authorization": f"SOTicket {ticket}", "Accept": "application/json"}) for i in range(1, 7)]
    for name, times in calls.items():
        assert times[0] <= 3 * statistics.median(times[1:]) + 30, (name, times)


def test_every_option_says_its_default() -> None:
    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name, command in commands.items():
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help and "default" in action.help, (name, action.option_strings)
        text = subprocess.run([sys.executable, "-m", "soapsvc.cli", name, "--help"], capture_output=True, text=True,
                              check=True, cwd=ROOT).stdout
        assert text.count("default") >= len(command._actions) - 1, name


@pytest.mark.parametrize("body", [b"hello", b'{"UserName": "ADMIN"}', b"  GetSystemInfo", b"\xef\xbb\xbfname=ADMIN"])
def test_a_body_that_is_not_xml_is_told_what_to_send(tmp_path, monkeypatch: pytest.MonkeyPatch, body: bytes) -> None:
    app = InProcess(tmp_path, monkeypatch)
    status, answer = app.request("POST", f"/{app.tenant}/Remote/Services88/SoPrincipal.svc", body)
    assert status == 500
    assert b"<faultcode>s:Client.NotXml</faultcode>" in answer
    assert b"POST a SOAP 1.1 envelope with Content-Type text/xml" in answer and b"/api/v1/" in answer
    # a real envelope is still answered
    assert b"<tns:Succeeded>true" in app.soap("SoPrincipal", "GetSystemInfo")


def test_a_failed_log_in_is_clear_to_the_client_and_marked_failed_in_the_journal(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = InProcess(tmp_path, monkeypatch)
    answer = app.soap("SoPrincipal", "AuthenticateUsernamePassword", LOGIN.format("ADMIN", "wrong"))
    # NetServer's answer: the call worked, the log-in did not, and there is no ticket
    assert b"<tns:Succeeded>true</tns:Succeeded>" in answer
    assert b"<tns:AuthenticationSucceeded>false</tns:AuthenticationSucceeded>" in answer
    assert b"Ticket>" not in answer
    app.login()
    status, _ = app.request("GET", f"/{app.tenant}/api/v1/Contact/2",
                            headers={"Authorization": "Basic QURNSU46d3Jvbmc=", "Accept": "application/json"})
    assert status == 401
    entries = journal.calls(app.tenant, None, None, limit=10)
    failed, ok, rest = entries[-1], entries[-2], entries[-3]  # newest first
    assert failed["succeeded"] is False and failed["outcome"].startswith("log-in failed: AuthenticationSucceeded")
    assert ok["operation"] == "AuthenticateUsernamePassword" and ok["succeeded"] is True and ok["outcome"] == "ok"
    assert rest["succeeded"] is False and "SoSecurityException: The credentials were not accepted" in rest["outcome"]
