"""The request journal: every SOAP call with its tenant, agent, operation, user, bodies, status, duration.

Recorded before the answer goes out (on SQLite in the worker's spool, which every read of the journal
moves into the database first: `store.spool`), so that a test that reads the journal right after a call
finds it, whichever worker answers which request. Bounded per tenant (`SOAPSVC_JOURNAL_SIZE`, the
oldest dropped) and per body (`SOAPSVC_JOURNAL_MAX_BODY`); passwords in requests are masked (CDATA too);
request headers are not kept, so neither is a Basic `Authorization` header's password.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from soapsvc import clock
from soapsvc.config import Settings
from soapsvc.soap.operation import OPERATION_KEY, USER_KEY
from soapsvc.soap.whole import whole_answer
from soapsvc.store import journal as store

log = logging.getLogger(__name__)
DROPPED_KEY = "soapsvc.dropped"
PASSWORD = re.compile(rb"(<(?:[\w.-]+:)?\w*Password\b[^>/]*>)((?:<!\[CDATA\[.*?\]\]>|[^<])*)(<)|"
                      rb"(\"\w*password\"\s*:\s*\")((?:[^\"\\]|\\.)*)(\")", re.I | re.S)
SUCCEEDED = re.compile(rb"<(?:[\w.-]+:)?Succeeded\b[^>]*>\s*(true|false)\s*<")
EXCEPTION = re.compile(rb"<(?:[\w.-]+:)?ExceptionType\b[^>]*>([^<]*)<.*?<(?:[\w.-]+:)?Message\b[^>]*>([^<]*)<|"
                       rb"<(?:[\w.-]+:)?Message\b[^>]*>([^<]*)<.*?<(?:[\w.-]+:)?ExceptionType\b[^>]*>([^<]*)<", re.S)
JSON_ERROR = re.compile(rb'^\{"Error": true, "ErrorType": "([^"]*)", "ErrorMessage": "((?:[^"\\]|\\.)*)"')
LOGIN_FAILED = re.compile(rb"<(?:[\w.-]+:)?AuthenticationSucceeded\b[^>]*>\s*false\s*<")
FAULT = re.compile(rb"<faultcode>([^<]*)</faultcode>\s*<faultstring[^>]*>([^<]*)<", re.S)


def _masked(m: re.Match[bytes]) -> bytes:
    """A password in a SOAP (`<Password>`, `<NewPassword>`...) or JSON (`"password": "..."`, `"OldPassword"`...)
    request, as `***`."""
    return (m[1] or m[4]) + b"***" + (m[3] or m[6])


def _cut(body: bytes, limit: int) -> bytes:
    """The body as kept: whole up to `limit` bytes (the same object: the spool knows a body it has seen)."""
    if len(body) > limit:
        return body[:limit] + f"\n... [{len(body) - limit} more bytes not kept]".encode()
    return body


_outcomes: dict[tuple[int, bytes], tuple[bool | None, str]] = {}


def outcome(status: int, body: bytes) -> tuple[bool | None, str]:
    """`Succeeded` of an answer (None without one) and a one-line summary of it; remembered for the
    latest answers, as a replayed answer is the same bytes again (their hash is computed once)."""
    key = (status, body)
    found = _outcomes.get(key)
    if found is None:
        if len(_outcomes) > 64:
            _outcomes.clear()
        found = _outcomes[key] = _outcome(status, body)
    return found


def _outcome(status: int, body: bytes) -> tuple[bool | None, str]:
    if status == 0:
        return None, "connection dropped"
    if body[:1] in (b"{", b"[", b"n", b"") and not body.startswith(b"<"):  # REST: NetServer's JSON
        if error := JSON_ERROR.match(body):
            return False, f"{error[1].decode()}: {error[2].decode(errors='replace')}"[:255]
        return (True, "ok") if status < 400 else (None, f"HTTP {status}")
    found = SUCCEEDED.search(body)
    succeeded = None if found is None else found[1] == b"true"
    if succeeded is False and (error := EXCEPTION.search(body)):
        kind, message = (error[1], error[2]) if error[1] is not None else (error[4], error[3])
        return False, f"{kind.decode()}: {message.decode()}"[:255]
    if fault := FAULT.search(body):
        return None, f"SOAP fault {fault[1].decode()}: {fault[2].decode()}"[:255]
    if succeeded is None and status != 200:
        return None, f"HTTP {status}"
    if succeeded and LOGIN_FAILED.search(body):  # NetServer's answer: the call worked, the log-in did not
        return False, "log-in failed: AuthenticationSucceeded false, no ticket (user name, password or token wrong)"
    return succeeded, "ok" if succeeded else "Succeeded false"


def recorded(app: Callable[..., Iterable[bytes]], environ: dict[str, Any], start_response: Callable[..., Any],
             tenant: str, agent: str, operation: str, body: bytes, settings: Settings, injected: str = ""
             ) -> Iterable[bytes]:
    """Answer with `app`, then journal the call and its answer before the answer is sent.

    `operation` is the name in the request's Body; the one Spyne dispatched to wins when there is one."""
    if not settings.journal:
        return app(environ, start_response)
    started, at = time.perf_counter(), clock.now()
    head, headers, exc_info, response = whole_answer(app, environ)
    status = 0 if environ.get(DROPPED_KEY) else int(head.split(" ", 1)[0])
    succeeded, summary = outcome(status, response)
    try:
        store.add({
            "tenant": tenant, "at": at, "agent": agent, "operation": environ.get(OPERATION_KEY) or operation,
            "user": environ.get(USER_KEY, ""), "status": status, "succeeded": succeeded,
            "outcome": f"{injected} {summary}".strip()[:255], "duration_ms": (time.perf_counter() - started) * 1000,
            "request": _cut(PASSWORD.sub(_masked, body) if b"assword" in body else body, settings.journal_max_body),
            "response": _cut(response, settings.journal_max_body)}, settings.journal_size)
    except Exception:  # the journal must never cost a client its answer
        log.exception("could not journal %s.%s of %s", agent, environ.get(OPERATION_KEY), tenant)
    start_response(head, headers, exc_info)
    return [response]


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True, load_dtd=False)


def pretty(text: str) -> str:
    """Indented XML for the journal page; text that is not XML (or holds a DTD) as it was."""
    if not text.lstrip().startswith("<") or "<!DOCTYPE" in text[:4096].upper():
        return text
    try:
        return etree.tostring(etree.fromstring(text.encode(), _PARSER), pretty_print=True).decode()
    except etree.XMLSyntaxError:
        return text
