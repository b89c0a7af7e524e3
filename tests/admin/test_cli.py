"""`soapsvc journal`: a tenant's newest calls, their bodies, and following new ones; `serve`'s new options."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from tests.admin.support import InProcess
from tests.conftest import ROOT


def journal_command(db_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "soapsvc.cli", "journal", "--database-url", db_url, *args]


def test_journal_prints_the_newest_calls_oldest_first(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = InProcess(tmp_path, monkeypatch)
    for _ in range(3):
        app.soap("SoPrincipal", "GetSystemInfo")
    app.soap("Contact", "GetContactEntity", "<ContactEntityId>1</ContactEntityId>", app.login())
    out = subprocess.run(journal_command(os.environ["SOAPSVC_DATABASE_URL"], "--tenant", app.tenant, "-n", "2"),
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout.splitlines()
    assert len(out) == 2
    assert "SoPrincipal.AuthenticateUsernamePassword  -  HTTP 200  ok" in out[0]
    assert "Contact.GetContactEntity  ADMIN  HTTP 200  ok" in out[1]
    bodies = subprocess.run(journal_command(os.environ["SOAPSVC_DATABASE_URL"], "--tenant", app.tenant, "-n", "1",
                                            "--bodies", "--agent", "contact"),
                            capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "  request:\n    <s:Envelope" in bodies and "\n          <ContactEntityId>1</ContactEntityId>" in bodies
    assert "soapsvc Demo AS" in bodies


def test_journal_follow_prints_new_calls_as_they_come(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = InProcess(tmp_path, monkeypatch)
    app.soap("SoPrincipal", "GetSystemInfo")
    proc = subprocess.Popen(journal_command(os.environ["SOAPSVC_DATABASE_URL"], "--tenant", app.tenant, "-f"),
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        lines = [_line(proc)]
        app.soap("SoPrincipal", "AuthenticateUsernamePassword", "<UserName>SUP</UserName><Password>x</Password>")
        lines.append(_line(proc))
    finally:
        proc.terminate()
        proc.wait(10)
    assert "SoPrincipal.GetSystemInfo" in lines[0]
    assert "SoPrincipal.AuthenticateUsernamePassword" in lines[1]


def _line(proc: subprocess.Popen, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if select.select([proc.stdout], [], [], 0.1)[0]:
            return proc.stdout.readline()
    raise TimeoutError("soapsvc journal -f printed nothing")


def test_serve_has_the_admin_and_journal_options() -> None:
    text = subprocess.run([sys.executable, "-m", "soapsvc.cli", "serve", "--help"], capture_output=True, text=True,
                          check=True, cwd=ROOT).stdout
    for option in ("--admin-token", "--journal {on,off}", "--journal-size", "--timeout"):
        assert option in text
