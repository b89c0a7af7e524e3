"""Shared fixtures: a real soapsvc served by gunicorn over HTTP, as users run it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "wsdl" / "reference" / "services88"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(workers: int = 2, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start `gunicorn soapsvc.server:app` on a free port and wait until it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "soapsvc.server:app"],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/Remote/Services88/SoPrincipal.svc", timeout=2).read()
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {proc.stderr.read().decode()}") from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not answer within 30 s")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Base URL of soapsvc under gunicorn with 2 workers, for the whole test session."""
    proc, base = start_gunicorn(workers=2)
    yield base
    proc.terminate()
    proc.wait(10)
