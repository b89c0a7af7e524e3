"""Webhook agent through gunicorn: definitions over SOAP (zeep) and REST, and events really delivered to a
loopback receiver for changes made over either, signed; retries, TooManyErrors, a worker killed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from soapsvc.store.db import Database
from soapsvc.webhook_receiver import WebhookReceiver
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server, start_gunicorn
from tests.rest.support import Rest

SECRET = "s3cret-for-tests"


def hook(agents: Agents, url: str, events: list[str], name: str = "Partner", secret: str = SECRET) -> Any:
    e = ok(agents.Webhook.CreateDefaultWebhook())
    e.Name, e.TargetUrl, e.Secret = name, url, secret
    e.Events = {"string": events}
    return ok(agents.Webhook.SaveWebhook(e))


def new_contact(agents: Agents, name: str) -> Any:
    c = ok(agents.Contact.CreateDefaultContactEntity())
    c.Name = name
    return ok(agents.Contact.SaveContactEntity(c))


def deliveries(base: str, tenant: str) -> list[dict[str, Any]]:
    # a long timeout: a worker gunicorn just started again (the kill test) takes seconds on a busy machine
    answer = requests.get(f"{base}/_soapsvc/api/tenants/{tenant}/webhooks/deliveries", timeout=90)
    assert answer.status_code == 200, answer.text
    return answer.json()["deliveries"]


def settled(base: str, tenant: str, count: int, timeout: float = 30) -> list[dict[str, Any]]:
    """The tenant's deliveries once `count` of them are no longer pending (or as they are at the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        listed = deliveries(base, tenant)
        if sum(d["state"] != "pending" for d in listed) >= count or time.monotonic() > deadline:
            return listed
        time.sleep(0.1)


def test_definitions_saved_read_filtered_and_deleted(server: Server) -> None:
    agents = Agents(server, new_tenant())
    default = ok(agents.Webhook.CreateDefaultWebhook())
    assert default.WebhookId == 0 and default.State == "Active" and default.Type == "webhook"
    saved = hook(agents, "http://127.0.0.1:9/hook", ["contact.created", "sale.changed"])
    assert saved.WebhookId > 0 and saved.RegisteredAssociate.AssociateId > 0
    read = ok(agents.Webhook.GetWebhook(saved.WebhookId))
    assert (read.Name, read.TargetUrl, read.Secret, list(read.Events.string), read.State) == (
        "Partner", "http://127.0.0.1:9/hook", SECRET, ["contact.created", "sale.changed"], "Active")
    other = hook(agents, "https://example.invalid/x", ["person.deleted"], name="Other")
    other.State = "Stopped"
    ok(agents.Webhook.SaveWebhook(other))
    assert [w.Name for w in ok(agents.Webhook.GetAllWebhooks("", "", "Unknown")).Webhook] == ["Partner", "Other"]
    assert [w.Name for w in ok(agents.Webhook.GetAllWebhooks("oth", "", "Unknown")).Webhook] == ["Other"]
    assert [w.Name for w in ok(agents.Webhook.GetAllWebhooks("", "sale.changed", "Unknown")).Webhook] == ["Partner"]
    assert [w.Name for w in ok(agents.Webhook.GetAllWebhooks("", "", "Stopped")).Webhook] == ["Other"]
    ok(agents.Webhook.DeleteWebhook(other.WebhookId))
    assert ok(agents.Webhook.GetWebhook(other.WebhookId)) is None
    refused(agents.Webhook.DeleteWebhook(other.WebhookId), "no webhook", "SoNotFoundException")
    assert ok(agents.Webhook.GetLastError(saved.WebhookId)) in ("", None)


@pytest.mark.parametrize("field, value, words", [
    ("TargetUrl", "ftp://example.com/x", "not an http(s) URL"),
    ("TargetUrl", "", "not an http(s) URL"),
    ("Events", [], "at least one event"),
    ("Events", ["contact"], "is not <entity>.<event>"),
])
def test_invalid_webhooks_are_refused_and_change_nothing(server: Server, field: str, value: Any, words: str) -> None:
    agents = Agents(server, new_tenant())
    saved = hook(agents, "http://127.0.0.1:9/hook", ["contact.created"])
    setattr(saved, field, {"string": value} if field == "Events" else value)
    refused(agents.Webhook.SaveWebhook(saved), words)
    new = ok(agents.Webhook.CreateDefaultWebhook())
    new.Name, new.TargetUrl, new.Events = "x", "http://127.0.0.1:9/", {"string": ["contact.created"]}
    setattr(new, field, {"string": value} if field == "Events" else value)
    refused(agents.Webhook.SaveWebhook(new), words)
    stored = ok(agents.Webhook.GetAllWebhooks("", "", "Unknown")).Webhook
    assert [(w.TargetUrl, list(w.Events.string)) for w in stored] == [("http://127.0.0.1:9/hook", ["contact.created"])]


def check(got: Any, event: str, key: int, tenant: str, actor: int, name: str = "Partner") -> dict[str, Any]:
    """A delivery NetServer's way: headers, payload, signature."""
    body = got.json
    assert got.valid(SECRET) and not got.valid("other secret")
    assert got.headers["X-SuperOffice-Event"] == event == body["Event"]
    assert got.headers["X-SuperOffice-EventId"] == body["EventId"] and len(body["EventId"]) == 36
    assert got.headers["Content-Type"].startswith("application/json")
    assert (body["PrimaryKey"], body["Entity"], body["ContextIdentifier"], body["ChangedByAssociateId"],
            body["WebhookName"]) == (key, event.split(".")[0], tenant, actor, name)
    assert body["Timestamp"].endswith("Z") and len(body["Timestamp"]) == 28
    return body


def test_contact_events_over_soap_are_delivered_signed(server: Server, webhook_receiver: WebhookReceiver) -> None:
    tenant = new_tenant()
    agents = Agents(server, tenant)
    hook(agents, webhook_receiver.url, ["contact.created", "contact.changed", "contact.deleted"])
    saved = new_contact(agents, "Webhook AS")
    me = saved.CreatedBy.AssociateId
    created = check(webhook_receiver.wait_for("contact.created")[0], "contact.created", saved.ContactId, tenant, me)
    assert created["Changes"][0] == "contact_id" and "name" in created["Changes"]
    saved.Department = "Oslo"
    ok(agents.Contact.SaveContactEntity(saved))
    changed = check(webhook_receiver.wait_for("contact.changed")[0], "contact.changed", saved.ContactId, tenant, me)
    assert "department" in changed["Changes"] and "updated" in changed["Changes"] and "name" not in changed["Changes"]
    ok(agents.Contact.DeleteContactEntity(saved.ContactId))
    check(webhook_receiver.wait_for("contact.deleted")[0], "contact.deleted", saved.ContactId, tenant, me)
    assert len(webhook_receiver.received) == 3  # one each: persons have no webhook here
    listed = settled(server, tenant, 3)  # the receiver has the POST before the worker records its answer
    assert [(d["event"], d["state"], d["attempts"], d["last_status"]) for d in listed] == [
        ("contact.deleted", "delivered", 1, 200), ("contact.changed", "delivered", 1, 200),
        ("contact.created", "delivered", 1, 200)]


def test_a_refused_save_and_an_unsubscribed_event_send_nothing(server: Server,
                                                               webhook_receiver: WebhookReceiver) -> None:
    agents = Agents(server, new_tenant())
    hook(agents, webhook_receiver.url, ["contact.changed"])
    saved = new_contact(agents, "Quiet AS")  # created: nobody listens
    saved.Business = {"Id": 99999}
    refused(agents.Contact.SaveContactEntity(saved), "99999")  # rolled back: no event
    saved.Business, saved.Name = None, "Loud AS"
    ok(agents.Contact.SaveContactEntity(saved))
    got = webhook_receiver.wait_for("contact.changed")[0].json
    assert got["PrimaryKey"] == saved.ContactId and "name" in got["Changes"]
    time.sleep(0.5)
    assert [r.event for r in webhook_receiver.received] == ["contact.changed"]


def test_rest_webhook_routes_and_rest_changes_are_delivered(server: Server,
                                                            webhook_receiver: WebhookReceiver) -> None:
    tenant = new_tenant()
    agents = Agents(server, tenant)
    rest = Rest(server, tenant, ticket=agents.headers["Credentials"]["Ticket"])
    default = rest.ok("GET", "/v1/Webhook/default")
    default.update(Name="Rest hook", TargetUrl=webhook_receiver.url, Secret=SECRET,
                   Events=["person.created", "person.changed", "person.deleted"])
    made = rest.ok("POST", "/v1/Webhook", default, status=201)
    assert rest.ok("GET", f"/v1/Webhook/{made['WebhookId']}")["Name"] == "Rest hook"
    assert [w["Name"] for w in rest.ok("GET", "/v1/Webhook")] == ["Rest hook"]
    assert [w["WebhookId"] for w in rest.agent("Webhook", "GetAllWebhooks", {})] == [made["WebhookId"]]
    person = rest.ok("GET", "/v1/Person/default")
    person.update(Firstname="Ada", Lastname="Lovelace")
    person = rest.ok("POST", "/v1/Person", person, status=201)
    body = check(webhook_receiver.wait_for("person.created")[0], "person.created", person["PersonId"], tenant,
                 person["CreatedBy"]["AssociateId"], "Rest hook")
    assert "firstname" in body["Changes"] and "lastname" in body["Changes"]
    person["Lastname"] = "King"
    rest.ok("PUT", f"/v1/Person/{person['PersonId']}", person)
    changed = webhook_receiver.wait_for("person.changed")[0].json
    assert "lastname" in changed["Changes"] and "firstname" not in changed["Changes"]
    rest.ok("DELETE", f"/v1/Person/{person['PersonId']}", status=204)
    check(webhook_receiver.wait_for("person.deleted")[0], "person.deleted", person["PersonId"], tenant,
          person["CreatedBy"]["AssociateId"], "Rest hook")
    tested = rest.ok("POST", "/v1/Webhook/Test", {**made, "Name": "Pinged"})
    assert tested["Success"] is True
    assert webhook_receiver.wait_for("test")[0].json["WebhookName"] == "Pinged"
    assert rest.ok("GET", f"/v1/Webhook/{made['WebhookId']}/LastError") in ("", None)
    rest.ok("DELETE", f"/v1/Webhook/{made['WebhookId']}", status=204)
    assert rest.ok("GET", "/v1/Webhook") == []


def test_test_webhook_pings_and_reports_failure(server: Server, webhook_receiver: WebhookReceiver) -> None:
    agents = Agents(server, new_tenant())
    e = ok(agents.Webhook.CreateDefaultWebhook())
    e.Name, e.TargetUrl, e.Secret, e.Events = "Ping", webhook_receiver.url, SECRET, {"string": ["contact.created"]}
    assert ok(agents.Webhook.TestWebhook(e)).Success is True
    got = webhook_receiver.received[-1]
    assert got.event == "test" and got.valid(SECRET) and got.json["Event"] == "test"
    webhook_receiver.fail(1, 503)
    result = ok(agents.Webhook.TestWebhook(e))
    assert result.Success is False and "503" in result.Message
    assert ok(agents.Webhook.GetAllWebhooks("", "", "Unknown")) is None  # a test saves nothing


# -- retries, TooManyErrors, a worker killed: a server of their own, retrying fast ----------------------------

@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.Popen, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('webhooks') / 'soapsvc.sqlite3'}"
    Database(url).engine.dispose()  # the tables made once here: two workers never race to create them
    env = {"SOAPSVC_DATABASE_URL": url, "SOAPSVC_WEBHOOK_RETRY": "0.05", "SOAPSVC_WEBHOOK_POLL": "0.05",
           "SOAPSVC_WEBHOOK_TIMEOUT": "1"}
    try:
        proc, base = start_gunicorn(workers=2, env=env)
    except RuntimeError:  # a machine busy enough to take 30 s to boot: once more
        proc, base = start_gunicorn(workers=2, env=env)
    try:
        yield proc, base
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_failing_receiver_gets_retries_then_the_event_once(fast: tuple[subprocess.Popen, str],
                                                             webhook_receiver: WebhookReceiver) -> None:
    tenant = new_tenant()
    agents = Agents(fast[1], tenant)
    hook(agents, webhook_receiver.url, ["contact.created"])
    webhook_receiver.fail(3)
    saved = new_contact(agents, "Retry AS")
    got = webhook_receiver.wait_for("contact.created")
    time.sleep(0.5)
    tries = webhook_receiver.events("contact.created")
    assert [r.status for r in tries] == [500, 500, 500, 200]
    assert len({r.json["EventId"] for r in tries}) == 1 and got[0].json["PrimaryKey"] == saved.ContactId
    (done,) = deliveries(fast[1], tenant)
    assert (done["state"], done["attempts"], [t["status"] for t in done["tries"]]) == (
        "delivered", 4, [500, 500, 500, 200])


def test_seven_failures_make_the_webhook_too_many_errors(fast: tuple[subprocess.Popen, str],
                                                         webhook_receiver: WebhookReceiver) -> None:
    tenant = new_tenant()
    agents = Agents(fast[1], tenant)
    saved = hook(agents, webhook_receiver.url, ["contact.created"])
    webhook_receiver.fail(100)
    new_contact(agents, "Doomed AS")
    deadline = time.monotonic() + 20
    while ok(agents.Webhook.GetWebhook(saved.WebhookId)).State != "TooManyErrors":
        assert time.monotonic() < deadline, "the webhook never became TooManyErrors"
        time.sleep(0.1)
    time.sleep(0.5)
    assert len(webhook_receiver.received) == 7
    read = ok(agents.Webhook.GetWebhook(saved.WebhookId))
    assert (read.ConsecutiveErrors, read.TotalErrors, read.TotalCalls) == (7, 7, 7)
    assert "500" in ok(agents.Webhook.GetLastError(saved.WebhookId))
    new_contact(agents, "Unheard AS")  # no longer Active: nothing queued
    time.sleep(0.5)
    assert len(webhook_receiver.received) == 7
    assert [d["state"] for d in deliveries(fast[1], tenant)] == ["abandoned"]
    read.State = "Active"
    assert ok(agents.Webhook.SaveWebhook(read)).ConsecutiveErrors == 0


def _workers(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_kill_9_of_the_workers_loses_no_pending_delivery(fast: tuple[subprocess.Popen, str],
                                                         webhook_receiver: WebhookReceiver) -> None:
    proc, base = fast
    tenant = new_tenant()
    agents = Agents(base, tenant)
    hook(agents, webhook_receiver.url, ["contact.created"])
    webhook_receiver.fail(4, 503)  # the first tries fail: deliveries are pending when the workers die
    sent = {new_contact(agents, f"Survivor {i}").ContactId for i in range(6)}
    killed = _workers(proc.pid)
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 40
    while {r.json["PrimaryKey"] for r in webhook_receiver.events("contact.created", ok_only=True)} != sent:
        assert time.monotonic() < deadline, f"not all of {sent} delivered: {webhook_receiver.received}"
        time.sleep(0.1)
    assert all(d["state"] == "delivered" for d in settled(base, tenant, 6))
    # At least once: a try answered 2xx is sent again only when its worker died before recording it, so at
    # most one per post in flight (4 per worker) of the workers killed.
    ok_ids = [r.json["EventId"] for r in webhook_receiver.events("contact.created", ok_only=True)]
    print(f"6 events, {len(ok_ids)} answered 2xx after killing {len(killed)} workers")
    assert len(set(ok_ids)) == 6 and len(ok_ids) - 6 <= 4 * len(killed)


def test_fault_rules_on_deliveries_fail_and_drop_tries(fast: tuple[subprocess.Popen, str],
                                                      webhook_receiver: WebhookReceiver) -> None:
    tenant = new_tenant()
    agents = Agents(fast[1], tenant)
    hook(agents, webhook_receiver.url, ["contact.created", "contact.changed"])
    rules = f"{fast[1]}/_soapsvc/api/tenants/{tenant}/faults"
    for rule in ({"agent": "WebhookDelivery", "operation": "contact.created", "kind": "http", "status": 502,
                  "times": 2}, {"agent": "WebhookDelivery", "kind": "drop", "times": 1}):
        assert requests.post(rules, json=rule, timeout=30).status_code == 201
    bad = requests.post(rules, json={"agent": "WebhookDelivery", "operation": "Nope", "kind": "drop"}, timeout=30)
    assert bad.status_code == 400 and "event" in bad.json()["error"]
    saved = new_contact(agents, "Faulted AS")
    webhook_receiver.wait_for("contact.created")
    (done,) = settled(fast[1], tenant, 1)
    assert [t["status"] for t in done["tries"]] == [502, 502, 0, 200] and done["state"] == "delivered"
    assert "fault rule" in done["tries"][0]["error"] and "dropped" in done["tries"][2]["error"]
    assert [r.json["PrimaryKey"] for r in webhook_receiver.events("contact.created")] == [saved.ContactId]
    saved.Department = "Changed"
    ok(agents.Contact.SaveContactEntity(saved))  # the rules are used up: the next event goes at once
    assert webhook_receiver.wait_for("contact.changed")[0].status == 200
    assert [r["fired"] for r in requests.get(rules, timeout=30).json()["rules"]] == [2, 1]
    html = requests.get(f"{fast[1]}/_soapsvc/tenants/{tenant}/webhooks", timeout=30).text
    assert html.count('class="delivery"') == 2 and "<b>contact.created</b>" in html
    assert "<td>502</td><td>HTTP 502 from fault rule" in html and "dropped by fault rule" in html
    journal = requests.get(f"{fast[1]}/_soapsvc/tenants/{tenant}/journal", timeout=30).text
    assert f'href="/_soapsvc/tenants/{tenant}/webhooks"' in journal
