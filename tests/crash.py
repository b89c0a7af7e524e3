"""What the fault suite (tests/test_crash.py) drives: `soapsvc serve` as a user starts it, its processes found
and killed with SIGKILL, a write load of raw SOAP creates that keeps what was acknowledged, and the check
that every acknowledged save is in the database with the values sent."""

from __future__ import annotations

import http.client
import os
import re
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from soapsvc.store.db import database
from tests.conftest import ROOT
from tests.hostile import call, credentials, header_of, soap

SOAPSVC = ROOT / ".venv" / "bin" / "soapsvc"
CONTACT = "/Remote/Services88/Contact.svc"
# What a client may see while a process is killed: the connection refused, reset or cut short.
# The start of a ContactEntity in an answer: its id, name and department.
ENTITY = re.compile(rb"<tns:ContactId>(\d+)</tns:ContactId><tns:Name>([^<]*)</tns:Name><tns:Department>([^<]*)<")
RESET = (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead, http.client.BadStatusLine)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's master of `soapsvc serve`, or its workers)."""
    try:
        return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, dead but not yet reaped by its parent, counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_for(what: str, check: Callable[[], object], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.05)


class Serve:
    """`soapsvc serve` on one database and port, started again after a kill exactly as it was first."""

    def __init__(self, port: int, storage: list[str]) -> None:
        self.port, self.storage = port, storage
        self.proc: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix=f"soapsvc-crash-{port}-", suffix=".log")[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start it and wait for its banner, which it prints once SoPrincipal answers."""
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen([str(SOAPSVC), "serve", "--port", str(self.port), *self.storage],
                                         cwd=ROOT, stdout=log, stderr=log)
        wait_for(f"soapsvc serve answers (log {self.log})",
                 lambda: b"soapsvc is answering" in self.log.read_bytes().rsplit(b"Starting gunicorn", 1)[-1]
                 or self._ended(), timeout=60)

    def _ended(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"soapsvc serve ended ({self.proc.returncode}): {self.log.read_text()[-3000:]}")
        return False

    def master(self) -> int:
        assert self.proc is not None
        wait_for("gunicorn's master runs", lambda: children(self.proc.pid))
        return children(self.proc.pid)[0]

    def workers(self) -> list[int]:
        return children(self.master())

    def kill_worker(self) -> tuple[int, int]:
        """SIGKILL one worker; return it and the one gunicorn started in its place."""
        workers = self.workers()
        os.kill(workers[0], signal.SIGKILL)
        fresh = lambda: [w for w in self.workers() if w not in workers]  # noqa: E731
        wait_for("gunicorn started a worker in place of the killed one", lambda: len(fresh()) == 1)
        return workers[0], fresh()[0]

    def kill_master(self) -> list[int]:
        """SIGKILL gunicorn's master; its workers must end on their own, and `soapsvc serve` with it."""
        master, workers = self.master(), self.workers()
        os.kill(master, signal.SIGKILL)
        wait_for(f"the workers {workers} of the killed master end", lambda: not any(map(alive, workers)), 15)
        assert self.proc is not None
        self.proc.wait(15)
        return workers

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)


@dataclass
class Load:
    """Client threads each sending SaveContactEntity creates one after another, until `stop()`.

    `acked`: id -> (name, department) of every save answered Succeeded true with a ContactId. `failed`:
    the saves answered otherwise, by kind (HTTP status and fault, NetServer's exception, a reset).
    `wrong`: answers that are none of those, which a kill must never cause."""

    base: str
    tenant: str
    ticket: str
    threads: int = 4
    acked: dict[int, tuple[str, str]] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    sent: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._pool = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.threads)]

    def start(self) -> Load:
        for thread in self._pool:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._pool:
            thread.join(60)

    def snapshot(self) -> dict[int, tuple[str, str]]:
        with self._lock:
            return dict(self.acked)

    def wait_acks(self, more: int, timeout: float = 30) -> None:
        """Wait until `more` saves were acknowledged from now on (the server takes writes again)."""
        start = len(self.acked)
        wait_for(f"{more} more acknowledged saves", lambda: len(self.acked) >= start + more, timeout)

    def _client(self, i: int) -> None:
        n = 0
        while not self._stop.is_set():
            n += 1
            name, department = f"Crash {self.tenant} t{i} n{n}", f"D{(n * 7919 + i) % 100000}"
            with self._lock:
                self.sent.add(name)
            kind = self._save(name, department)
            if kind:
                with self._lock:
                    self.failed[kind] = self.failed.get(kind, 0) + 1
                time.sleep(0.05)

    def _save(self, name: str, department: str) -> str:
        """Send one create; '' when acknowledged (and recorded), else what the client saw."""
        entity = (f"<ContactEntity><ContactId>0</ContactId><Name>{name}</Name><Department>{department}</Department>"
                  "<Associate><AssociateId>1</AssociateId></Associate></ContactEntity>")
        body = call("SaveContactEntity", entity, credentials(self.ticket)).encode()
        try:
            status, answer = soap(self.base, f"/{self.tenant}{CONTACT}", body)
        except RESET as e:
            return f"connection: {type(e).__name__}"
        return self._judge(name, department, status, answer)

    def _judge(self, name: str, department: str, status: int, answer: bytes) -> str:
        try:
            succeeded = header_of(answer, "Succeeded")
        except Exception:  # noqa: BLE001  (not XML: a wrong answer unless an HTTP error says so)
            succeeded = None
            if status != 200:
                return f"HTTP {status}"
        if status != 200 or succeeded != "true":
            found = re.search(rb"<(?:\w+:)?(?:faultstring|Message)>([^<]{0,80})", answer)
            return f"HTTP {status}: {found[1].decode() if found else answer[:80]!r}"
        got = ENTITY.search(answer)
        with self._lock:
            if not got or (got[2].decode(), got[3].decode()) != (name, department) or int(got[1]) in self.acked:
                self.wrong.append(f"{name}: {answer[:300]!r}")
                return "wrong answer"
            self.acked[int(got[1])] = (name, department)
        return ""


def read_back(base: str, tenant: str, ticket: str, contact_id: int) -> tuple[str, str] | None:
    """A contact's name and department as GetContactEntity answers them (None when it answers none)."""
    body = call("GetContactEntity", f"<ContactEntityId>{contact_id}</ContactEntityId>", credentials(ticket))
    got = ENTITY.search(soap(base, f"/{tenant}{CONTACT}", body.encode())[1])
    return (got[2].decode(), got[3].decode()) if got and int(got[1]) == contact_id else None


def stored(db_url: str, tenant: str) -> dict[int, tuple[str, str]]:
    """The tenant's contacts as the database holds them, read directly (not through the server)."""
    with database(db_url).unit() as db:
        rows = db.execute(text("SELECT c.id, c.name, c.department FROM contact c JOIN tenant t ON t.id = c.tenant_id "
                               "WHERE t.cust_id = :tenant"), {"tenant": tenant}).all()
    return {row[0]: (row[1], row[2]) for row in rows}


def integrity(db_url: str) -> str:
    """'ok' when the database is sound. SQLite: `PRAGMA integrity_check` on a connection of its own.
    PostgreSQL (its server is not the one killed; it rolls back a dead client's transaction): amcheck's
    `bt_index_check` with heapallindexed, every index of the contact table against its rows."""
    if not db_url.startswith("sqlite"):
        with database(db_url).unit() as db:
            db.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            db.execute(text("SELECT bt_index_check(i.indexrelid, true) FROM pg_index i "
                            "WHERE i.indrelid = 'contact'::regclass")).all()
        return "ok"
    conn = sqlite3.connect(db_url.split("///", 1)[1], timeout=30)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()
