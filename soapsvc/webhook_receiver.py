"""A webhook receiver for tests: a loopback HTTP server that keeps every POST and can fail on purpose.

Standard library only (the pytest plugin imports it before any test asks for soapsvc). `wait_for` blocks
until the events asked for arrived; `valid` checks a delivery's X-SuperOffice-Signature with the secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    """One POST as the receiver got it, and what it answered."""

    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    at: float = field(default_factory=time.time)

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str:
        """A header by name, in any case (HTTP's names are case-insensitive)."""
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")

    @property
    def event(self) -> str:
        return self.header("X-SuperOffice-Event")

    def valid(self, secret: str) -> bool:
        """Whether X-SuperOffice-Signature is the base64 HMAC-SHA256 of the body with `secret`."""
        want = base64.b64encode(hmac.new(secret.encode(), self.body, hashlib.sha256).digest()).decode()
        return hmac.compare_digest(want, self.header("X-SuperOffice-Signature"))


class WebhookReceiver:
    """`url` takes POSTs; `fail(n, status)` answers the next n with `status`; `received` is every one."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.received: list[Received] = []
        self._failures: list[int] = []
        self._cond = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._cond:
                    status = receiver._failures.pop(0) if receiver._failures else 200
                    receiver.received.append(Received(self.path, dict(self.headers.items()), body, status))
                    receiver._cond.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"no")

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self._server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def fail(self, times: int, status: int = 500) -> None:
        with self._cond:
            self._failures.extend([status] * times)

    def events(self, event: str | None = None, ok_only: bool = False) -> list[Received]:
        with self._cond:
            return [r for r in self.received if (event is None or r.event == event) and (not ok_only or r.status < 300)]

    def wait_for(self, event: str, count: int = 1, timeout: float = 15, ok_only: bool = True) -> list[Received]:
        """The first `count` deliveries of `event` (answered 2xx unless `ok_only` is False); raises
        TimeoutError, saying what did arrive, when they do not come in time."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [r for r in self.received if r.event == event and (not ok_only or r.status < 300)]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    got = [r.event for r in self.received]
                    raise TimeoutError(f"{len(found)} of {count} {event} within {timeout} s; received {got}")
                self._cond.wait(left)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
