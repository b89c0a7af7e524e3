"""soapsvc soak: a mixed SOAP + REST load on 2 gunicorn workers and many tenants, bounded in time and count,
over loopback only; prints calls, errors, and each size sampled at the start and the end next to its bound.

Run with `make soak` (not part of `make test`). SOAK_SECONDS (default 180), SOAK_CALLS (most calls in all,
default 1,000,000), SOAK_CLIENTS (client processes, default 4), SOAK_TENANTS (default 20) shorten or widen it.
One round of a client, in a tenant taken in turn: SOAP GetContactEntity and SaveContactEntity (raw envelopes,
as tools/bench.py sends them), REST GET /api/v1/Contact/{id}, POST /api/v1/Contact and DELETE of the contact
it made (so the data stays the same size), and the Agents API's Contact/GetContactEntity.

The bounds, and why: RSS per worker, start + SOAPSVC_REPLAY_MB (the answers a worker keeps, 64 MB) + 32 MB;
journal rows, SOAPSVC_JOURNAL_SIZE (1000) per tenant (the soak's and the default tenant, which the readiness
probe calls); database, its start size + that many rows with the
largest request and answer of the soak + 512 bytes each (what the contacts made and deleted leave is reused);
spool, 2 workers x spool.MAX_BYTES (a worker drains when its file holds that) + one record.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench import ROOT, envelope, free_port, http, post_request, ticket_of

sys.path.insert(0, str(ROOT))
from soapsvc.cli import THREADS, WORKER, gunicorn_argv  # noqa: E402
from soapsvc.config import Settings  # noqa: E402
from soapsvc.store import spool  # noqa: E402

SECONDS = float(os.environ.get("SOAK_SECONDS", "180"))
MAX_CALLS = int(os.environ.get("SOAK_CALLS", "1000000"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "4"))
TENANTS = int(os.environ.get("SOAK_TENANTS", "20"))
WORKERS = 2
SAVE = ("<ContactEntity><ContactId>2</ContactId><Name>Nordic Fisheries AS</Name><Department>Soak {n}</Department>"
        "<Associate><AssociateId>1</AssociateId></Associate><Country><CountryId>578</CountryId></Country>"
        "</ContactEntity>")
LOGIN = envelope("AuthenticateUsernamePassword", "<UserName>ADMIN</UserName><Password>admin</Password>")


def rest(method: str, path: str, ticket: str, payload: object = None) -> bytes:
    body = b"" if payload is None else json.dumps(payload).encode()
    return (f"{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: SOTicket {ticket}\r\n"
            f"Accept: application/json\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body


def _status(answer: bytes) -> int:
    try:
        return int(answer.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def _round(port: int, tenant: str, ticket: str, n: int, rng: random.Random, out: dict) -> None:
    """One round of calls; each counted, timed and checked (its HTTP status and NetServer's answer)."""
    soap = f"/{tenant}/Remote/Services88/Contact.svc"
    contact_id = rng.randint(1, 6)
    calls = [
        ("SOAP GetContactEntity", post_request(soap, envelope(
            "GetContactEntity", f"<ContactEntityId>{contact_id}</ContactEntityId>", ticket)), 200,
         b"<tns:Succeeded>true"),
        ("SOAP SaveContactEntity", post_request(soap, envelope("SaveContactEntity", SAVE.format(n=n), ticket)), 200,
         b"<tns:Succeeded>true"),
        ("REST GET Contact/{id}", rest("GET", f"/{tenant}/api/v1/Contact/{contact_id}", ticket), 200, b'"ContactId"'),
        ("REST POST Contact", rest("POST", f"/{tenant}/api/v1/Contact", ticket, {"Name": f"Soak {n}"}), 201,
         b'"ContactId"'),
    ]
    for name, request, status, marker in calls:
        answer = _timed(out, name, port, request, status, marker)
        if name == "REST POST Contact" and answer:
            made = json.loads(answer.split(b"\r\n\r\n", 1)[1])["ContactId"]
            _timed(out, "REST DELETE Contact/{id}", port, rest("DELETE", f"/{tenant}/api/v1/Contact/{made}", ticket),
                   None, b"")
    _timed(out, "Agents API Contact/GetContactEntity", port, rest(
        "POST", f"/{tenant}/api/v1/Agents/Contact/GetContactEntity?contactEntityId={contact_id}", ticket), 200,
        b'"ContactId"')


def _timed(out: dict, name: str, port: int, request: bytes, status: int | None, marker: bytes) -> bytes | None:
    kind = out.setdefault(name, {"calls": 0, "errors": 0, "ms": [], "largest": 0})
    started = time.perf_counter()
    try:
        answer = http(port, request)
    except OSError:
        answer = b""
    kind["ms"].append((time.perf_counter() - started) * 1000)
    kind["calls"] += 1
    kind["largest"] = max(kind["largest"], len(request), len(answer))
    got = _status(answer)
    if (got != status if status else not 200 <= got < 300) or marker not in answer:
        kind["errors"] += 1
        if kind["errors"] <= 3:
            body = answer.split(b"\r\n\r\n", 1)[-1]
            said = re.search(rb"<tns:Message>([^<]*)|\"ErrorMessage\": \"([^\"]*)", body)
            print(f"    error in {name}: HTTP {got} {(said[1] or said[2]) if said else body[:300]!r}", file=sys.stderr)
        return None
    return answer


def _client(args: tuple[int, list[tuple[str, str]], float, int, int]) -> dict:
    port, tenants, seconds, calls, seed = args
    rng, out, n = random.Random(seed), {}, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end and sum(k["calls"] for k in out.values()) < calls:
        tenant, ticket = tenants[(seed + n) % len(tenants)]
        _round(port, tenant, ticket, n, rng, out)
        n += 1
    return out


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _files_bytes(*paths: Path) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())


def sample(master: int, db: Path, port: int, tenant: str) -> dict:
    """RSS of each worker, the spool's bytes (before a drain empties it), then the journal's rows and the
    database's bytes (after the admin API's read of the journal moved the spool into it)."""
    out = {"rss": [_rss_mb(pid) for pid in _workers(master)],
           "spool": _files_bytes(*spool.directory(str(db)).glob("*.spool"))}
    http(port, f"GET /_soapsvc/api/tenants/{tenant}/journal?limit=1 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
    with sqlite3.connect(db) as con:
        out["journal"] = con.execute("SELECT count(*) FROM admin_call").fetchone()[0]
    out["db"] = _files_bytes(db, Path(f"{db}-wal"))
    return out


def main() -> int:
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        db, port = Path(tmp) / "soak.sqlite3", free_port()
        env = {**os.environ, "SOAPSVC_DB_PATH": str(db), "PYTHONPATH": str(ROOT)}
        env.pop("SOAPSVC_DATABASE_URL", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", *gunicorn_argv(f"127.0.0.1:{port}", WORKERS, THREADS)],  # as `soapsvc serve`
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            return soak(proc, port, db, settings)
        finally:
            proc.terminate()
            proc.wait(20)


def soak(proc: subprocess.Popen, port: int, db: Path, settings: Settings) -> int:
    deadline = time.monotonic() + 60
    while True:
        try:
            if _status(http(port, post_request("/Remote/Services88/SoPrincipal.svc", envelope("GetSystemInfo", "")))):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("gunicorn did not answer") from None
            time.sleep(0.1)
    tenants = []
    for i in range(TENANTS):  # each tenant created and warmed before the first sample
        tenant = f"Soak{i:03d}"
        tickets = ticket_of(http(port, post_request(f"/{tenant}/Remote/Services88/SoPrincipal.svc", LOGIN)))
        tenants.append((tenant, tickets))
    for tenant, ticket in tenants:
        _round(port, tenant, ticket, 0, random.Random(0), {})
    start = sample(proc.pid, db, port, tenants[0][0])
    print(f"soapsvc soak: {WORKERS} workers x {THREADS} threads ({WORKER.rsplit('.', 1)[1]}), {CLIENTS} client "
          f"processes, {TENANTS} tenants, up to {SECONDS:.0f} s and {MAX_CALLS:,} calls, loopback port {port}")
    began = time.perf_counter()
    with ProcessPoolExecutor(CLIENTS) as pool:
        parts = list(pool.map(_client, [(port, tenants, SECONDS, MAX_CALLS // CLIENTS, seed)
                                        for seed in range(CLIENTS)]))
    elapsed = time.perf_counter() - began
    end = sample(proc.pid, db, port, tenants[0][0])
    kinds: dict[str, dict] = {}
    for part in parts:
        for name, k in part.items():
            total = kinds.setdefault(name, {"calls": 0, "errors": 0, "ms": [], "largest": 0})
            total["calls"] += k["calls"]
            total["errors"] += k["errors"]
            total["ms"] += k["ms"]
            total["largest"] = max(total["largest"], k["largest"])
    return report(kinds, start, end, elapsed, settings)


def report(kinds: dict[str, dict], start: dict, end: dict, elapsed: float, settings: Settings) -> int:
    print(f"\n{'calls':<40} {'made':>9} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for name, k in kinds.items():
        ms = sorted(k["ms"])
        print(f"{name:<40} {k['calls']:>9,} {k['errors']:>7} {ms[len(ms) // 2]:>8.1f} "
              f"{ms[min(len(ms) - 1, int(len(ms) * 0.99))]:>8.1f}")
    calls, errors = sum(k["calls"] for k in kinds.values()), sum(k["errors"] for k in kinds.values())
    print(f"{'all':<40} {calls:>9,} {errors:>7}   ({calls / elapsed:.0f} calls/s over {elapsed:.0f} s)")
    largest = max(k["largest"] for k in kinds.values())
    rows_bound = settings.journal_size * (TENANTS + 1)  # + the default tenant's, which the readiness probe calls
    rss_bound = [r + settings.replay_mb + 32 for r in start["rss"]]
    record = spool.HEAD.size + 256 + 2 * min(largest, settings.journal_max_body)
    spool_bound = WORKERS * min(spool.BATCH * record, spool.MAX_BYTES + record)
    rows = [(f"RSS worker {i + 1} (MB)", f"{s:.1f}", f"{e:.1f}", f"{b:.1f}", e <= b, "start + replay MB + 32")
            for i, (s, e, b) in enumerate(zip(start["rss"], end["rss"], rss_bound, strict=True))]
    rows.append(("journal rows", f"{start['journal']:,}", f"{end['journal']:,}", f"{rows_bound:,}",
                 end["journal"] <= rows_bound, f"{settings.journal_size} per tenant ({TENANTS} + the default)"))
    db_bound = start["db"] + rows_bound * (2 * largest + 512)
    rows.append(("database (MB)", f"{start['db'] / 1e6:.1f}", f"{end['db'] / 1e6:.1f}", f"{db_bound / 1e6:.1f}",
                 end["db"] <= db_bound, "start + journal rows x (2 x largest body + 512 B)"))
    rows.append(("spool (kB)", f"{start['spool'] / 1e3:.1f}", f"{end['spool'] / 1e3:.1f}", f"{spool_bound / 1e3:.0f}",
                 end["spool"] <= spool_bound, f"{WORKERS} workers x {spool.MAX_BYTES >> 20} MiB + a record"))
    print(f"\n{'figure':<22} {'start':>9} {'end':>9} {'bound':>9}  within  why the bound")
    for name, s, e, b, ok, why in rows:
        print(f"{name:<22} {s:>9} {e:>9} {b:>9}  {'yes' if ok else 'NO':<6}  {why}")
    held = errors == 0 and all(r[4] for r in rows)
    print(f"\n{'held: no errors, every figure within its bound' if held else 'NOT HELD'} (largest body {largest:,} B)")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
