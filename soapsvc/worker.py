"""The gunicorn worker `soapsvc serve` runs: gthread with a bound on how long a client may take to send its
request and to take its answer, so that slow or hostile clients cannot hold the threads others need.

gthread reads a request with a blocking socket in a pool thread: a client that trickles its headers or body
a byte every few seconds (slowloris), or never reads a large answer, keeps that thread for as long as it
likes. Here each connection's socket is wrapped: its request must arrive within SOAPSVC_READ_TIMEOUT seconds
of its first byte (else it is answered 408 and closed), and each write of its answer must be taken within
SOAPSVC_SEND_TIMEOUT seconds (else the connection is closed). Figures: tools/slow_clients.py. Written against
gunicorn 27's gthread (its `handle` and graceful close), which setup.cfg requires. Each worker also gives
freed memory back every SOAPSVC_TRIM_SECONDS (10; 0: never), see soapsvc.memory.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from soapsvc.memory import keep_trimming

TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


class BoundedSocket:
    """A client socket whose reads of one request share a deadline and whose writes each have a time limit.

    The deadline starts at the first read of a request and ends with the first write of its answer (a kept-
    alive connection's next request gets a new one). Everything else is the socket's own.
    """

    def __init__(self, sock: socket.socket, read_timeout: float, send_timeout: float) -> None:
        self._sock, self._read_timeout, self._send_timeout = sock, read_timeout, send_timeout
        self._deadline: float | None = None
        self.cut = False  # a bound was hit: the connection is closed at once, without lingering

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def recv(self, size: int, *flags: int) -> bytes:
        now = time.monotonic()
        if self._deadline is None:
            self._deadline = now + self._read_timeout
        left = self._deadline - now
        prior = self._sock.gettimeout()
        try:
            if left <= 0:
                raise TimeoutError
            self._sock.settimeout(left if prior is None else min(left, prior))
            return self._sock.recv(size, *flags)
        except TimeoutError:
            if time.monotonic() < self._deadline:  # a shorter timeout of gunicorn's own: its to handle
                raise
            self.cut = True
            self._refuse()
            raise ConnectionResetError(f"request not received within {self._read_timeout:g} s") from None
        finally:
            self._sock.settimeout(prior)

    def _refuse(self) -> None:
        """Tell the client why (if it takes the few bytes at once), and stop reading from it."""
        try:
            self._sock.send(TIMED_OUT, socket.MSG_DONTWAIT)
            self._sock.shutdown(socket.SHUT_RD)
        except OSError:
            pass

    def sendall(self, data: bytes, *flags: int) -> None:
        self._deadline = None
        prior = self._sock.gettimeout()
        self._sock.settimeout(self._send_timeout)  # sendall's timeout bounds the whole write (Python >= 3.5)
        try:
            self._sock.sendall(data, *flags)
        except TimeoutError:
            self.cut = True
            raise BrokenPipeError(f"answer not taken within {self._send_timeout:g} s") from None
        finally:
            self._sock.settimeout(prior)

    def send(self, data: bytes, *flags: int) -> int:
        self.sendall(data, *flags)
        return len(data)


class BoundedThreadWorker(ThreadWorker):
    """gthread, with every client connection's reads and writes bounded (see BoundedSocket), and closed in its
    pool thread: gthread's graceful close lingers up to 2 s for the client to close too, and in the poller's
    thread that would stall every other connection behind a client that never does."""

    def init_process(self) -> None:
        self.read_timeout = float(os.environ.get("SOAPSVC_READ_TIMEOUT", "10"))
        self.send_timeout = float(os.environ.get("SOAPSVC_SEND_TIMEOUT", "10"))
        keep_trimming(float(os.environ.get("SOAPSVC_TRIM_SECONDS", "10")))
        super().init_process()

    def enqueue_req(self, conn: Any) -> None:
        if not isinstance(conn.sock, BoundedSocket):
            conn.sock = BoundedSocket(conn.sock, self.read_timeout, self.send_timeout)
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        keep = super().handle(conn)
        if keep is False:  # not kept alive (True) nor deferred to the poller (gthread's _DEFER)
            if conn.sock.cut:
                util.close(conn.sock)
            else:
                util.close_graceful(conn.sock)
        return keep
