"""Answers the HTTP front gives without an agent: protocol faults, plain text, and fault rules' answers.

Shared by the SOAP front (`soapsvc.soap.wsgi`) and the REST front (`soapsvc.rest.app`), so that a fault
rule does the same to a call whichever protocol made it.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterable
from html import escape
from http.client import responses
from typing import Any

from soapsvc.admin import faults, journal
from soapsvc.ns import SOAP_ENV
from soapsvc.soap.operation import INJECTED_KEY
from soapsvc.soap.whole import StartResponse, WsgiApp


def fault(start_response: StartResponse, code: str, message: str, status: str = "500 Internal Server Error"
          ) -> list[bytes]:
    """A SOAP 1.1 Fault for protocol errors: what NetServer's WCF host answers to a broken request."""
    body = (
        f'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{SOAP_ENV}"><s:Body><s:Fault>'
        f"<faultcode>s:{escape(code)}</faultcode><faultstring xml:lang=\"en-US\">{escape(message)}</faultstring>"
        "</s:Fault></s:Body></s:Envelope>"
    ).encode()
    start_response(status, [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def plain(start_response: StartResponse, status: str, text: str, ctype: str = "text/plain") -> list[bytes]:
    body = text.encode()
    start_response(status, [("Content-Type", f"{ctype}; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def fault_app(code: str, message: str, _environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    return fault(start_response, code, message)


def injected(rule: dict[str, Any], app: WsgiApp, fault_answer: Callable[..., list[bytes]] | None = None
             ) -> WsgiApp:
    """What a fault rule answers in place of (or, for an error or a delay, around) the agent; a rule of
    kind fault is answered by `fault_answer(start_response, code, message)` (a SOAP fault by default)."""

    def answer(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if rule["delay"]:
            time.sleep(rule["delay"])
        kind = rule["kind"]
        if kind == "error":
            environ[INJECTED_KEY] = faults.InjectedError(rule["code"], rule["message"])
        elif kind == "fault":
            return (fault_answer or fault)(start_response, rule["code"], rule["message"])
        elif kind == "http":
            status = rule["status"]
            return plain(start_response, f"{status} {responses.get(status, 'Injected')}", rule["message"] + "\n")
        elif kind == "drop":
            return _drop(environ, start_response)
        return app(environ, start_response)

    return answer


def _drop(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    """Close the client's connection with no answer (gunicorn gives its socket; it ignores the broken pipe)."""
    sock = environ.get("gunicorn.socket")
    if sock is None:
        return plain(start_response, "500 Internal Server Error", "This server gives soapsvc no access to the "
                     "connection, so a fault rule of kind drop cannot close it: serve soapsvc with gunicorn.\n")
    environ[journal.DROPPED_KEY] = True
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    start_response("500 Internal Server Error", [("Content-Length", "0")])
    return []


def request_address(environ: dict[str, Any]) -> str:
    """The address the client asked for (behind a proxy: its X-Forwarded-Proto), as answers repeat it."""
    scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT')}"
    return f"{scheme}://{host}{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
