"""The admin API's endpoints (JSON in and out), per tenant: data, snapshots, journal, fault rules, webhook
deliveries.

Each endpoint is a function of a `Request` returning (HTTP status, JSON payload); input it cannot use is
a `BadRequestError` (400) that says what was wrong. `GET /_soapsvc/api` lists the endpoints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from soapsvc import __version__, delivery, session
from soapsvc.admin import catalog, datasets, faults
from soapsvc.admin.errors import ApiError, BadRequestError
from soapsvc.config import Settings
from soapsvc.store import admin as store
from soapsvc.store import journal as calls
from soapsvc.store import tenants, webhooks
from soapsvc.store.db import database

MAX_JSON = 1024 * 1024
TENANT = r"(?P<tenant>[A-Za-z0-9_-]{1,64})"
NAME = r"(?P<name>[A-Za-z0-9_.-]{1,64})"
GROUP = re.compile(r"[(][?]P<(\w+)>[^)]*[)]")  # a route's named group, shown as {name}


@dataclass
class Request:
    """What an endpoint gets: the path's names, the query string, the body (read as JSON on demand)."""

    params: dict[str, str]
    query: dict[str, str]
    environ: dict[str, Any]
    settings: Settings
    _body: Any = field(default=None, repr=False)

    def json(self) -> dict[str, Any]:
        """The body as a JSON object ({} when there is none)."""
        if self._body is None:
            stream, length = self.environ.get("wsgi.input"), self.environ.get("CONTENT_LENGTH") or "0"
            if not length.isdigit():
                raise BadRequestError("Content-Length is not a number")
            if int(length) > MAX_JSON:
                raise ApiError(413, f"the body is over {MAX_JSON} bytes")
            raw = stream.read(int(length)) if stream is not None and int(length) else b""
            try:
                self._body = json.loads(raw) if raw.strip() else {}
            except (ValueError, UnicodeDecodeError) as err:
                raise BadRequestError(f"the body is not JSON: {err}") from None
            if not isinstance(self._body, dict):
                raise BadRequestError("the body must be a JSON object, e.g. {\"dataset\": \"default\"}")
        return self._body

    @property
    def tenant(self) -> str:
        return self.params["tenant"]

    def number(self, key: str, default: int, low: int, high: int) -> int:
        raw = self.query.get(key)
        if raw is None:
            return default
        if not re.fullmatch(r"-?\d+", raw) or not low <= int(raw) <= high:
            raise BadRequestError(f"`{key}` must be an integer from {low} to {high}, not {raw!r}")
        return int(raw)


def _tenant_id(cust_id: str, create: bool) -> int:
    """The tenant's id (created with its seed data when `create`), or 404."""
    with database().unit(cust_id) as db:
        found = tenants.find(db, cust_id)
        if found is None and create:
            found = session.tenant_id(db, cust_id)
    if found is None:
        raise ApiError(404, f"there is no tenant {cust_id}: a call to its address, or a reset, creates it")
    return found


def _refill(req: Request, dataset: Any, params: dict[str, Any]) -> tuple[int, Any]:
    tid = _tenant_id(req.tenant, create=True)
    with database().unit(req.tenant) as db:
        holds = datasets.apply(db, tid, dataset, params)
    session.forget_tenant(req.tenant)
    return 200, {"tenant": req.tenant, "dataset": dataset, "holds": holds, "tickets": "ended: log in again"}


def reset(req: Request) -> tuple[int, Any]:
    req.json()
    return _refill(req, "default", {})


def seed(req: Request) -> tuple[int, Any]:
    params = dict(req.json())
    return _refill(req, params.pop("dataset", "default"), params)


def snapshots(req: Request) -> tuple[int, Any]:
    with database().unit(req.tenant) as db:
        return 200, {"tenant": req.tenant, "snapshots": store.snapshot_list(db, req.tenant)}


def snapshot_save(req: Request) -> tuple[int, Any]:
    name = req.json().get("name")
    if not isinstance(name, str) or not re.fullmatch(NAME, name):
        raise BadRequestError("send {\"name\": \"...\"}: 1 to 64 letters, digits, '_', '-' or '.'")
    tid = _tenant_id(req.tenant, create=False)
    with database().unit(req.tenant) as db:
        return 201, {"tenant": req.tenant, "snapshot": store.snapshot_save(db, req.tenant, tid, name)}


def snapshot_restore(req: Request) -> tuple[int, Any]:
    req.json()
    tid = _tenant_id(req.tenant, create=False)
    with database().unit(req.tenant) as db:
        restored = store.snapshot_restore(db, req.tenant, tid, req.params["name"])
    if restored is None:
        raise ApiError(404, f"tenant {req.tenant} has no snapshot {req.params['name']!r}")
    session.forget_tenant(req.tenant)
    return 200, {"tenant": req.tenant, "restored": restored, "tickets": "ended: log in again"}


def snapshot_delete(req: Request) -> tuple[int, Any]:
    with database().unit(req.tenant) as db:
        if not store.snapshot_delete(db, req.tenant, req.params["name"]):
            raise ApiError(404, f"tenant {req.tenant} has no snapshot {req.params['name']!r}")
    return 200, {"tenant": req.tenant, "deleted": req.params["name"]}


def journal_filter(query: dict[str, str]) -> tuple[str | None, str | None]:
    """The agent and operation of a journal query, in the contract's spelling where it knows them."""
    agent, operation = query.get("agent") or None, query.get("operation") or None
    if agent:
        agent = catalog.agent_named(agent) or agent
        if operation and catalog.agent_named(agent):
            operation = catalog.operation_named(agent, operation) or operation
    return agent, operation


def journal(req: Request) -> tuple[int, Any]:
    agent, operation = journal_filter(req.query)
    bodies = req.query.get("bodies", "1")
    if bodies not in ("0", "1"):
        raise BadRequestError(f"`bodies` must be 0 or 1, not {bodies!r}")
    entries = calls.calls(req.tenant, agent, operation, after=req.number("after", 0, 0, 2**62),
                                 limit=req.number("limit", 100, 1, 10_000), bodies=bodies == "1",
                                 keep=req.settings.journal_size)
    return 200, {"tenant": req.tenant, "entries": entries}


def journal_clear(req: Request) -> tuple[int, Any]:
    return 200, {"tenant": req.tenant, "deleted": calls.clear(req.tenant)}


def fault_list(req: Request) -> tuple[int, Any]:
    return 200, {"tenant": req.tenant, "rules": faults.rules(req.tenant)}


def fault_add(req: Request) -> tuple[int, Any]:
    return 201, {"tenant": req.tenant, "rule": faults.add(req.tenant, req.json())}


def fault_clear(req: Request) -> tuple[int, Any]:
    rule = int(req.params["rule"]) if "rule" in req.params else None
    deleted = store.fault_clear(req.tenant, rule)
    if rule is not None and not deleted:
        raise ApiError(404, f"tenant {req.tenant} has no fault rule {rule}")
    return 200, {"tenant": req.tenant, "deleted": deleted}


def webhook_deliveries(req: Request) -> tuple[int, Any]:
    with database().unit(req.tenant) as db:
        found = webhooks.deliveries(db, req.tenant, req.number("after", 0, 0, 2**62),
                                    req.number("limit", 100, 1, 10_000))
    return 200, {"tenant": req.tenant, "delivery": delivery.describe(), "deliveries": found}


def tenant_list(req: Request) -> tuple[int, Any]:
    with database().unit() as db:
        return 200, {"tenants": tenants.list_all(db)}


def root(req: Request) -> tuple[int, Any]:
    shown = [f"{m} /_soapsvc/api{GROUP.sub(lambda g: '{' + g[1] + '}', p)}  {doc}" for m, p, _f, doc in ROUTES]
    return 200, {"soapsvc": __version__, "endpoints": shown,
                 "datasets": datasets.describe(), "fault_kinds": faults.KINDS, "fault_fields": faults.FIELDS}


Handler = Callable[[Request], tuple[int, Any]]
T = "/tenants/" + TENANT
ROUTES: list[tuple[str, str, Handler, str]] = [
    ("GET", "", root, "this list"),
    ("GET", "/tenants", tenant_list, "the tenants"),
    ("POST", f"{T}/reset", reset, "back to the seed data (tickets end)"),
    ("POST", f"{T}/seed", seed, '{"dataset": "default|empty|large", "contacts": N}: reset, then that data set'),
    ("GET", f"{T}/snapshots", snapshots, "the tenant's snapshots"),
    ("POST", f"{T}/snapshots", snapshot_save, '{"name": "..."}: copy the tenant\'s rows (replaces that name)'),
    ("POST", f"{T}/snapshots/{NAME}/restore", snapshot_restore, "put the rows back as saved (tickets end)"),
    ("DELETE", f"{T}/snapshots/{NAME}", snapshot_delete, "forget a snapshot"),
    ("GET", f"{T}/journal", journal, "calls, newest first; ?agent= &operation= &after=<id> &limit= &bodies=0|1"),
    ("DELETE", f"{T}/journal", journal_clear, "empty the tenant's journal"),
    ("GET", f"{T}/faults", fault_list, "the tenant's fault rules"),
    ("POST", f"{T}/faults", fault_add, "add a rule (see fault_fields)"),
    ("DELETE", f"{T}/faults", fault_clear, "delete every rule of the tenant"),
    ("DELETE", f"{T}/faults/(?P<rule>[0-9]{{1,18}})", fault_clear, "delete one rule"),
    ("GET", f"{T}/webhooks/deliveries", webhook_deliveries, "webhook deliveries and their tries, newest first; "
                                                             "?after=<id> &limit="),
]
_COMPILED = [(method, re.compile(f"^{pattern}/?$"), handler) for method, pattern, handler, _doc in ROUTES]


def dispatch(method: str, path: str, environ: dict[str, Any], settings: Settings) -> tuple[int, Any]:
    """Find the endpoint of `METHOD path` (path below /_soapsvc/api) and run it."""
    allowed = []
    for route_method, pattern, handler in _COMPILED:
        match = pattern.match(path)
        if match:
            if route_method == method:
                query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
                return handler(Request(match.groupdict(), query, environ, settings))
            allowed.append(route_method)
    if allowed:
        raise ApiError(405, f"{method} is not allowed here; use {' or '.join(sorted(set(allowed)))}",
                       [("Allow", ", ".join(sorted(set(allowed))))])
    raise ApiError(404, f"no admin endpoint {path or '/'}: GET /_soapsvc/api lists them")
