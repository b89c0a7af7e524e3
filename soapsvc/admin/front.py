"""The admin front under `/_soapsvc/`: who may use it, and JSON and HTML answers.

Who may: with no admin token configured, loopback clients only (anyone who can reach a soapsvc on a
shared host could otherwise reset its tenants or read tickets from the journal); with a token
(`--admin-token`, `SOAPSVC_ADMIN_TOKEN`), anyone may read and writes need `Authorization: Bearer <token>`.
Behind a reverse proxy on the same host every client looks like loopback: configure a token there.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from soapsvc.admin import api, pages
from soapsvc.admin.errors import ApiError
from soapsvc.config import Settings

log = logging.getLogger(__name__)
PREFIX = "/_soapsvc"
API = f"{PREFIX}/api"
StartResponse = Callable[..., Any]
REASONS = {200: "OK", 201: "Created", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large", 500: "Internal Server Error"}


def respond(start_response: StartResponse, status: int, ctype: str, body: bytes,
            headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    start_response(f"{status} {REASONS.get(status, 'Status')}",
                   [("Content-Type", ctype), ("Content-Length", str(len(body))), ("Cache-Control", "no-store"),
                    *(headers or [])])
    return [body]


def json_answer(start_response: StartResponse, status: int, payload: Any,
                headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    body = json.dumps(payload, indent=1, ensure_ascii=False).encode() + b"\n"
    return respond(start_response, status, "application/json; charset=utf-8", body, headers)


def is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def check_access(environ: dict[str, Any], settings: Settings, write: bool) -> None:
    """Raise ApiError (403, 401) when this client may not make this request."""
    token = settings.admin_token
    if not token:
        if not is_loopback(environ.get("REMOTE_ADDR", "")):
            raise ApiError(403, "soapsvc's admin API answers loopback clients only, as no admin token is "
                           "configured: start soapsvc with --admin-token (or SOAPSVC_ADMIN_TOKEN) to use it from "
                           "elsewhere, sending `Authorization: Bearer <token>` with writes.")
        return
    if not write:
        return
    given = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise ApiError(401, "writes to soapsvc's admin API need its admin token: send `Authorization: Bearer "
                       "<token>` (the token soapsvc was started with, --admin-token or SOAPSVC_ADMIN_TOKEN).",
                       [("WWW-Authenticate", 'Bearer realm="soapsvc admin"')])


def handle(environ: dict[str, Any], start_response: StartResponse, settings: Settings) -> Iterable[bytes]:
    """Answer a request for `/` or under `/_soapsvc/`."""
    path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
    is_api = path == API or path.startswith(API + "/")
    if path == "/":
        return respond(start_response, 302, "text/plain; charset=utf-8", b"", [("Location", f"{PREFIX}/")])
    try:
        check_access(environ, settings, method not in ("GET", "HEAD"))
        if is_api:
            status, payload = api.dispatch(method, path[len(API):], environ, settings)
            return json_answer(start_response, status, payload)
        status, page = pages.dispatch(method, path[len(PREFIX):], environ, settings)
        return respond(start_response, status, "text/html; charset=utf-8", page.encode())
    except ApiError as err:
        if is_api:
            return json_answer(start_response, err.status, {"error": err.message}, err.headers)
        return respond(start_response, err.status, "text/plain; charset=utf-8", err.message.encode() + b"\n",
                       err.headers)
    except Exception:  # a bug in soapsvc: a message, never a traceback, to the client; the log has it
        log.exception("admin request %s %s failed", method, path)
        message = "soapsvc failed to answer this admin request (a bug): its log says why."
        return json_answer(start_response, 500, {"error": message})
