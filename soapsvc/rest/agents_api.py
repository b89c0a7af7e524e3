"""The Agents API: `POST /api/v1/Agents/<Agent>/<Operation>`, one route per SOAP operation.

Where each parameter travels comes from SuperOffice's Swagger (`soapsvc.contract.rest.AGENT_ROUTES`): in
the query (names matched without regard to case: SuperOffice's own client sends `contactEntityId` and
`ContactEntityId`), in a request object in the body (properties in any case), or as the whole body. A body
of `null`, or none, leaves the parameters unset, as NetServer binds it. `GET` describes the operation and
does not run it, as NetServer does.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from soapsvc.contract import catalogue as cat
from soapsvc.contract.rest import AGENT_ROUTES, AgentRoute
from soapsvc.rest import codec
from soapsvc.rest.errors import RestError

BY_LOWER = {key.lower(): route for key, route in AGENT_ROUTES.items()}


def route(agent: str, operation: str) -> AgentRoute:
    found = BY_LOWER.get(f"{agent}/{operation}".lower())
    if found is None:
        raise RestError(404, "NotFound", f"There is no Agents API operation {agent}/{operation}: the routes are "
                        "POST /api/v1/Agents/<Agent>/<Operation> with the operation names of the Services88 "
                        "contract (GET /api/v1 lists them).")
    return found


def query_value(param: cat.Field, text: str, where: str) -> Any:
    if param.type == "boolean" and not param.array:
        if text.lower() not in ("true", "false"):
            raise codec.ShapeError(f"{where}: expected true or false, got {text!r}")
        return text.lower() == "true"
    if param.array or param.type in cat.TYPES:
        raise codec.ShapeError(f"{where}: a {param.type} cannot be sent in the query; send it in the body")
    return codec.value_reader(param.type)(text, where)


def arguments(found: AgentRoute, query_string: str, payload: Any) -> tuple[Any, ...]:
    """The SOAP parameters, in order, from the query and the decoded JSON body."""
    params = cat.OPERATIONS[(found.agent, found.operation)].params
    values: list[Any] = [None] * len(params)
    if found.query:
        sent = {k.lower(): v for k, v in parse_qsl(query_string, keep_blank_values=True)}
        for i, (name, param) in enumerate(zip(found.query, params, strict=False)):
            if (text := sent.get(name.lower())) is not None:
                values[i] = query_value(param, text, name)
    if found.body == "value":
        values[0] = codec.value_reader(params[0].type, params[0].array)(payload, params[0].name)
    elif found.body == "request" and payload is not None:
        if not isinstance(payload, dict):
            raise codec.ShapeError(f"the body: expected an object with {', '.join(found.props)}")
        given = {k.lower(): v for k, v in payload.items()}
        for i, (prop, param) in enumerate(zip(found.props, params, strict=False)):
            if prop.lower() in given:
                values[i] = codec.value_reader(param.type, param.array)(given[prop.lower()], prop)
    return tuple(values)


def describe(found: AgentRoute, address: str) -> dict[str, Any]:
    """What `GET` on an Agents path answers: the operation, its parameters and where they go."""
    op = cat.OPERATIONS[(found.agent, found.operation)]
    where = "query" if found.query else "body" if found.body else None
    return {"Url": address, "Method": "POST", "Agent": found.agent, "Operation": found.operation,
            "Parameters": [{"Name": q, "Type": p.type, "In": where}
                           for q, p in zip(found.query or found.props or [p.name for p in op.params],
                                           op.params, strict=False)],
            "Returns": found.result}
