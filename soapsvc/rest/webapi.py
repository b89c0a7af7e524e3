"""The WebAPI: NetServer's entity routes (`/api/v1/Contact/{id}` ...), bound to the SOAP operations.

The routes and the operation behind each come from SuperOffice's Swagger (`soapsvc.contract.rest`); what
the WebAPI adds to the operation is written once here for every family:
- `GET /<Entity>/{id}`: the entity with `_Links`, or 404 `SoNotFoundException` when the Get answers nil;
- `POST /<Entity>`: Save of a new entity, 201; `PUT /<Entity>/{id}`: Save with the id of the path;
- `PATCH /<Entity>/{id}` (the documentation's, not in the Swagger): the stored entity, patched by a JSON
  Patch (RFC 6902, an array of operations) or a JSON Merge Patch (RFC 7396, an object; an object sent where
  an array is is added to it), saved;
- `DELETE /<Entity>/{id}`: 204;
- `GET /<Entity>` and `/<Entity>/{id}/<Children>`: OData searches of the archive (`soapsvc.rest.odata`).
Other routes with an operation behind them bind path, query and body to its parameters by name (`id` is
the first); routes with none answer NetServer's error for an operation soapsvc does not have.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from soapsvc.contract import catalogue as cat
from soapsvc.contract.rest import WEB_ROUTES, WebRoute
from soapsvc.errors import NotFoundError, NotImplementedInSoapsvcError
from soapsvc.rest import codec, odata, patch
from soapsvc.rest.agents_api import query_value
from soapsvc.rest.errors import RestError
from soapsvc.rest.invoke import NO_CONTENT, RAW_KEY, answer, operation

Work = Callable[[dict[str, Any]], tuple[int, Any]]
# The children soapsvc's archive can list: provider, and the column the parent's id restricts.
CHILDREN = {"Persons": "SimplePerson", "Sales": "SimpleSale", "Appointments": "SimpleAppointment"}
# Routes whose Swagger description names no agent service though the route is one (its summary says which).
UNNAMED = {"v1Webhook_GetAllWebhooks": "GetAllWebhooks", "v1Webhook_TestWebhook": "TestWebhook",
           "v1Webhook_SignalEvent": "SignalEvent", "v1Webhook_GetLastError": "GetLastError"}


class Target(NamedTuple):
    """What a request resolves to: the operation it calls (for fault rules and the journal) and the work."""

    agent: str
    operation: str
    work: Work


def _compile(path: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", path.removeprefix("/api"))
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    return re.compile(f"^{pattern}/?$", re.I)


def _patched(routes: tuple[WebRoute, ...]) -> list[WebRoute]:
    """The Swagger's routes and a PATCH beside every PUT that saves an entity family's carrier."""
    out = list(routes)
    for r in routes:
        op = cat.OPERATIONS.get((r.agent or "", r.operation or ""))
        if r.method == "PUT" and op is not None and op.shape == "Save":
            out.append(r._replace(method="PATCH", operation_id=r.operation_id.replace("_Put", "_Patch")))
    return out


# literal segments before parameters: /Contact/default is not /Contact/{id}
TABLE = sorted(((_compile(r.path), r) for r in _patched(WEB_ROUTES)),
               key=lambda pr: (pr[1].path.count("{"), -len(pr[1].path)))


def find(method: str, path: str) -> tuple[WebRoute, dict[str, str]]:
    """The route of this method and path (404 when no route has the path, 405 when none has the method)."""
    allowed, found = [], []
    for pattern, route in TABLE:
        if m := pattern.match(path):
            if route.method == method:
                found.append((route, m.groupdict()))
            allowed.append(route.method)
    if found:  # /BatchTask/{id} and /BatchTask/{state}: a number is an id, a word the other
        return min(found, key=lambda rv: not all(_fits(k, v) for k, v in rv[1].items()))
    if allowed:
        raise RestError(405, "MethodNotAllowed", f"{path} takes {', '.join(sorted(set(allowed)))}, not {method}.")
    raise RestError(404, "NotFound", f"There is no WebAPI route {path}: GET /api/v1 lists the routes.")


def _fits(name: str, value: str) -> bool:
    numeric = name.lower().endswith("id") and not name.lower().endswith("uniqueid")
    return value.lstrip("-").isdigit() == numeric


def _family(route: WebRoute) -> cat.Family | None:
    op = cat.OPERATIONS.get((route.agent or "", route.operation or ""))
    return cat.FAMILIES.get(op.family) if op is not None and op.family else None


def resolve(route: WebRoute, values: dict[str, str], tenant: str, address: str, query: str,
            body: Callable[[], Any]) -> Target:
    """The work of one request on `route`; `body()` decodes the JSON body when the work needs it."""
    if route.operation_id in UNNAMED:
        route = route._replace(kind="agent", agent="Webhook", operation=UNNAMED[route.operation_id])
    if route.kind == "archive" or route.kind == "children":
        return Target("Archive", "GetArchiveListByColumns2", _search(route, values, tenant, address, query))
    if route.kind != "agent" or route.agent is None or route.operation is None:
        agent, name = (route.operation_id.removeprefix("v1").split("_", 1) + [""])[:2]
        raise NotImplementedInSoapsvcError(agent, name)
    agent, name, family = route.agent, route.operation, _family(route)
    op = cat.OPERATIONS[(agent, name)]
    if family is not None and op.shape == "Save":
        return Target(agent, name, _save(route, family, values, tenant, body))
    if family is not None and op.shape == "Get":
        return Target(agent, name, _get(family, values, tenant, address))

    def work(environ: dict[str, Any]) -> tuple[int, Any]:
        args = bind(op, values, query, body)
        result = answer(agent, name, operation(environ, tenant, agent, name, args), environ)
        return (204, None) if result is NO_CONTENT else (200, result)

    return Target(agent, name, work)


def bind(op: cat.Operation, values: dict[str, str], query: str, body: Callable[[], Any]) -> tuple[Any, ...]:
    """An operation's parameters from path and query values by name (`id` the first) and the body."""
    sent = {k.lower(): v for k, v in values.items()}
    sent.update({k.lower(): v for k, v in odata.plain_query(query).items() if k.lower() not in sent})
    args: list[Any] = []
    for i, param in enumerate(op.params):
        text = sent.get(param.name.lower(), sent.get("id") if i == 0 else None)
        if text is not None and not (param.array or param.type in cat.TYPES):
            args.append(query_value(param, text, param.name))
        elif param.type in cat.TYPES or param.array:
            payload = body()
            args.append(codec.value_reader(param.type, param.array)(payload, param.name))
        else:
            args.append(None)
    return tuple(args)


def _id(values: dict[str, str]) -> int:
    text = next(iter(values.values()), "")
    if not re.fullmatch(r"-?\d{1,10}", text) or not -2**31 <= int(text) < 2**31:
        raise RestError(400, "ArgumentException", f"'{text[:40]}' is not an id: the path takes a whole number "
                        "from -2147483648 to 2147483647.")
    return int(text)


def _read(environ: dict[str, Any], family: cat.Family, tenant: str, entity_id: int) -> Any:
    get = family.operations["Get"]
    found = operation(environ, tenant, family.agent, get, (entity_id,))
    if found is None:
        name = family.carrier.removesuffix("Entity")
        raise NotFoundError(f"{name} id {entity_id} not found")
    return found


def _get(family: cat.Family, values: dict[str, str], tenant: str, address: str) -> Work:
    def work(environ: dict[str, Any]) -> tuple[int, Any]:
        found = _read(environ, family, tenant, _id(values))
        environ[RAW_KEY] = (found, cat.Field("Response", family.carrier, False, True, 0))
        return 200, _with_links(codec.carrier_writer(family.carrier)(found), address)

    return work


def _with_links(doc: dict[str, Any], address: str) -> dict[str, Any]:
    doc["_Links"] = {"Self": address}
    return doc


def _save(route: WebRoute, family: cat.Family, values: dict[str, str], tenant: str, body: Callable[[], Any]
          ) -> Work:
    reader, writer = codec.carrier_reader(family.carrier), codec.carrier_writer(family.carrier)

    def work(environ: dict[str, Any]) -> tuple[int, Any]:
        payload = body()
        if route.method == "PATCH":
            stored = writer(_read(environ, family, tenant, _id(values)))
            payload = patch.apply(stored, payload, family.carrier)
        if not isinstance(payload, dict):
            raise codec.ShapeError(f"the body: expected a {family.carrier} object")
        entity = reader(payload, "")
        if values:  # PUT/PATCH /<Entity>/{id}: the path's id wins over the body's
            setattr(entity, family.id_field, _id(values))
        saved = operation(environ, tenant, family.agent, family.operations["Save"], (entity,))
        environ[RAW_KEY] = (saved, cat.Field("Response", family.carrier, False, True, 0))
        return (201 if route.method == "POST" else 200), writer(saved)

    return work


def _search(route: WebRoute, values: dict[str, str], tenant: str, address: str, query: str) -> Work:
    provider = route.provider or ""
    extra = ""
    if route.kind == "children":
        parent = (route.agent or "").lower()
        provider = CHILDREN.get(route.provider or "", "")
        if not provider:
            raise NotImplementedInSoapsvcError(route.agent or "", f"{route.provider} of an entity (OData)")
        extra = f"{parent}Id = {_id(values)}"

    def work(environ: dict[str, Any]) -> tuple[int, Any]:
        req = odata.request(odata.options(query), extra)
        args = (provider, req["columns"], req["order"], req["restriction"], req["entities"], 0,
                req["skip"] + req["top"] + 1 if req["top"] else 0)  # one more: is there a next page
        rows = operation(environ, tenant, "Archive", "GetArchiveListByColumns2", args) or []
        return 200, odata.answer(rows, req, address, query)

    return work
