"""Webhook agent: webhook definitions, and the events they are sent (`store.webhooks`, `soapsvc.delivery`).

NetServer's rules kept: a webhook names its events as `<entity>.<event>` (contact.created, person.changed,
activity.deleted for appointments, document.*, sale.*, project.*, ticket.* ...), its TargetUrl is where they
are POSTed, Secret signs them; State Active sends, Stopped and TooManyErrors (after 7 failed tries in a row)
do not. Saving a webhook Active again clears its error count. TestWebhook posts a `test` event at once and
answers Success and the target's answer. Where the docs are silent, as a tenant does: a TargetUrl must be
http(s) (NetServer Online wants https; on-site, and soapsvc, take http so that a loopback receiver works),
a webhook needs one event at least, and Secret is read back as saved.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

from soapsvc import clock, delivery
from soapsvc.agents import carriers as c
from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import NotFoundError, ValidationError
from soapsvc.store import webhooks as store
from soapsvc.store.webhook_models import ACTIVE, WebhookRow

STATES = ("Unknown", "Active", "Stopped", "TooManyErrors")
EVENT = re.compile(r"[A-Za-z0-9_{}]+(?:\.[A-Za-z0-9_]+)+")
COLUMNS = {"WebhookId", "Name", "Events", "TargetUrl", "Secret", "State", "Registered", "RegisteredAssociate",
           "Updated", "UpdatedAssociate", "TotalCalls", "TotalErrors", "ConsecutiveErrors", "LastError"}


def _pairs(value: Any, item: str) -> dict[str, Any]:
    """A StringDictionary or StringObjectDictionary as a plain dict."""
    return {p.Key: p.Value for p in (getattr(value, item, None) or []) if p.Key} if value is not None else {}


def carrier(call: Call, row: WebhookRow) -> t.Webhook:
    doc = json.loads(row.doc)
    return c.carrier(
        t.Webhook, c.from_doc(t.Webhook, {k: v for k, v in doc.items() if not k.startswith("_")}),
        WebhookId=row.id, Name=row.name, Events=json.loads(row.events), TargetUrl=row.target_url, Secret=row.secret,
        State=STATES[row.state], Registered=c.utc(row.registered), Updated=c.utc(row.updated) or c.MIN_DATE,
        RegisteredAssociate=c.associate(call.session, row.registered_by),
        UpdatedAssociate=c.associate(call.session, row.updated_by) if row.updated_by else None,
        TotalCalls=row.total_calls, TotalErrors=row.total_errors, ConsecutiveErrors=row.consecutive_errors,
        LastError=row.last_error)


def _found(call: Call, webhook_id: int | None) -> WebhookRow:
    row = store.get(call.db, call.tenant_id, webhook_id or 0)
    if row is None:
        raise NotFoundError(f"There is no webhook {webhook_id or 0} in this tenant.")
    return row


def _checked(e: t.Webhook | None) -> tuple[str, list[str]]:
    """The target URL and event names of a webhook to save, or the error NetServer answers."""
    if e is None:
        raise ValidationError("SaveWebhook needs a Webhook.")
    url = (e.TargetUrl or "").strip()
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(f"TargetUrl {url!r} is not an http(s) URL.", field="TargetUrl", value=url)
    events = [x.strip() for x in (e.Events or []) if x and x.strip()]
    if not events:
        raise ValidationError("A webhook needs at least one event, e.g. contact.created.", field="Events")
    wrong = [x for x in events if not EVENT.fullmatch(x)]
    if wrong:
        raise ValidationError(f"Event {wrong[0]!r} is not <entity>.<event>, e.g. contact.changed.",
                              field="Events", value=wrong[0])
    if e.State not in (None, *STATES):
        raise ValidationError(f"State {e.State!r} is not a WebhookState.", field="State")
    return url, list(dict.fromkeys(events))


@implements("Webhook", "CreateDefaultWebhook")
def create_default(call: Call) -> t.Webhook:
    return c.carrier(t.Webhook, WebhookId=0, Events=[], State="Active", Type="webhook",
                     Headers=t.StringDictionary(StringKeyValuePair=[]),
                     Properties=t.StringObjectDictionary(StringObjectKeyValuePair=[]), Registered=c.MIN_DATE,
                     Updated=c.MIN_DATE)


@implements("Webhook", "SaveWebhook")
def save(call: Call, e: t.Webhook | None) -> t.Webhook:
    url, events = _checked(e)
    assert e is not None
    now, me = clock.now(), call.session.principal.associate_id
    state = STATES.index(e.State) if e.State and e.State != "Unknown" else ACTIVE
    if e.WebhookId:
        row = _found(call, e.WebhookId)
        if state == ACTIVE and row.state != ACTIVE:
            row.consecutive_errors = 0
        if state != ACTIVE:
            store.abandon(call.db, call.tenant_id, row.id)
        row.updated, row.updated_by = now, me
    else:
        row = WebhookRow(tenant_id=call.tenant_id, id=store.new_id(call.db, call.tenant_id), registered=now,
                         registered_by=me)
    doc = c.to_doc(e, COLUMNS)
    doc["_headers"] = _pairs(e.Headers, "StringKeyValuePair")
    row.name, row.target_url, row.secret, row.state = e.Name or "", url, e.Secret or "", state
    row.events, row.doc = json.dumps(events), json.dumps(doc, default=str)
    store.put(call.db, row)
    return carrier(call, row)


@implements("Webhook", "GetWebhook")
def get(call: Call, webhook_id: int | None) -> t.Webhook | None:
    row = store.get(call.db, call.tenant_id, webhook_id or 0)
    return carrier(call, row) if row else None


@implements("Webhook", "DeleteWebhook")
def delete(call: Call, webhook_id: int | None) -> None:
    row = _found(call, webhook_id)
    store.abandon(call.db, call.tenant_id, row.id)
    store.remove(call.db, row)


@implements("Webhook", "GetAllWebhooks")
def get_all(call: Call, name: str | None, event: str | None, state: str | None) -> list[t.Webhook]:
    """Filters as NetServer's: a name part, an event the webhook listens for, a state (Unknown: any)."""
    wanted = STATES.index(state) if state in STATES[1:] else None
    return [carrier(call, r) for r in store.all_of(call.db, call.tenant_id)
            if (not name or name.lower() in r.name.lower()) and (not event or event in json.loads(r.events))
            and (wanted is None or r.state == wanted)]


@implements("Webhook", "GetLastError")
def last_error(call: Call, webhook_id: int | None) -> str:
    return _found(call, webhook_id).last_error


@implements("Webhook", "TestWebhook")
def test(call: Call, e: t.Webhook | None) -> t.WebhookResult:
    """Post a `test` event to the webhook as given (it need not be saved) and answer what the target said."""
    url, _events = _checked(e)
    assert e is not None
    row = WebhookRow(name=e.Name or "", secret=e.Secret or "", target_url=url,
                     doc=json.dumps({"_headers": _pairs(e.Headers, "StringKeyValuePair")}))
    _event_id, body, headers = store.message(row, call.tenant, "test", "test", e.WebhookId or 0, [],
                                             call.session.principal.associate_id)
    ok, answer = delivery.ping(url, body, headers)
    return t.WebhookResult(Success=ok, Message=answer)


@implements("Webhook", "SignalEvent")
def signal(call: Call, event: str | None, key: int | None, data: Any) -> None:
    """Send `event` to the webhooks listening for it, as if the entity `key` had raised it."""
    if not event or not EVENT.fullmatch(event):
        raise ValidationError(f"EventName {event!r} is not <entity>.<event>.", field="EventName")
    entity, action = event.split(".", 1)
    store.note(call.db, call.tenant_id, entity, action, key or 0, [], _pairs(data, "StringObjectKeyValuePair"))

