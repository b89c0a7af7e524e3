"""Webhooks in storage: definitions, the events a unit of work records, and the delivery queue.

Why events go through the queue table: an entity write records its event on the unit of work
(`note`), and the unit turns them into delivery rows in the same transaction (`fan_out`, called by
`db.Database.unit` before it commits). A change that rolls back therefore sends nothing, one that
commits is never lost (a worker that dies finds its deliveries in the table when it is back), and it is
the same for every protocol that wrote it. Rows are claimed by one UPDATE (`claim`), so two workers never
send one delivery at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from soapsvc import clock
from soapsvc.store.models import Sequence
from soapsvc.store.webhook_models import ACTIVE, TOO_MANY_ERRORS, Delivery, WebhookRow

EVENTS = "soapsvc.events"  # session.info: the events this unit recorded
ACTOR = "soapsvc.actor"  # session.info: the signed-in user's associate id (set by the call wrapper)
WANTED = "soapsvc.webhook_events"  # session.info: per tenant, the events its active webhooks subscribe to
FIRST_ID = text("INSERT INTO sequence (tenant_id, name, next_id) VALUES (:tenant_id, 'webhook', 1) "
                "ON CONFLICT (tenant_id, name) DO NOTHING")
# Entity names as NetServer's events spell them (appointments are "activity"); kit families by carrier.
ENTITY_OF = {"appointment": "activity", "DocumentEntity": "document", "TicketEntity": "ticket"}
# Our column names in NetServer's database spelling, where they differ (Changes lists database fields).
COLUMN = {"created": "registered", "created_by": "registered_associate_id", "updated_by": "updated_associate_id",
          "category_id": "category_idx", "business_id": "business_idx", "orgnr": "orgNr"}
MAX_ERRORS = 7  # consecutive failed tries that make a webhook TooManyErrors


@dataclass
class Event:
    tenant_id: int
    event: str
    entity: str
    key: int
    changes: list[str]
    actor: int
    data: dict[str, Any] | None = None


def entity_name(owner: str) -> str:
    return ENTITY_OF.get(owner, owner)


def subscribed(session: Session, tenant_id: int, event: str) -> bool:
    """Whether an active webhook of the tenant listens for `event` (one query per unit of work)."""
    cache = session.info.setdefault(WANTED, {})
    if tenant_id not in cache:
        rows = session.scalars(select(WebhookRow.events).where(WebhookRow.tenant_id == tenant_id,
                                                               WebhookRow.state == ACTIVE))
        cache[tenant_id] = {name for r in rows for name in json.loads(r)}
    return event in cache[tenant_id]


def none_active(session: Session, tenant_id: int) -> None:
    """The tenant has no active webhook (read by the call's admission): `subscribed` asks nothing. A webhook
    saved in this unit forgets it (`put`); one saved by another call meanwhile is heard from the next call."""
    session.info.setdefault(WANTED, {})[tenant_id] = set()


def _field(name: str) -> str:
    return COLUMN.get(name, name[:1].lower() + name[1:])


def changes(entity: str, old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """The changed fields' database names, its key first (as NetServer lists them); all set ones on create.

    `old` and `new`: an entity's columns and document fields; a field of `old` missing in `new` was cleared."""
    names = [k for k, v in new.items() if (old is None and v not in (None, "", {}, [])) or
             (old is not None and old.get(k) != v)]
    if old is not None:
        names += [k for k in old if k not in new and old[k] not in (None, "", {}, [])]
    return [f"{entity}_id", *dict.fromkeys(_field(n) for n in names if not n.startswith("_"))]


def note(session: Session, tenant_id: int, owner: str, action: str, key: int, changed: list[str] | None = None,
         data: dict[str, Any] | None = None) -> None:
    """Record an event of this unit of work, when some active webhook of the tenant listens for it."""
    entity = entity_name(owner)
    event = f"{entity}.{action}"
    if subscribed(session, tenant_id, event):
        session.info.setdefault(EVENTS, []).append(
            Event(tenant_id, event, entity, key, changed or [], session.info.get(ACTOR, 0), data))


def sign(body: bytes, secret: str) -> str:
    """X-SuperOffice-Signature: base64 of the body's HMAC-SHA256 with the webhook's secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def timestamp() -> str:
    """NetServer's Timestamp: UTC with seven decimals and a Z."""
    return clock.now().strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def message(row: WebhookRow, cust_id: str, event: str, entity: str, key: int, changed: list[str], actor: int,
            data: dict[str, Any] | None = None) -> tuple[str, bytes, dict[str, str]]:
    """(event id, body, headers) of one event to one webhook, as NetServer posts it."""
    event_id = str(uuid.uuid4())
    payload: dict[str, Any] = {
        "EventId": event_id, "Timestamp": timestamp(), "Changes": changed, "Event": event, "PrimaryKey": key,
        "Entity": entity, "ContextIdentifier": cust_id, "ChangedByAssociateId": actor, "WebhookName": row.name}
    if data:
        payload["Data"] = data
    body = json.dumps(payload, default=str).encode()
    headers = {**(json.loads(row.doc).get("_headers") or {}), "Content-Type": "application/json; charset=utf-8",
               "User-Agent": "NetServer-Webhook/8.8 (soapsvc)", "X-SuperOffice-Event": event,
               "X-SuperOffice-EventId": event_id}
    if row.secret:
        headers["X-SuperOffice-Signature"] = sign(body, row.secret)
    return event_id, body, headers


def fan_out(session: Session, cust_id: str) -> None:
    """Turn the unit's events into delivery rows, one per listening active webhook (before it commits)."""
    events: list[Event] = session.info.pop(EVENTS, [])
    hooks: dict[int, list[WebhookRow]] = {}
    now = time.time()
    for e in events:
        if e.tenant_id not in hooks:
            hooks[e.tenant_id] = list(session.scalars(select(WebhookRow).where(
                WebhookRow.tenant_id == e.tenant_id, WebhookRow.state == ACTIVE).order_by(WebhookRow.id)))
        for row in hooks[e.tenant_id]:
            if e.event in json.loads(row.events):
                event_id, body, headers = message(row, cust_id, e.event, e.entity, e.key, e.changes, e.actor,
                                                  e.data)
                session.add(Delivery(tenant=cust_id, tid=e.tenant_id, webhook_id=row.id, webhook_name=row.name,
                                     target_url=row.target_url, event=e.event, event_id=event_id,
                                     body=body.decode(), headers=json.dumps(headers), due=now, created=now))


# -- definitions --------------------------------------------------------------------------------------------

def new_id(session: Session, tenant_id: int) -> int:
    session.execute(FIRST_ID, {"tenant_id": tenant_id})
    seq = Sequence
    return session.execute(update(seq).where(seq.tenant_id == tenant_id, seq.name == "webhook")
                           .values(next_id=seq.next_id + 1).returning(seq.next_id)).scalar_one() - 1


def get(session: Session, tenant_id: int, webhook_id: int) -> WebhookRow | None:
    w = WebhookRow
    return session.scalar(select(w).where(w.tenant_id == tenant_id, w.id == webhook_id))


def all_of(session: Session, tenant_id: int) -> list[WebhookRow]:
    return list(session.scalars(select(WebhookRow).where(WebhookRow.tenant_id == tenant_id).order_by(WebhookRow.id)))


def put(session: Session, row: WebhookRow) -> None:
    session.add(row)
    session.flush()
    session.info.pop(WANTED, None)


def remove(session: Session, row: WebhookRow) -> None:
    session.delete(row)
    session.flush()
    session.info.pop(WANTED, None)


# -- the queue ----------------------------------------------------------------------------------------------

def claim(session: Session, lease: float, limit: int = 20) -> list[Delivery]:
    """Take up to `limit` due deliveries for `lease` seconds (one UPDATE: no other worker gets them)."""
    now, token = time.time(), secrets.token_hex(8)
    d = Delivery
    due = select(d.id).where(d.state == "pending", d.due <= now, d.claimed_until <= now).order_by(d.id).limit(limit)
    ids = list(session.scalars(due))
    if not ids:  # an idle poll writes nothing: it never contends with the calls' transactions
        return []
    session.execute(update(d).where(d.id.in_(ids), d.state == "pending", d.claimed_until <= now)
                    .values(claimed_until=now + lease, claim=token).execution_options(synchronize_session=False))
    return list(session.scalars(select(d).where(d.claim == token, d.state == "pending")))


def finish(session: Session, delivery: Delivery, status: int, error: str, ms: float, retry_in: float) -> bool:
    """Record one try of a claimed delivery and its webhook's counters; False if the claim was lost.

    2xx: delivered. Else it is due again in `retry_in` s, and the webhook's 7th consecutive failure makes it
    TooManyErrors, its pending deliveries abandoned."""
    d, now = Delivery, time.time()
    ok = 200 <= status < 300
    log = [*json.loads(delivery.attempts_log), {"at": now, "status": status, "error": error, "ms": round(ms, 1)}]
    values: dict[str, Any] = {"attempts": delivery.attempts + 1, "last_status": status, "last_error": error,
                              "attempts_log": json.dumps(log), "claimed_until": 0.0, "claim": ""}
    values.update({"state": "delivered", "finished": now} if ok else {"due": now + retry_in})
    done = session.execute(update(d).where(d.id == delivery.id, d.claim == delivery.claim).values(**values)
                           .execution_options(synchronize_session=False)).rowcount
    if not done:
        return False
    hook = get(session, delivery.tid, delivery.webhook_id)
    if hook is None:
        return True
    hook.total_calls += 1
    if ok:
        hook.consecutive_errors = 0
        return True
    hook.total_errors += 1
    hook.consecutive_errors += 1
    hook.last_error = error or f"HTTP {status}"
    if hook.consecutive_errors >= MAX_ERRORS and hook.state == ACTIVE:
        hook.state = TOO_MANY_ERRORS
        abandon(session, delivery.tid, hook.id)
    return True


def abandon(session: Session, tid: int, webhook_id: int) -> None:
    """Give up the pending deliveries of a webhook that stopped or had too many errors."""
    d = Delivery
    session.execute(update(d).where(d.tid == tid, d.webhook_id == webhook_id, d.state == "pending")
                    .values(state="abandoned", finished=time.time()).execution_options(synchronize_session=False))


def deliveries(session: Session, cust_id: str, after: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """A tenant's deliveries, newest first, as the admin API shows them."""
    d = Delivery
    query = select(d).where(d.tenant == cust_id, d.id > after).order_by(d.id.desc()).limit(limit)
    return [{"id": r.id, "webhook_id": r.webhook_id, "webhook_name": r.webhook_name, "target_url": r.target_url,
             "event": r.event, "event_id": r.event_id, "state": r.state, "attempts": r.attempts,
             "last_status": r.last_status, "last_error": r.last_error, "created": r.created, "finished": r.finished,
             "due": r.due, "body": json.loads(r.body), "tries": json.loads(r.attempts_log)}
            for r in session.scalars(query)]
