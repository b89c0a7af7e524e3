"""Shared fixtures: a real soapsvc served by gunicorn over HTTP, as users run it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from soapsvc.cli import THREADS, gunicorn_argv

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "wsdl" / "reference" / "services88"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(str):
    """A running soapsvc's base URL (a str, for clients) that also knows its database URL (for tests
    that reach behind the server, e.g. to age a ticket)."""

    db_url: str


def start_gunicorn(workers: int = 2, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start `gunicorn soapsvc.server:app` on a free port and wait until it answers."""
    port = free_port()
    # Its log goes to a file (a pipe nobody reads would stop the server once full).
    log = tempfile.NamedTemporaryFile(prefix=f"soapsvc-gunicorn-{port}-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", *gunicorn_argv(f"127.0.0.1:{port}", workers, THREADS)],  # as `soapsvc serve` runs it
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/Remote/Services88/SoPrincipal.svc", timeout=2).read()
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {Path(log.name).read_text()}") from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not answer within 30 s")


@contextmanager
def serving(db_url: str, workers: int = 2) -> Iterator[Server]:
    """soapsvc under gunicorn on a database of its own, stopped afterwards."""
    proc, base = start_gunicorn(workers=workers, env={"SOAPSVC_DATABASE_URL": db_url})
    server = Server(base)
    server.db_url = db_url
    try:
        yield server
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """soapsvc under gunicorn with 2 workers on a fresh SQLite file, for the whole test session."""
    with serving(f"sqlite:///{tmp_path_factory.mktemp('db') / 'soapsvc.sqlite3'}") as srv:
        yield srv


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL cluster of the test run's own."""
    from tests.pgcluster import PgCluster, require_postgres

    require_postgres()
    with PgCluster() as pg:
        yield pg.url


@pytest.fixture(scope="session")
def postgres_server(postgres_url: str) -> Iterator[Server]:
    """soapsvc under gunicorn with 2 workers on the test run's PostgreSQL cluster."""
    with serving(postgres_url) as srv:
        yield srv


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes this runs on a new SQLite file and on the test run's PostgreSQL cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'soapsvc.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request: pytest.FixtureRequest) -> Server:
    """Each test that takes this runs on both storages."""
    return request.getfixturevalue("server" if request.param == "sqlite" else "postgres_server")
