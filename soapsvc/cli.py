"""The `soapsvc` command: serve the emulator, write the WSDL."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _serve(args: argparse.Namespace) -> int:
    """Run gunicorn with soapsvc's WSGI app (gunicorn is how soapsvc is served, in CI and at a desk)."""
    os.environ["SOAPSVC_MAX_BODY_BYTES"] = str(args.max_body_bytes)
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="soapsvc", description="An emulator of SuperOffice NetServer Services88.")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the SOAP agents with gunicorn")
    serve.add_argument("--host", default=os.environ.get("SOAPSVC_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("SOAPSVC_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("SOAPSVC_WORKERS", "2")))
    serve.add_argument("--max-body-bytes", type=int, default=10 * 1024 * 1024,
                       help="refuse request bodies larger than this (default 10 MB)")
    serve.set_defaults(func=_serve)
    wsdl = sub.add_parser("wsdl", help="write the WSDL of all 60 agents to a folder")
    wsdl.add_argument("--out", default="wsdl/services88")
    wsdl.add_argument("--address", default="http://localhost:8000/Remote/Services88",
                      help="base of the soap:address written into each WSDL")
    wsdl.set_defaults(func=_wsdl)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
