"""Generate `soapsvc/contract/rest.py`: NetServer's REST routes as plain data, from its own Swagger.

Reads `wsdl/reference/openapi/agent/*.json` (the Agents API, one POST path per SOAP operation) and
`wsdl/reference/openapi/rest/*.json` (the WebAPI), and the catalogue's operations and families. For every
Agents path it records which SOAP operation it is and where each SOAP parameter travels: in the query
(camelCase names), in a request object in the body (PascalCase properties, in the parameter's order), or
as the whole body (a carrier or an array, when the operation has that one parameter). For every WebAPI
route it records the SOAP operation it calls, found by the rules below, or what else it is:
- the Swagger's own words "Calls the <Agent> agent service <Operation>";
- an entity route of a family (operationId `v1<Carrier>_<Verb><Carrier>`): Default -> CreateDefault,
  Get -> Get, Post/Put/Patch -> Save, Delete -> Delete;
- `v1<Carrier>_GetAll` with "using the "<Provider>" archive": an archive search of that provider;
- the OData child collections of an entity (`/<Entity>/{id}/<Children>` with `$filter`): kind `children`.
Called from `tools/gen_contract.py`, so `--check` covers its output too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "wsdl" / "reference" / "openapi"
CALLS = re.compile(r"Calls the (\w+) agent service (\w+)")
ARCHIVE = re.compile(r'using the "(\w+)" archive')
VERBS = {"Default": "CreateDefault", "Get": "Get", "Post": "Save", "Put": "Save", "Patch": "Save", "Delete": "Delete"}
OMIT = {"header"}


def _documents(kind: str) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8-sig")) for p in sorted((OPENAPI / kind).glob("*.json"))]


def _schema_name(schema: dict[str, Any] | None) -> str | None:
    if not schema:
        return None
    if "$ref" in schema:
        return schema["$ref"].rsplit(".", 1)[-1]
    if schema.get("type") == "array":
        return "array"
    return schema.get("type")


def _body(op: Any, param: dict[str, Any], definitions: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """'request' with its property names (one per SOAP parameter, in order), or 'value'."""
    schema = param["schema"]
    ref = schema.get("$ref", "").removeprefix("#/definitions/")
    props = tuple(definitions.get(ref, {}).get("properties", {}))
    names = tuple(p.name for p in op.params)
    if props == names or (ref.rsplit(".", 1)[-1].endswith("Request") and len(props) == len(names)):
        return "request", props
    if len(names) == 1:
        return "value", ()
    raise SystemExit(f"gen_rest: cannot bind the body of {op.agent}.{op.name}: {ref} {props} vs {names}")


def agent_routes(cat: Any) -> list[tuple]:
    by_lower = {(a.lower(), o.lower()): op for (a, o), op in cat.OPERATIONS.items()}
    routes = []
    for doc in _documents("agent"):
        for path, methods in doc["paths"].items():
            swagger_agent, swagger_op = path.split("/")[-2:]
            op = by_lower.get((swagger_agent.lower(), swagger_op.lower()))
            if op is None:
                raise SystemExit(f"gen_rest: {path} names no operation of the contract")
            params = [p for p in methods["post"]["parameters"] if p["in"] not in OMIT and p["name"] != "$select"]
            query = tuple(p["name"] for p in params if p["in"] == "query")
            body, props = None, ()
            if bodies := [p for p in params if p["in"] == "body"]:
                body, props = _body(op, bodies[0], doc["definitions"])
            result = _schema_name(methods["post"]["responses"].get("200", {}).get("schema"))
            routes.append((f"{swagger_agent}/{swagger_op}", op.agent, op.name, query, body, props, result))
    return sorted(routes)


def _web_target(cat: Any, op: dict[str, Any], path: str, method: str
                ) -> tuple[str, str | None, str | None, str | None]:
    """(kind, agent, operation, provider) of one WebAPI operation. A DELETE that the Swagger says calls an
    operation with a result (a list item deleted through SaveFromListDefinition) is not bound: the request
    does not carry what that operation needs."""
    desc = op.get("description", "")
    if m := CALLS.search(desc):
        called = cat.OPERATIONS.get((m[1], m[2]))
        if called is not None and not (method == "delete" and called.returns):
            return "agent", m[1], m[2], None
    prefix, _, verb = op["operationId"].partition("_")
    carrier = prefix.removeprefix("v1")
    family = cat.FAMILIES.get(carrier)
    if verb == "GetAll" and (m := ARCHIVE.search(desc)):
        return "archive", None, None, m[1]
    for word, shape in VERBS.items():
        if family and verb == f"{word}{carrier}" and shape in family.operations:
            return "agent", family.agent, family.operations[shape], None
    params = {p["name"] for p in op.get("parameters", [])}
    if family and "$filter" in params and path.count("/") == 5 and "{id}" in path:
        return "children", family.agent, None, path.rsplit("/", 1)[-1]
    return "none", None, None, None


def _unwrapped(cat: Any, agent: str | None, operation: str | None, result: str | None) -> bool:
    """True when the route answers a plain value where its operation answers a carrier: the WebAPI takes
    something out of the carrier that the Swagger does not say (e.g. a preference's value)."""
    returns = cat.OPERATIONS[(agent, operation)].returns
    return bool(returns) and result in ("string", "integer", "boolean", "number") and returns[0].type in cat.TYPES


def web_routes(cat: Any) -> list[tuple]:
    routes = []
    for doc in _documents("rest"):
        for path, methods in doc["paths"].items():
            for method, op in methods.items():
                kind, agent, operation, provider = _web_target(cat, op, path, method)
                result = _schema_name(op.get("responses", {}).get("200", {}).get("schema"))
                if kind == "agent" and _unwrapped(cat, agent, operation, result):
                    kind, agent, operation = "none", None, None
                params = tuple((p["name"], p["in"]) for p in op.get("parameters", []) if p["in"] not in OMIT)
                body = next((_schema_name(p.get("schema")) for p in op.get("parameters", []) if p["in"] == "body"),
                            None)
                routes.append((method.upper(), path, op["operationId"], kind, agent, operation, provider, params,
                               body, result))
    return sorted(routes, key=lambda r: (r[1].lower(), r[0]))


TEMPLATE = '''"""{header}

NetServer's REST routes as plain data (`tools/gen_rest.py`, from wsdl/reference/openapi)."""

# ruff: noqa: E501

from typing import NamedTuple


class AgentRoute(NamedTuple):
    """`POST /api/v1/Agents/<path>`: `query` the query names of the SOAP parameters (in order), or `body`
    'request' (an object whose `props` are the parameters, in order) or 'value' (the one parameter)."""

    agent: str
    operation: str
    query: tuple[str, ...]
    body: str | None
    props: tuple[str, ...]
    result: str | None


class WebRoute(NamedTuple):
    """A WebAPI route: `kind` agent (calls `agent`.`operation`), archive (a search of `provider`),
    children (an entity's OData collection `provider`) or none (no SOAP operation behind it)."""

    method: str
    path: str
    operation_id: str
    kind: str
    agent: str | None
    operation: str | None
    provider: str | None
    params: tuple[tuple[str, str], ...]
    body: str | None
    result: str | None


AGENT_ROUTES: dict[str, AgentRoute] = {{
{agents}
}}

WEB_ROUTES: tuple[WebRoute, ...] = (
{web}
)
'''


def render(catalogue_source: str, header: str) -> str:
    """The module's text; `catalogue_source` is the catalogue being generated in the same run."""
    cat = SimpleNamespace()
    exec(compile(catalogue_source, "catalogue.py", "exec"), vars(cat).setdefault("ns", {"__name__": "catalogue"}))
    cat.__dict__.update(cat.ns)
    agents = "\n".join(f"    {r[0]!r}: AgentRoute{r[1:]!r}," for r in agent_routes(cat))
    web = "\n".join(f"    WebRoute{r!r}," for r in web_routes(cat))
    return TEMPLATE.format(header=header.replace("wsdl/reference/services88", "wsdl/reference"), agents=agents,
                           web=web)
