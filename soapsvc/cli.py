"""The `soapsvc` command: serve the emulator, write the WSDL, seed and reset tenants, mint tokens, tail the
request journal."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from soapsvc.config import DEFAULT_TENANT


def _database_env(args: argparse.Namespace) -> None:
    """The storage options become the environment every process of the server reads."""
    if args.database_url:
        os.environ["SOAPSVC_DATABASE_URL"] = args.database_url
    if args.db_path:
        os.environ["SOAPSVC_DB_PATH"] = args.db_path


def _serve(args: argparse.Namespace) -> int:
    """Run gunicorn with soapsvc's WSGI app (gunicorn is how soapsvc is served, in CI and at a desk), and
    print where to point a client once it answers."""
    _database_env(args)
    os.environ["SOAPSVC_MAX_BODY_BYTES"] = str(args.max_body_bytes)
    os.environ["SOAPSVC_TENANTS"] = args.tenants
    if args.admin_token:
        os.environ["SOAPSVC_ADMIN_TOKEN"] = args.admin_token
    os.environ["SOAPSVC_JOURNAL"] = args.journal
    os.environ["SOAPSVC_JOURNAL_SIZE"] = str(args.journal_size)
    _seed_default_tenant()
    os.environ["SOAPSVC_READ_TIMEOUT"] = str(args.read_timeout)
    os.environ["SOAPSVC_SEND_TIMEOUT"] = str(args.send_timeout)
    argv = gunicorn_argv(f"{args.host}:{args.port}", args.workers, args.threads, args.timeout)
    proc = subprocess.Popen([sys.executable, "-m", *argv])
    # gunicorn is a child, so that its first answer can be awaited; a stop signal goes on to it.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda sig, _frame: proc.send_signal(sig))
    try:
        if _answers(args.host, args.port, proc):
            print(banner(args.host, args.port), flush=True)
        return proc.wait()
    except KeyboardInterrupt:  # Ctrl-C reached gunicorn too (the same process group): let it finish
        return proc.wait()


WORKER = "soapsvc.worker.BoundedThreadWorker"
THREADS = 64  # per worker: more than the slow clients a worker should outlast (tools/slow_clients.py)


def gunicorn_argv(bind: str, workers: int, threads: int, timeout: int = 360, worker: str = WORKER) -> list[str]:
    """gunicorn's command line for soapsvc, as `soapsvc serve` runs it (tools/slow_clients.py measures this)."""
    # The worker timeout must outlast the longest delay a fault rule may ask for (300 s).
    # Threaded workers: an idle connection a browser opens ahead of time waits in the poller instead of
    # holding a whole worker, so the pages never stall the SOAP service; soapsvc's gthread bounds the time a
    # client may take to send its request and take its answer (soapsvc/worker.py). Keep-alive off: a
    # connection closed by the server while a client reuses it would fail a call. No control socket: gunicorn 27
    # puts every instance's at one path (~/.gunicorn/gunicorn.ctl), where servers started side by side (tests,
    # several tenants' emulators) would replace each other's; soapsvc is stopped by signals.
    return ["gunicorn", "--bind", bind, "--workers", str(workers), "--worker-class", worker,
            "--threads", str(threads), "--keep-alive", "0",
            "--timeout", str(timeout), "--access-logfile", "-", "--no-control-socket", "soapsvc.server:app"]


def _seed_default_tenant() -> None:
    """The default tenant and its seed users exist before the first request (which need not create them)."""
    from soapsvc import session
    from soapsvc.config import settings
    from soapsvc.store.db import database

    with database().unit(settings().default_tenant) as db:
        session.tenant_id(db, settings().default_tenant)


def _answers(host: str, port: int, proc: subprocess.Popen, timeout: float = 60) -> bool:
    """Wait until the server answers SoPrincipal's WSDL (False if gunicorn ended or did not answer)."""
    import urllib.request

    url = f"http://{_loopback(host)}:{port}/Remote/Services88/SoPrincipal.svc?wsdl"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.status == 200
        except OSError:
            time.sleep(0.1)
    return False


def _loopback(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "", "*") else "[::1]" if host == "::" else host


def banner(host: str, port: int) -> str:
    """The addresses a client needs, and the seeded users of every new tenant."""
    from soapsvc.config import settings
    from soapsvc.store.seed import USERS

    base, tenant = f"http://{_loopback(host)}:{port}", settings().default_tenant
    users = ", ".join(f"{name} / {password}" for _id, name, password, *_rest in USERS)
    return "\n".join([
        f"soapsvc is answering on {base}",
        f"  SoPrincipal WSDL  {base}/Remote/Services88/SoPrincipal.svc?wsdl  (tenant {tenant})",
        f"  any agent         {base}/<CustId>/Remote/Services88/<Agent>.svc  (a new CustId is a new tenant)",
        f"  REST              {base}/api/v1/  and  {base}/<CustId>/api/v1/  (GET /api/v1 lists the routes)",
        f"  pages             {base}/_soapsvc/  (journal, fault rules, REST), admin API {base}/_soapsvc/api",
        f"  users             {users}  (user name / password, in every tenant)",
    ])


def _wsdl(args: argparse.Namespace) -> int:
    """Write the WSDL every agent serves, with `--address` as the base of their endpoints."""
    from soapsvc.soap.wsdl import emit_all

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for agent, body in emit_all(args.address).items():
        (out / f"{agent}.wsdl").write_bytes(body)
    print(f"wrote {len(list(out.glob('*.wsdl')))} WSDL files to {out}")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from soapsvc import session
    from soapsvc.store import bulk, tenants
    from soapsvc.store.db import database

    _database_env(args)
    with database().unit(args.tenant) as db:
        tid = tenants.find(db, args.tenant)
        if tid is None:
            tid = session.tenant_id(db, args.tenant)
            print(f"created tenant {args.tenant} with its seed data")
        else:
            tenants.reseed(db, tid)
            print(f"re-seeded tenant {args.tenant}: seeded rows restored, rows added since kept")
    if args.contacts:
        with database().unit(args.tenant) as db:
            first = bulk.add_contacts(db, tid, args.contacts, progress_bar(args.contacts, "contacts"))
        print(f"added {args.contacts} contacts to {args.tenant} (ids {first} to {first + args.contacts - 1})")
    return 0


def progress_bar(total: int, label: str):
    """A callback drawing `[#####     ] 50% 500000/1000000 contacts` on stderr."""

    def draw(done: int) -> None:
        filled = 30 * done // total
        end = "\n" if done >= total else ""
        print(f"\r[{'#' * filled}{' ' * (30 - filled)}] {100 * done // total:3d}% {done}/{total} {label}",
              end=end, file=sys.stderr, flush=True)

    return draw


def _reset(args: argparse.Namespace) -> int:
    from soapsvc import session
    from soapsvc.store import tenants
    from soapsvc.store.db import database

    _database_env(args)
    with database().unit(args.tenant) as db:
        tenants.reset(db, session.tenant_id(db, args.tenant))
    print(f"reset tenant {args.tenant} to its seed data (its tickets ended)")
    return 0


def _token(args: argparse.Namespace) -> int:
    from soapsvc import session
    from soapsvc.errors import NetServerError
    from soapsvc.store.db import database

    _database_env(args)
    try:
        with database().unit(args.tenant) as db:
            print(session.mint_access_token(db, args.tenant, args.user))
    except NetServerError as err:
        print(f"soapsvc token: {err.message}", file=sys.stderr)
        return 1
    return 0


def _journal(args: argparse.Namespace) -> int:
    """Print a tenant's newest calls, oldest first, then (with --follow) each new one as it comes."""
    from soapsvc.admin.api import journal_filter
    from soapsvc.admin.journal import pretty
    from soapsvc.config import settings
    from soapsvc.store import journal

    _database_env(args)
    agent, operation = journal_filter({"agent": args.agent, "operation": args.operation})
    keep = settings().journal_size
    entries = journal.calls(args.tenant, agent, operation, limit=args.lines, bodies=args.bodies, keep=keep)
    last = 0
    while True:
        for entry in reversed(entries):
            print(f"#{entry['id']} {entry['at']}  {entry['agent']}.{entry['operation'] or '?'}  "
                  f"{entry['user'] or '-'}  HTTP {entry['status']}  {entry['outcome']}  {entry['duration_ms']:.1f} ms")
            for part in ("request", "response") if args.bodies else ():
                print(f"  {part}:\n    " + pretty(entry[part]).rstrip().replace("\n", "\n    "))
            last = max(last, entry["id"])
        sys.stdout.flush()
        if not args.follow:
            return 0
        try:
            time.sleep(0.5)
        except KeyboardInterrupt:
            return 0
        entries = journal.calls(args.tenant, agent, operation, after=last, limit=1000, bodies=args.bodies,
                                     keep=keep)


def _storage_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db "
                   "(default: $SOAPSVC_DATABASE_URL, else the SQLite file)")
    p.add_argument("--db-path", help="SQLite file (default: $SOAPSVC_DB_PATH or var/soapsvc.sqlite3)")


def _tenant_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tenant", default=DEFAULT_TENANT, help=f"CustId (default {DEFAULT_TENANT})")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="soapsvc", description="An emulator of SuperOffice NetServer Services88.")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the SOAP agents with gunicorn")
    serve.add_argument("--host", default=os.environ.get("SOAPSVC_HOST", "127.0.0.1"),
                       help="address to listen on (default: $SOAPSVC_HOST or 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=int(os.environ.get("SOAPSVC_PORT", "8000")),
                       help="port (default: $SOAPSVC_PORT or 8000)")
    serve.add_argument("--workers", type=int, default=int(os.environ.get("SOAPSVC_WORKERS", "2")),
                       help="gunicorn worker processes (default: $SOAPSVC_WORKERS or 2)")
    serve.add_argument("--threads", type=int, default=int(os.environ.get("SOAPSVC_THREADS", THREADS)),
                       help="threads per worker: more than the slow clients a worker should outlast "
                       "(default: $SOAPSVC_THREADS or 64)")
    serve.add_argument("--read-timeout", type=float, default=float(os.environ.get("SOAPSVC_READ_TIMEOUT", "10")),
                       help="seconds a client has to send its whole request once it began; then it is answered "
                       "408 and closed (default: $SOAPSVC_READ_TIMEOUT or 10)")
    serve.add_argument("--send-timeout", type=float, default=float(os.environ.get("SOAPSVC_SEND_TIMEOUT", "10")),
                       help="seconds a client has to take each part of an answer before the connection is "
                       "closed (default: $SOAPSVC_SEND_TIMEOUT or 10)")
    serve.add_argument("--max-body-bytes", type=int, default=10 * 1024 * 1024,
                       help="refuse request bodies larger than this (default 10 MB)")
    serve.add_argument("--tenants", choices=("auto", "fixed"), default=os.environ.get("SOAPSVC_TENANTS", "auto"),
                       help="auto: a new CustId in a URL creates its tenant with seed data; fixed: only "
                       "tenants created with `soapsvc seed` (and the default one) are served "
                       "(default: $SOAPSVC_TENANTS or auto)")
    serve.add_argument("--admin-token", default="", help="secret that writes to the admin API (/_soapsvc/api) "
                       "need as `Authorization: Bearer <token>` (default: $SOAPSVC_ADMIN_TOKEN; with none, the admin "
                       "API answers loopback clients only)")
    serve.add_argument("--journal", choices=("on", "off"), default=os.environ.get("SOAPSVC_JOURNAL", "on"),
                       help="record every SOAP call in the request journal (default on)")
    serve.add_argument("--journal-size", type=int, default=int(os.environ.get("SOAPSVC_JOURNAL_SIZE", "1000")),
                       help="calls the journal keeps per tenant; the oldest are dropped (default 1000)")
    serve.add_argument("--timeout", type=int, default=360, help="gunicorn's worker timeout in seconds (default "
                       "360: longer than the longest delay a fault rule may ask for)")
    _storage_options(serve)
    serve.set_defaults(func=_serve)
    wsdl = sub.add_parser("wsdl", help="write the WSDL of all 60 agents to a folder")
    wsdl.add_argument("--out", default="wsdl/services88", help="folder (default wsdl/services88)")
    wsdl.add_argument("--address", default="http://localhost:8000/Remote/Services88",
                      help="base of the soap:address written into each WSDL (default "
                      "http://localhost:8000/Remote/Services88)")
    wsdl.set_defaults(func=_wsdl)
    for name, func, text in (("seed", _seed, "create a tenant with its seed data, or restore its seeded rows"),
                             ("reset", _reset, "empty a tenant back to its seed data")):
        cmd = sub.add_parser(name, help=text)
        _tenant_option(cmd)
        _storage_options(cmd)
        if name == "seed":
            cmd.add_argument("--contacts", type=int, default=0,
                             help="also add this many generated contacts (large data sets; a progress bar shows; "
                             "default 0)")
        cmd.set_defaults(func=func)
    token = sub.add_parser("token", help="mint an access token for AuthenticateWithAccessToken")
    _tenant_option(token)
    token.add_argument("--user", default="ADMIN", help="user name (default ADMIN)")
    _storage_options(token)
    token.set_defaults(func=_token)
    journal = sub.add_parser("journal", help="print (and with -f follow) the request journal of a tenant")
    _tenant_option(journal)
    journal.add_argument("--agent", help="only this agent's calls, e.g. Contact (default: every agent)")
    journal.add_argument("--operation", help="only this operation's calls, e.g. GetContactEntity (default: every "
                         "operation)")
    journal.add_argument("-n", "--lines", type=int, default=20, help="how many of the newest calls (default 20)")
    journal.add_argument("-f", "--follow", action="store_true", help=
                         "keep printing new calls until Ctrl-C (default: print once and end)")
    journal.add_argument("--bodies", action="store_true", help=
                         "print the request and response of each call (default: one line per call)")
    _storage_options(journal)
    journal.set_defaults(func=_journal)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
