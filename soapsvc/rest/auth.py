"""REST credentials as NetServer takes them, turned into the ticket every behaviour checks.

`Authorization: SOTicket 7T:...` is the ticket itself; `Bearer 8A:...` (an access token `soapsvc token`
mints) and `Basic user:password` are exchanged for a ticket through SoPrincipal's own authentication
(AuthenticateWithAccessToken, AuthenticateUsernamePassword), once per process and credential: later calls
reuse the ticket until it stops working, then authenticate again (`forget`). `Basic 7T:...` (a ticket
where a password would be, which the Swagger allows) is a ticket too. `SO-AppToken` is the application
token. No usable credentials: 401.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from soapsvc.rest.errors import RestError

Authenticate = Callable[[str, str, tuple[Any, ...]], Any]
_tickets: dict[tuple[str, str], str] = {}
CACHE_SIZE = 1000


def _refused(message: str) -> RestError:
    return RestError(401, "SoSecurityException", message + " Send `Authorization: SOTicket 7T:...` (the "
                     "ticket SoPrincipal gave), `Bearer 8A:...` (an access token) or `Basic` user:password.")


def header(environ: dict[str, Any]) -> str:
    return (environ.get("HTTP_AUTHORIZATION") or "").strip()


def _scheme(value: str) -> tuple[str, str, str | None]:
    """The scheme, the rest, and the ticket when the header is one itself."""
    scheme, _, rest = value.partition(" ")
    scheme, rest = scheme.lower(), rest.strip()
    return scheme, rest, rest if scheme == "soticket" or (scheme == "basic" and rest.startswith("7T:")) else None


def known(environ: dict[str, Any], tenant: str) -> str | None:
    """The ticket of this request when it needs no authentication to find (the admission reads it)."""
    value = header(environ)
    return _scheme(value)[2] or _tickets.get((tenant, value))


def ticket(environ: dict[str, Any], tenant: str, authenticate: Authenticate) -> str:
    """The ticket for this request; `authenticate(operation, tenant, args)` runs a SoPrincipal operation."""
    value = header(environ)
    if not value:
        raise _refused("The request has no credentials.")
    scheme, rest, itself = _scheme(value)
    if itself is not None:
        return itself
    if (found := _tickets.get((tenant, value))) is not None:
        return found
    if scheme == "bearer":
        answer = authenticate("AuthenticateWithAccessToken", tenant, (rest,))
    elif scheme == "basic":
        user, password = _basic(rest)
        answer = authenticate("AuthenticateUsernamePassword", tenant, (user, password))
    else:
        raise _refused(f"The Authorization scheme {scheme!r} is not one NetServer takes.")
    issued = getattr(getattr(answer, "Credentials", None), "Ticket", None)
    if not issued:
        raise _refused("The credentials were not accepted (unknown user, wrong password or token).")
    if len(_tickets) >= CACHE_SIZE:
        _tickets.clear()
    _tickets[(tenant, value)] = issued
    return issued


def forget(environ: dict[str, Any], tenant: str) -> bool:
    """Drop the ticket these credentials were exchanged for; True when there was one to drop."""
    return _tickets.pop((tenant, header(environ)), None) is not None


def _basic(value: str) -> tuple[str, str]:
    try:
        user, sep, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise _refused("The Basic credentials are not base64 of user:password.") from None
    if not sep:
        raise _refused("The Basic credentials have no ':' between user and password.")
    return user, password
