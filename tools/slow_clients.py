"""soapsvc under slow and hostile clients: a normal client's latency without and with an attack, and the ratio.

Run with `make slow-clients` (not part of `make test`; tests/test_slow_clients.py checks the same with a
generous bound). The normal client makes SLOW_CALLS calls (default 300) over SLOW_SECONDS (default 15, longer
than the read bound so that trickling connections are cut and come back), GetSystemInfo and GetContactEntity
with a ticket in turn, on a new connection each; p50 and p99 are taken without an attack, then while
SLOW_ATTACKERS (default 50) slowloris connections trickle a request a byte every 2 s (half of them in the
headers, half in the body) and as many never-read connections ask for Contact's WSDL, pipelined 20 times,
with a 4 kB receive buffer, and never read it. Goal: p99 with the attack within 3x of p99 without.

`--candidates` runs every worker model of CANDIDATES and prints one table; without it, the model
`soapsvc serve` runs by default.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import LOGIN, ROOT, envelope, free_port, http, post_request, ticket_of

sys.path.insert(0, str(ROOT))
from soapsvc.cli import WORKER, gunicorn_argv, parser  # noqa: E402

CALLS = int(os.environ.get("SLOW_CALLS", "300"))
SECONDS = float(os.environ.get("SLOW_SECONDS", "15"))
ATTACKERS = int(os.environ.get("SLOW_ATTACKERS", "50"))
# name: (worker class, threads per worker, environment)
CANDIDATES = {
    "gthread 2x4": ("gthread", 4, {}),
    "gthread 2x64": ("gthread", 64, {}),
    "gthread 2x128": ("gthread", 128, {}),
    "bounded 2x4": (WORKER, 4, {}),
    "bounded 2x64": (WORKER, 64, {}),
    "bounded 2x128": (WORKER, 128, {}),
}


@contextmanager
def serving(worker_class: str, threads: int, env: dict[str, str] | None = None) -> Iterator[int]:
    """gunicorn serving soapsvc on a fresh SQLite file and a free port, as `soapsvc serve` starts it."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        full = {**os.environ, "SOAPSVC_DB_PATH": str(Path(tmp) / "slow.sqlite3"), "PYTHONPATH": str(ROOT),
                **(env or {})}
        full.pop("SOAPSVC_DATABASE_URL", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", *gunicorn_argv(f"127.0.0.1:{port}", 2, threads, worker=worker_class)],
            cwd=ROOT, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(proc, port)
            yield port
        finally:
            proc.terminate()
            proc.wait(20)


def _wait(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if ticket_of(http(port, post_request("/Remote/Services88/SoPrincipal.svc", LOGIN))):
                return
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError("gunicorn did not answer")
        time.sleep(0.1)


def normal_calls(port: int, ticket: str, calls: int = CALLS, spread: float = 0, budget: float = 60) -> list[float]:
    """Milliseconds of each call, GetSystemInfo and GetContactEntity in turn, spread over `spread` seconds
    and for at most `budget`; a call not answered within 10 s counts as 10 s, a wrong answer raises."""
    requests = [
        (post_request("/Remote/Services88/SoPrincipal.svc", envelope("GetSystemInfo", "", ticket)), b"<tns:"),
        (post_request("/Remote/Services88/Contact.svc", envelope(
            "GetContactEntity", "<ContactEntityId>2</ContactEntityId>", ticket)), b"<tns:ContactId>2<"),
    ]
    out: list[float] = []
    end = time.monotonic() + budget
    for n in range(calls):
        if time.monotonic() > end:
            break
        time.sleep(spread / calls)
        request, marker = requests[n % 2]
        started = time.perf_counter()
        try:
            answer = http(port, request, timeout=10)
        except TimeoutError:
            out.append(10_000)
            continue
        out.append((time.perf_counter() - started) * 1000)
        if b" 200 " not in answer[:20] or marker not in answer:
            raise RuntimeError(f"wrong answer during the run: {answer[:300]!r}")
    return out



def login(port: int) -> str:
    return ticket_of(http(port, post_request("/Remote/Services88/SoPrincipal.svc", LOGIN)))


class Attack:
    """Slowloris and never-read connections, each reopened when the server ends it, until stopped.

    `cut` counts trickling connections the server ended, `refused` those it answered 408.
    """

    def __init__(self, port: int, attackers: int = ATTACKERS, trickle: float = 2.0) -> None:
        self.port, self.trickle = port, trickle
        self.stop = threading.Event()
        self.cut = self.refused = 0
        self.lock = threading.Lock()
        body = envelope("GetSystemInfo", "")
        slow = [post_request("/Remote/Services88/SoPrincipal.svc", body)] * attackers
        slow = [r if i % 2 else r[:len(r) - len(body)] + b" " * 10 + body for i, r in enumerate(slow)]
        wsdl = b"GET /Remote/Services88/Contact.svc?wsdl HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 20
        self.threads = [threading.Thread(target=self._slowloris, args=(r, i % 2 == 0), daemon=True) for i, r in
                        enumerate(slow)]
        self.threads += [threading.Thread(target=self._never_read, args=(wsdl,), daemon=True)
                         for _ in range(attackers)]

    def __enter__(self) -> Attack:
        for t in self.threads:
            t.start()
        time.sleep(self.trickle + 1)  # every connection open and holding what it can
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(10)

    def _slowloris(self, request: bytes, in_body: bool) -> None:
        """Send the head at once (a body trickler) or not (a header trickler), then a byte every `trickle` s."""
        while not self.stop.is_set():
            with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
                at = request.index(b"\r\n\r\n") + 4 if in_body else 1
                sock.sendall(request[:at])
                try:
                    while at < len(request) - 1 and not self.stop.wait(self.trickle):
                        sock.sendall(request[at:at + 1])
                        at += 1
                    if self.stop.is_set():
                        return
                except OSError:
                    pass
                self._ended(sock)

    def _ended(self, sock: socket.socket) -> None:
        try:
            answer = sock.recv(200)
        except OSError:
            answer = b""
        with self.lock:
            self.cut += 1
            self.refused += b" 408 " in answer[:20]

    def _never_read(self, requests: bytes) -> None:
        while not self.stop.is_set():
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            with sock:
                sock.connect(("127.0.0.1", self.port))
                sock.sendall(requests)
                self.stop.wait(15)


def percentile(ms: list[float], p: float) -> float:
    ms = sorted(ms)
    return ms[min(len(ms) - 1, int(len(ms) * p))]


def measure(worker_class: str, threads: int, env: dict[str, str] | None = None) -> dict[str, float]:
    """p50/p99 of the normal client without and with the attack, and whether the server answers after it."""
    with serving(worker_class, threads, env) as port:
        ticket = login(port)
        normal_calls(port, ticket, 20)  # warm
        quiet = normal_calls(port, ticket, spread=SECONDS)
        with Attack(port) as attack:
            loud = normal_calls(port, ticket, spread=SECONDS)
        after = normal_calls(port, ticket, 10)
    return {"p50": percentile(quiet, 0.5), "p99": percentile(quiet, 0.99), "p50 attack": percentile(loud, 0.5),
            "p99 attack": percentile(loud, 0.99), "after": max(after), "cut": attack.cut, "408": attack.refused}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--candidates", action="store_true", help="measure every worker model of CANDIDATES")
    args = p.parse_args()
    serve = parser().parse_args(["serve"])
    chosen = {f"soapsvc serve: 2x{serve.threads}": (WORKER, serve.threads, {})}
    print(f"normal client: {CALLS} calls; attack: {ATTACKERS} slowloris + {ATTACKERS} never-read connections")
    print(f"{'worker model':<26} {'p50 ms':>7} {'p99 ms':>7} {'p50 att':>8} {'p99 att':>8} {'p99 x':>6} "
          f"{'cut':>4} {'408':>4}")
    held = True
    for name, (worker_class, threads, env) in (CANDIDATES if args.candidates else chosen).items():
        try:
            f = measure(worker_class, threads, env)
        except (OSError, RuntimeError) as exc:
            print(f"{name:<26} failed: {exc}")
            held = False
            continue
        ratio = f["p99 attack"] / f["p99"]
        held = held and (ratio <= 3 or args.candidates)
        print(f"{name:<26} {f['p50']:>7.1f} {f['p99']:>7.1f} {f['p50 attack']:>8.1f} {f['p99 attack']:>8.1f} "
              f"{ratio:>6.1f} {f['cut']:>4} {f['408']:>4}", flush=True)
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
