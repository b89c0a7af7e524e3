"""Answers of pure reads, kept as bytes and sent again while nothing they were read from has changed.

Why: through Spyne, a GetContactEntity costs about 2 ms of parsing, carrier building and serializing,
and integration suites read the same entities again and again; sent again, it costs one SQL statement.

Why it is correct with several workers and hosts:
- Only operations registered `replayable` are kept (`soapsvc.agents.implements`): their answer depends
  on the request, the signed-in user and the tenant's stored data, never on the clock. Only answers that
  succeeded are kept.
- An answer is kept with the versions its call read in the same transaction as its data (the tenant's
  data version and list version, the version of changes made without naming a tenant, the user).
  Every unit of work that changes CRM data bumps its tenant's data version in its own transaction
  (`store.db.Database.unit`), so a change committed anywhere changes the versions.
- Before an answer is sent again, the call's admission statement (`session.admit`, which every call
  runs) has read the ticket and the versions and whether a fault rule waits; `session.fresh_versions`
  checks the ticket (known, this tenant's, not revoked, used within the last minute) and that no rule
  waits: any difference in the versions, and the call takes the full path.
- The key is the request's bytes with the texts of the ticket and of a WS-Addressing MessageID taken
  out, so any other difference (headers such as TimeZone, arguments, even white space) is another key.
The journal records a replayed call like any other, its outcome marked "[replayed]". `SOAPSVC_REPLAY_MB`
bounds the bytes kept per process (least recently used dropped first); 0 turns replay off.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import partial
from typing import Any

from soapsvc import agents, session
from soapsvc.config import settings
from soapsvc.session import Versions
from soapsvc.soap.operation import OPERATION_KEY, USER_KEY, VERSIONS_KEY
from soapsvc.soap.whole import StartResponse, WsgiApp, whole_answer

# Header values that differ in every request and never change an answer: the ticket (checked apart) and
# a WS-Addressing MessageID, which zeep sends as the reference WSDL asks and soapsvc does not answer.
UNIQUE = re.compile(rb"<((?:[\w.-]+:)?(?:Ticket|MessageID))\b[^>]*>([^<]*)</\1\s*>")
REPLAYED = "[replayed]"


@dataclass(frozen=True)
class Kept:
    """An answer as it was sent, with what it was read at."""

    versions: Versions
    user: str
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


class AnswerCache:
    """Least recently used answers, bounded in bytes; safe for a worker's threads."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self._kept: OrderedDict[tuple[str, str, bytes], Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, bytes]) -> Kept | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def put(self, key: tuple[str, str, bytes], kept: Kept) -> None:
        cost = len(kept.body) + len(key[2])
        if cost > self.max_bytes:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self.size -= len(old.body) + len(key[2])
            self._kept[key] = kept
            self.size += cost
            while self.size > self.max_bytes:
                dropped_key, dropped = self._kept.popitem(last=False)
                self.size -= len(dropped.body) + len(dropped_key[2])

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._kept)


CACHE = AnswerCache(settings().replay_mb * 1024 * 1024)


def ticket_of(body: bytes) -> str | None:
    """The text of the request's one Ticket element (None when it has none or several): what the
    admission reads before the request is parsed (the call checks it is the ticket parsed)."""
    found = [m[2] for m in UNIQUE.finditer(body) if m[1].endswith(b"Ticket")]
    return found[0].decode("ascii", "replace") if len(found) == 1 else None


def _keyed(tenant: str, agent: str, operation: str, body: bytes) -> tuple[tuple[str, str, bytes], str] | None:
    """The cache key of a request and its ticket, or None when its answers are not kept."""
    if not CACHE.max_bytes or not agents.replayable(agent, operation):
        return None
    rest, ticket, at = [], None, 0
    for found in UNIQUE.finditer(body):
        if found[1].endswith(b"Ticket"):
            if ticket is not None:
                return None
            ticket = found[2].decode("ascii", "replace")
        rest.append(body[at:found.start(2)])
        at = found.end(2)
    if ticket is None:
        return None
    rest.append(body[at:])
    return (tenant, agent, b"".join(rest)), ticket


def answer(tenant: str, agent: str, operation: str, body: bytes, admitted: session.Admitted) -> WsgiApp | None:
    """A WSGI app that sends the kept answer to this request (as `admitted`, its admission, allows), or
    None when the full path must run."""
    keyed = _keyed(tenant, agent, operation, body)
    kept = keyed and CACHE.get(keyed[0])
    if not kept or admitted.ticket != keyed[1] or session.fresh_versions(admitted, tenant) != kept.versions:
        return None
    return partial(_send, kept, operation)


def _send(kept: Kept, operation: str, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    environ[OPERATION_KEY], environ[USER_KEY] = operation, kept.user
    start_response(kept.status, list(kept.headers))
    return [kept.body]


def remembered(tenant: str, agent: str, operation: str, body: bytes, app: WsgiApp) -> WsgiApp:
    """`app`, its answer kept when the call was a replayable read that succeeded."""
    keyed = _keyed(tenant, agent, operation, body)
    if keyed is None:
        return app

    def run(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        status, headers, exc_info, whole = whole_answer(app, environ)
        versions = environ.get(VERSIONS_KEY)
        if versions is not None and status.startswith("200"):
            CACHE.put(keyed[0], Kept(versions, environ.get(USER_KEY, ""), status, tuple(headers), whole))
        start_response(status, headers, exc_info)
        return [whole]

    return run
