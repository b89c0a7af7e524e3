"""Fault and latency injection: rules per tenant and operation, checked and counted in the database.

A rule answers the next `times` matching calls (or, with `share`, a seeded draw of them) in one of the
ways a client must cope with when it talks to a real NetServer. Rules are kept in the database and their
counters updated atomically (`store.admin.fault_take`), so "the next 2 calls" means 2 whichever worker
answers them. When several rules match a call, the oldest that fires answers it.
"""

from __future__ import annotations

import re
from typing import Any

from soapsvc.admin import catalog
from soapsvc.admin.errors import BadRequestError
from soapsvc.errors import NetServerError
from soapsvc.store import admin as store

KINDS = {
    "error": "HTTP 200 with Succeeded false and an ExceptionInfo of `exception_type` (default SoException) "
             "and `message`, as NetServer reports a failed operation (the ticket is checked first)",
    "fault": "a SOAP 1.1 Fault with HTTP 500, `faultcode` (default Server) and `message`",
    "http": "the HTTP status `status` (default 503) with a short text body and no SOAP",
    "delay": "wait `delay` seconds, then answer as usual",
    "drop": "close the connection without an answer (needs gunicorn, as `soapsvc serve` runs)",
}
DELIVERY = "WebhookDelivery"  # the `agent` of rules for webhook deliveries (`operation`: * or an event)
EVENT = re.compile(r"^[a-z]+\.[a-z_]+$")
FIELDS = {
    "agent": f"the agent, e.g. Contact, or * for any (required); {DELIVERY} for rules on webhook deliveries "
             "(kinds delay, drop: the target gets nothing this try, http/error/fault: the try fails with "
             "`status`; retried as any failed delivery)",
    "operation": "the operation, e.g. GetContactEntity, or * for any (default *)",
    "kind": "one of " + ", ".join(KINDS),
    "times": "how many calls to answer (default 1; with `share`, default: no limit)",
    "share": "answer this share of the matching calls, drawn with `seed` (0 < share <= 1, default 1)",
    "seed": "seed of the draw (integer, default 0)",
    "delay": "seconds to wait before answering (any kind; 0 to 300)",
    "status": "the HTTP status of kind http (default 503)",
    "exception_type": "ExceptionType of kind error (default SoException)",
    "faultcode": "faultcode of kind fault (default Server)",
    "message": "the error's or fault's message",
}
MAX_DELAY = 300.0
DEFAULT_MESSAGE = "Injected by soapsvc: a fault rule of the admin API answered this call."
NAME = re.compile(r"^[A-Za-z_][\w.]{0,127}$")


class InjectedError(NetServerError):
    """The NetServer error a rule of kind `error` answers with, of the type the rule names."""

    def __init__(self, exception_type: str, message: str) -> None:
        super().__init__(message, rule="soapsvc fault injection")
        self.exception_type = exception_type


def _number(raw: dict[str, Any], key: str, kind: type, low: float, high: float, default: Any) -> Any:
    if key not in raw:
        return default
    value = raw[key]
    if value is None and key == "times":  # null: no limit
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)):
        raise BadRequestError(f"`{key}` must be a{'n integer' if kind is int else ' number'}, not {value!r}")
    if not low <= value <= high:
        raise BadRequestError(f"`{key}` must be between {low:g} and {high:g}, not {value!r}")
    return kind(value)


def _text(raw: dict[str, Any], key: str, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise BadRequestError(f"`{key}` must be a string, not {value!r}")
    return value


def parse_rule(tenant: str, raw: Any) -> dict[str, Any]:
    """A rule's row from the API's JSON, with the contract's spelling of its names, or BadRequestError."""
    if not isinstance(raw, dict):
        raise BadRequestError("send a JSON object with the fields: " + ", ".join(FIELDS))
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise BadRequestError(f"unknown field(s) {', '.join(unknown)}; the fields are: " + ", ".join(FIELDS))
    if "agent" not in raw:
        raise BadRequestError("`agent` is required: an agent of the contract, e.g. Contact, or * for any")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise BadRequestError(f"`kind` must be one of {', '.join(KINDS)}, not {kind!r}")
    agent = _text(raw, "agent", "")
    if agent.lower() == DELIVERY.lower():
        agent = DELIVERY
        if _text(raw, "operation", "*") not in ("*",) and not EVENT.match(_text(raw, "operation", "*")):
            raise BadRequestError(f"a {DELIVERY} rule's `operation` is * or an event, e.g. contact.created")
    elif agent != "*":
        agent = catalog.agent_named(agent) or ""
        if not agent:
            raise BadRequestError(f"no agent {raw.get('agent')!r} in the contract (e.g. Contact, SoPrincipal, or *)")
    operation = _text(raw, "operation", "*")
    if operation != "*" and agent == "*" and not NAME.match(operation):
        raise BadRequestError(f"{operation!r} is not an operation name")
    if operation != "*" and agent not in ("*", DELIVERY):
        operation = catalog.operation_named(agent, operation) or ""
        if not operation:
            raise BadRequestError(f"{agent} has no operation {raw.get('operation')!r}")
    share = _number(raw, "share", float, 0, 1, 1.0)
    if share == 0:
        raise BadRequestError("`share` must be above 0")
    times = _number(raw, "times", int, 1, 10**9, 1 if "share" not in raw else None)
    delay = _number(raw, "delay", float, 0, MAX_DELAY, 0.0)
    if kind == "delay" and not delay:
        raise BadRequestError("a rule of kind delay needs `delay`, the seconds to wait")
    code = {"error": _text(raw, "exception_type", "SoException"), "fault": _text(raw, "faultcode", "Server")}
    return {"tenant": tenant, "agent": agent, "operation": operation, "kind": kind, "times": times,
            "share": share, "seed": _number(raw, "seed", int, -(2**62), 2**62, 0), "delay": delay,
            "status": _number(raw, "status", int, 200, 599, 503) if kind == "http" else 0,
            "code": code.get(kind, ""), "message": _text(raw, "message", DEFAULT_MESSAGE)}


def public(rule: dict[str, Any]) -> dict[str, Any]:
    """A rule as the API shows it: `code` under the name its kind gives it."""
    out = {k: v for k, v in rule.items() if k != "code"}
    if rule["kind"] == "error":
        out["exception_type"] = rule["code"]
    elif rule["kind"] == "fault":
        out["faultcode"] = rule["code"]
    return out


def add(tenant: str, raw: Any) -> dict[str, Any]:
    return public(store.fault_add(parse_rule(tenant, raw)))


def rules(tenant: str) -> list[dict[str, Any]]:
    return [public(r) for r in store.fault_list(tenant)]


BODY_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)")


def operation_of(body: bytes) -> str:
    """The operation a request calls: the name of the Body's first element, as Spyne picks it."""
    match = BODY_ELEMENT.search(body)
    return match[1].decode() if match else ""


def take(tenant: str, agent: str, operation: str) -> dict[str, Any] | None:
    """The rule that answers this call, if any (its use counted), for the Router to carry out."""
    return store.fault_take(tenant, agent, operation) if operation else None


def take_delivery(tenant: str, event: str) -> dict[str, Any] | None:
    """The rule for this try of a webhook delivery, if any: only rules of agent WebhookDelivery (a rule for
    every agent, `*`, is about calls, not deliveries)."""
    return store.fault_take(tenant, DELIVERY, event, any_agent=False)
