"""The one wrapper every generated operation calls: headers in, behaviour, headers out, errors translated.

Behaviour never sees Spyne's context: it gets a `Call` and the operation's parameters and returns the
operation's result. A `NetServerError` (or any unexpected exception) becomes what NetServer sends for a
failed call: HTTP 200, `Succeeded` false and an `ExceptionInfo` header; nothing is half-done because
behaviour raises before it returns.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from soapsvc import agents, session
from soapsvc.call import Call
from soapsvc.config import settings
from soapsvc.contract import types as t
from soapsvc.errors import NetServerError, NotImplementedInSoapsvcError, TicketMissingError
from soapsvc.store import webhooks
from soapsvc.store.db import ConflictError, database

log = logging.getLogger(__name__)
TENANT_KEY = "soapsvc.tenant"
# What the admin features (soapsvc.admin) read and write in the WSGI environ: an error a fault rule puts
# in place of the behaviour, and who called what, for the journal.
INJECTED_KEY, USER_KEY, OPERATION_KEY = "soapsvc.injected", "soapsvc.user", "soapsvc.operation"
# The versions a replayable read's answer was read at (soapsvc.soap.replay keeps the answer by them).
VERSIONS_KEY = "soapsvc.versions"
# The call's admission (`session.admit`), read by the front before the call: its ticket is not read again.
ADMISSION_KEY = "soapsvc.admission"
# The operations a caller uses before it has a ticket: the only ones that run without one.
WITHOUT_TICKET = {("SoPrincipal", op) for op in ("GetSystemInfo", "AuthenticateImplicit",
                  "AuthenticateUsernamePassword", "AuthenticateGeneric", "AuthenticateWithAccessToken")}


def _headers(ctx: Any) -> dict[str, Any]:
    names = [h.get_type_name() for h in ctx.service_class.__in_header__]
    values = ctx.in_header or ()
    if not isinstance(values, (list, tuple)):
        values = (values,)
    return dict(zip(names, values, strict=False))


def call_of(env: dict[str, Any], agent: str, operation: str, headers: dict[str, Any]) -> Call:
    """The behaviour's `Call` from the request's headers (by type name: Credentials, ApplicationToken, TimeZone)."""
    credentials = headers.get("Credentials")
    return Call(
        tenant=env.get(TENANT_KEY, ""),
        agent=agent,
        operation=operation,
        application_token=headers.get("ApplicationToken"),
        ticket=getattr(credentials, "Ticket", None),
        timezone=headers.get("TimeZone"),
        auto_create_tenants=settings().auto_create_tenants,
    )


def exception_info(error: Exception) -> Any:
    """NetServer's `SoExceptionInfo` for an error."""
    if isinstance(error, NetServerError):
        kind, message, friendly, params = error.exception_type, error.message, error.friendly, error.parameters
    else:
        kind, message, friendly, params = type(error).__name__, str(error) or kind_of(error), None, {}
    pair = t.SoExceptionInfoParametersSoExceptionInfoParametersKeyValuePair
    return t.SoExceptionInfo(
        Message=message,
        FriendlyText=friendly or message,
        ExceptionType=kind,
        Source="soapsvc",
        StackTrace="",
        Parameters=t.SoExceptionInfoParameters(
            SoExceptionInfoParametersKeyValuePair=[pair(Key=k, Value=v) for k, v in params.items()]
        ),
    )


def kind_of(error: Exception) -> str:
    return type(error).__name__


def _empty_result(ctx: Any) -> Any:
    """What a failed call returns in its body: nothing, shaped as the operation's response."""
    n_out = len(ctx.descriptor.out_message._type_info)
    if ctx.descriptor.body_style == "bare" or n_out <= 1:
        return None
    return (None,) * n_out


ATTEMPTS = 10


def run(call: Call, args: tuple[Any, ...], injected: NetServerError | None = None,
        admitted: session.Admitted | None = None) -> Any:
    """The behaviour in one transaction, run again (from the ticket check on) if it lost a write race;
    `injected` (a fault rule's error) is raised once the ticket is checked, in place of the behaviour.
    The ticket is checked on the state `admitted` read (the first attempt; a retry reads it again). A retry
    takes the write lock as it begins (`unit(write=True)`), so it cannot lose the same race again."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with database().unit(call.tenant, write=attempt > 1) as call.db:
                if (call.agent, call.operation) not in WITHOUT_TICKET:
                    if not call.ticket:
                        raise TicketMissingError(call.agent, call.operation)
                    call.session = session.authenticate(call.db, call.tenant, call.ticket, call.auto_create_tenants,
                                                        admitted if attempt == 1 else None)
                    call.db.info[webhooks.ACTOR] = call.session.principal.associate_id  # ChangedByAssociateId
                if injected is not None:
                    raise injected
                behaviour = agents.behaviour_of(call.agent, call.operation)
                if behaviour is None:
                    raise NotImplementedInSoapsvcError(call.agent, call.operation)
                return behaviour(call, *args)
        except ConflictError:
            if attempt == ATTEMPTS:
                raise
            time.sleep(random.uniform(0, 0.005 * 2**attempt))  # jittered: two writers stop meeting
    raise AssertionError("not reached")


def perform(env: dict[str, Any], call: Call, args: tuple[Any, ...]) -> tuple[Exception | None, Any, tuple[Any, ...]]:
    """Run the call (`run`, with the environ's injected error and admission) and note it in the environ for
    the journal and replay; its error (None when it succeeded), its result and the four response headers
    (ExceptionInfo, ExtraInfo, Succeeded, TimeZone). Shared by Spyne's path (`invoke`) and `soap.fast`."""
    error: Exception | None = None
    result = None
    try:
        result = run(call, args, env.get(INJECTED_KEY), env.get(ADMISSION_KEY))
    except NetServerError as exc:
        error = exc
    except Exception as exc:  # a bug in soapsvc: reported the NetServer way, logged with its traceback
        log.exception("%s.%s failed", call.agent, call.operation)
        error = exc
    env[OPERATION_KEY] = call.operation
    if call.session is not None:
        env[USER_KEY] = call.session.principal.name
        if error is None and agents.replayable(call.agent, call.operation):
            env[VERSIONS_KEY] = call.session.versions
    headers = (None if error is None else exception_info(error), None, error is None, call.timezone)
    return error, result, headers


def invoke(ctx: Any, agent: str, operation: str, *args: Any) -> Any:
    """Check the ticket, run the behaviour of `agent.operation` in one database transaction (committed
    when it returns, rolled back when it raises), and fill the four response headers."""
    env = ctx.transport.req_env
    error, result, ctx.out_header = perform(env, call_of(env, agent, operation, _headers(ctx)), args)
    return _empty_result(ctx) if error is not None else result
