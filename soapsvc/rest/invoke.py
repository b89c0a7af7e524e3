"""One REST call of an operation: credentials to ticket, the same `run` as SOAP, the result as JSON.

The behaviour, the unit of work, the retry on a lost write race and a fault rule's injected error are the
SOAP path's own (`soapsvc.soap.operation.run`): a REST call and a SOAP call of the same operation do the
same thing to the same store.
"""

from __future__ import annotations

from typing import Any

from soapsvc.call import Call
from soapsvc.config import settings
from soapsvc.contract import catalogue as cat
from soapsvc.errors import NetServerError, SecurityError
from soapsvc.rest import auth, codec
from soapsvc.soap.operation import ADMISSION_KEY, INJECTED_KEY, OPERATION_KEY, USER_KEY, WITHOUT_TICKET, run

NO_CONTENT = object()  # a void operation's answer: HTTP 204
RAW_KEY = "soapsvc.rest.raw"  # the behaviour's own answer and its contract field, for an XML answer


def _call(environ: dict[str, Any], tenant: str, agent: str, operation: str, ticket: str | None) -> Call:
    return Call(tenant=tenant, agent=agent, operation=operation, ticket=ticket,
                application_token=environ.get("HTTP_SO_APPTOKEN"),
                timezone=environ.get("HTTP_SO_TIMEZONE"), auto_create_tenants=settings().auto_create_tenants)


def _authenticate(operation: str, tenant: str, args: tuple[Any, ...]) -> Any:
    return run(Call(tenant=tenant, agent="SoPrincipal", operation=operation,
                    auto_create_tenants=settings().auto_create_tenants), args)


def operation(environ: dict[str, Any], tenant: str, agent: str, name: str, args: tuple[Any, ...]) -> Any:
    """Run `agent.name` with `args` for this request; the behaviour's result (errors raised)."""
    environ[OPERATION_KEY] = name
    injected: NetServerError | None = environ.get(INJECTED_KEY)
    ticket = None if (agent, name) in WITHOUT_TICKET else auth.ticket(environ, tenant, _authenticate)
    call = _call(environ, tenant, agent, name, ticket)
    try:
        result = run(call, args, injected, environ.get(ADMISSION_KEY))
    except SecurityError:
        if ticket is None or not auth.forget(environ, tenant):
            raise
        call = _call(environ, tenant, agent, name, auth.ticket(environ, tenant, _authenticate))
        result = run(call, args, injected)
    if call.session is not None:
        environ[USER_KEY] = call.session.principal.name
    return result


def answer(agent: str, name: str, result: Any, environ: dict[str, Any]) -> Any:
    """The operation's result as NetServer's JSON: its one value, an object of several, or no content
    (and, for an answer of one value, that value kept in `environ` for an XML answer)."""
    returns = cat.OPERATIONS[(agent, name)].returns
    if not returns:
        return NO_CONTENT
    if len(returns) == 1:
        environ[RAW_KEY] = (result, returns[0])
        return codec.value_writer(returns[0].type, returns[0].array)(result)
    values = result if isinstance(result, list | tuple) else (result,) * len(returns)
    return {r.name: codec.value_writer(r.type, r.array)(v) for r, v in zip(returns, values, strict=False)}
