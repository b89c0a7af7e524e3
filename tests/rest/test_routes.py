"""Drift of the REST routes against SuperOffice's Swagger: every path routed, every answer of a declared shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from soapsvc import agents
from soapsvc.contract import catalogue as cat
from soapsvc.contract.rest import AGENT_ROUTES, WEB_ROUTES
from soapsvc.rest import agents_api, codec, webapi

OPENAPI = Path(__file__).resolve().parents[2] / "wsdl" / "reference" / "openapi"
JSON_OF = {"int": "integer", "short": "integer", "long": "integer", "unsignedInt": "integer", "string": "string",
           "boolean": "boolean", "dateTime": "string", "double": "number", "base64Binary": "string",
           "duration": "string", "anyType": "object"}


def swagger_paths(kind: str) -> list[tuple[str, str, dict]]:
    out = []
    for path in sorted((OPENAPI / kind).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
        out += [(p, m.upper(), o) for p, methods in doc["paths"].items() for m, o in methods.items()]
    return out


def sample(path: str) -> str:
    """A concrete request path for a Swagger template: ids a number, other parameters a word."""
    def value(part: str) -> str:
        if not part.startswith("{"):
            return part
        return "7" if part.lower().endswith("id}") and not part.lower().endswith("uniqueid}") else "word"

    return "/".join(value(part) for part in path.removeprefix("/api").split("/"))


def json_type(field: cat.Field) -> str:
    """The Swagger type of a contract value: enums are strings, dictionaries objects, arrays arrays."""
    if field.array or (field.type in cat.TYPES and cat.TYPES[field.type].item):
        return "array"
    if field.type in cat.ENUMS:
        return "string"
    if codec.dictionary_pair(field.type):
        return "object"
    return JSON_OF.get(field.type, field.type)


def test_every_agents_path_is_routed_to_its_operation() -> None:
    paths = swagger_paths("agent")
    assert len(paths) == 2007
    for path, method, _op in paths:
        agent, operation = path.split("/")[-2:]
        route = agents_api.route(agent, operation)
        assert method == "POST" and route.operation.lower() == operation.lower(), path
        assert (route.agent, route.operation) in cat.OPERATIONS


def test_every_agents_answer_has_the_shape_its_swagger_declares() -> None:
    for key, route in AGENT_ROUTES.items():
        returns = cat.OPERATIONS[(route.agent, route.operation)].returns
        declared = route.result
        if not returns:
            assert declared is None, key
        elif len(returns) == 1:
            ours = json_type(returns[0])
            assert declared in (ours, returns[0].type) or declared.endswith(returns[0].type), (key, ours, declared)


def test_every_webapi_path_resolves_to_its_route() -> None:
    paths = swagger_paths("rest")
    assert len(paths) == 1310
    for path, method, op in paths:
        route, _values = webapi.find(method, sample(path))
        # two templates the Swagger itself cannot tell apart (/DataRight/{tableName}, /{relationToOwner})
        twins = re.sub(r"\{\w+\}", "{}", route.path) == re.sub(r"\{\w+\}", "{}", path)
        assert route.operation_id == op["operationId"] or (twins and route.path != path), (method, path, route.path)


def implemented_entities() -> list[cat.Family]:
    return [f for f in cat.FAMILIES.values()
            if all(agents.behaviour_of(f.agent, f.operations.get(s, "")) for s in ("Get", "Save", "CreateDefault"))]


def test_the_entity_routes_of_implemented_families_reach_behaviour() -> None:
    routed = [r for r in WEB_ROUTES if r.kind == "agent" and cat.OPERATIONS[(r.agent, r.operation)].family
              in {f.carrier for f in implemented_entities()}]
    assert {r.path for r in routed} >= {"/api/v1/Contact", "/api/v1/Contact/{id}", "/api/v1/Contact/default",
                                         "/api/v1/Person/{id}", "/api/v1/Sale/{id}", "/api/v1/Project/{id}",
                                         "/api/v1/Appointment/{id}", "/api/v1/Document/{id}"}
    missing = [(r.method, r.path) for r in routed if not agents.behaviour_of(r.agent, r.operation)]
    assert missing == []


@pytest.mark.parametrize("route", [r for r in WEB_ROUTES if r.kind == "agent"], ids=lambda r: f"{r.method} {r.path}")
def test_each_webapi_answer_has_the_shape_its_swagger_declares(route) -> None:  # noqa: ANN001
    returns = cat.OPERATIONS[(route.agent, route.operation)].returns
    if route.method == "DELETE" or not returns:
        return
    ours, declared = json_type(returns[0]), route.result or ""
    assert declared in (ours, returns[0].type) or declared == f"{returns[0].type}WithLinks", (ours, declared)
