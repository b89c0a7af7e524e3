"""Webhook delivery: a thread per worker process posting the queued deliveries (`store.webhooks`).

Why a thread polling a table: the SOAP or REST answer never waits for a partner's server (the event was
only queued in the call's transaction), a worker that dies leaves its deliveries in the table for the
next one (a claim is a lease: once it expires another worker takes the row), and a row is claimed by one
UPDATE, so two workers never post one delivery. A try that got a 2xx is recorded as delivered in the
transaction after the post; only a worker killed between the two may post that one again (NetServer's
receivers must dedupe by EventId anyway).

Tried again after 2, 4, 8 ... s (`SOAPSVC_WEBHOOK_RETRY`, the first delay; at most 5 minutes); the 7th
consecutive failure makes the webhook TooManyErrors, as NetServer does.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from soapsvc.admin import faults
from soapsvc.store import webhooks as store
from soapsvc.store.db import ConflictError, database
from soapsvc.store.webhook_models import ACTIVE, Delivery

log = logging.getLogger(__name__)
_started: dict[int, threading.Thread] = {}
_lock = threading.Lock()


def _number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def poll_seconds() -> float:
    return _number("SOAPSVC_WEBHOOK_POLL", 0.2)


def timeout() -> float:
    return _number("SOAPSVC_WEBHOOK_TIMEOUT", 5.0)


def retry_in(attempts: int) -> float:
    """Seconds before the next try, after `attempts` tries failed."""
    return min(300.0, _number("SOAPSVC_WEBHOOK_RETRY", 2.0) * 2 ** max(0, attempts - 1))


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str, str]:
    """POST once: (HTTP status or 0, error text, the answer's first 1000 characters). http.client, not
    urllib: urllib would send X-superoffice-event, not NetServer's spelling of the headers."""
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    try:
        connection = kind(parts.hostname or "", parts.port, timeout=timeout())
        try:
            connection.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body,
                               {**headers, "Content-Length": str(len(body))})
            answer = connection.getresponse()
            text = answer.read(1000).decode("utf-8", "replace")
        finally:
            connection.close()
    except (OSError, ValueError, http.client.HTTPException) as err:
        return 0, f"{type(err).__name__}: {err}", ""
    ok = 200 <= answer.status < 300
    return answer.status, "" if ok else f"HTTP {answer.status} {answer.reason}", text


def _send(d: Delivery) -> None:
    with database().unit(d.tenant) as db:
        hook = store.get(db, d.tid, d.webhook_id)
        if hook is None or hook.state != ACTIVE:
            store.abandon(db, d.tid, d.webhook_id)
            return
    began = time.monotonic()
    status, error = _faulted(d)
    if status is None:
        status, error, _text = post(d.target_url, d.body.encode(), json.loads(d.headers))
    ms = (time.monotonic() - began) * 1000
    for _attempt in range(5):  # each waits for the write lock up to SQLite's busy timeout
        try:
            with database().unit(d.tenant, write=True) as db:
                store.finish(db, d, status, error, ms, retry_in(d.attempts + 1))
            return
        except ConflictError:
            time.sleep(0.05)
    log.error("webhook delivery %s: its outcome could not be recorded; its lease expires and it is tried again", d.id)


def _faulted(d: Delivery) -> tuple[int | None, str]:
    """A fault rule's part in this try (`admin.faults`, agent WebhookDelivery): a delay before the POST, or
    the try's outcome in place of it (drop: nothing sent, status 0; http/error/fault: failed with a status)."""
    rule = faults.take_delivery(d.tenant, d.event)
    if rule is None:
        return None, ""
    if rule["delay"]:
        time.sleep(rule["delay"])
    label = f"fault rule {rule['id']}: {rule['kind']}"
    if rule["kind"] == "drop":
        return 0, f"dropped by {label}"
    if rule["kind"] in ("http", "error", "fault"):
        return rule["status"] or 500, f"HTTP {rule['status'] or 500} from {label}"
    return None, ""


def run_once(pool: ThreadPoolExecutor | None = None) -> int:
    """Claim the due deliveries and post them; how many there were."""
    try:  # deferred: an idle poll takes no lock
        with database().unit() as db:
            claimed = store.claim(db, lease=3 * timeout() + 5)
    except ConflictError:  # a write committed since it read: something is due, claim it holding the lock
        try:
            with database().unit(write=True) as db:
                claimed = store.claim(db, lease=3 * timeout() + 5)
        except ConflictError:
            return 0
    if pool is None:
        for d in claimed:
            _send(d)
    else:
        list(pool.map(_send, claimed))
    return len(claimed)


def _loop() -> None:
    with ThreadPoolExecutor(4, thread_name_prefix="soapsvc-webhook-post") as pool:
        while True:
            try:
                busy = run_once(pool)
            except Exception:  # a broken database must not end delivery for this process's life
                log.exception("webhook delivery failed")
                busy = 0
            if not busy:
                time.sleep(poll_seconds())


def start() -> None:
    """Start this process's delivery thread once (gunicorn forks workers: one thread each)."""
    if os.environ.get("SOAPSVC_WEBHOOKS", "on").lower() in ("off", "0", "false", "no"):
        return
    with _lock:
        pid = os.getpid()
        if pid not in _started:
            _started[pid] = threading.Thread(target=_loop, name="soapsvc-webhooks", daemon=True)
            _started[pid].start()


def ping(url: str, body: bytes, headers: dict[str, str]) -> tuple[bool, str]:
    """TestWebhook's POST: (answered 2xx, what it answered or why it failed)."""
    status, error, answer = post(url, body, headers)
    ok = 200 <= status < 300
    return ok, answer if ok or not error else f"{error} {answer}".strip()


def describe() -> dict[str, Any]:
    return {"poll_seconds": poll_seconds(), "timeout_seconds": timeout(), "first_retry_seconds": retry_in(1),
            "max_consecutive_errors": store.MAX_ERRORS}
