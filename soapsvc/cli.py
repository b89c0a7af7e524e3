"""The `soapsvc` command: serve the emulator, write the WSDL, seed and reset tenants, mint tokens."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from soapsvc.config import DEFAULT_TENANT


def _database_env(args: argparse.Namespace) -> None:
    """The storage options become the environment every process of the server reads."""
    if args.database_url:
        os.environ["SOAPSVC_DATABASE_URL"] = args.database_url
    if args.db_path:
        os.environ["SOAPSVC_DB_PATH"] = args.db_path


def _serve(args: argparse.Namespace) -> int:
    """Run gunicorn with soapsvc's WSGI app (gunicorn is how soapsvc is served, in CI and at a desk)."""
    _database_env(args)
    os.environ["SOAPSVC_MAX_BODY_BYTES"] = str(args.max_body_bytes)
    os.environ["SOAPSVC_TENANTS"] = args.tenants
    argv = ["gunicorn", "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
            "--access-logfile", "-", "soapsvc.server:app"]
    os.execvp(sys.executable, [sys.executable, "-m", *argv])
    return 0  # not reached


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
    with database().unit() as db:
        tid = tenants.find(db, args.tenant)
        if tid is None:
            tid = session.tenant_id(db, args.tenant)
            print(f"created tenant {args.tenant} with its seed data")
        else:
            tenants.reseed(db, tid)
            print(f"re-seeded tenant {args.tenant}: seeded rows restored, rows added since kept")
    if args.contacts:
        with database().unit() as db:
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
    with database().unit() as db:
        tenants.reset(db, session.tenant_id(db, args.tenant))
    print(f"reset tenant {args.tenant} to its seed data (its tickets ended)")
    return 0


def _token(args: argparse.Namespace) -> int:
    from soapsvc import session
    from soapsvc.errors import NetServerError
    from soapsvc.store.db import database

    _database_env(args)
    try:
        with database().unit() as db:
            print(session.mint_access_token(db, args.tenant, args.user))
    except NetServerError as err:
        print(f"soapsvc token: {err.message}", file=sys.stderr)
        return 1
    return 0


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
    serve.add_argument("--host", default=os.environ.get("SOAPSVC_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("SOAPSVC_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("SOAPSVC_WORKERS", "2")))
    serve.add_argument("--max-body-bytes", type=int, default=10 * 1024 * 1024,
                       help="refuse request bodies larger than this (default 10 MB)")
    serve.add_argument("--tenants", choices=("auto", "fixed"), default=os.environ.get("SOAPSVC_TENANTS", "auto"),
                       help="auto: a new CustId in a URL creates its tenant with seed data; fixed: only "
                       "tenants created with `soapsvc seed` (and the default one) are served")
    _storage_options(serve)
    serve.set_defaults(func=_serve)
    wsdl = sub.add_parser("wsdl", help="write the WSDL of all 60 agents to a folder")
    wsdl.add_argument("--out", default="wsdl/services88")
    wsdl.add_argument("--address", default="http://localhost:8000/Remote/Services88",
                      help="base of the soap:address written into each WSDL")
    wsdl.set_defaults(func=_wsdl)
    for name, func, text in (("seed", _seed, "create a tenant with its seed data, or restore its seeded rows"),
                             ("reset", _reset, "empty a tenant back to its seed data")):
        cmd = sub.add_parser(name, help=text)
        _tenant_option(cmd)
        _storage_options(cmd)
        if name == "seed":
            cmd.add_argument("--contacts", type=int, default=0,
                             help="also add this many generated contacts (large data sets; a progress bar shows)")
        cmd.set_defaults(func=func)
    token = sub.add_parser("token", help="mint an access token for AuthenticateWithAccessToken")
    _tenant_option(token)
    token.add_argument("--user", default="ADMIN", help="user name (default ADMIN)")
    _storage_options(token)
    token.set_defaults(func=_token)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
