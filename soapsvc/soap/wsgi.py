"""The WSGI front: tenant and agent from the URL, WSDL requests, input checks, then the agent's Spyne app.

URLs are NetServer's: `/<CustId>/Remote/Services88/<Agent>.svc` (and `/Remote/Services88/<Agent>.svc` for
the default tenant). Input that is not a SOAP request NetServer would accept is refused here with a SOAP
1.1 fault before any parsing: bodies over the size limit and any DOCTYPE (no entity expansion, no XXE).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from functools import cache
from html import escape
from typing import Any

from spyne.server.wsgi import WsgiApplication

from soapsvc.config import Settings
from soapsvc.ns import SOAP_ENV
from soapsvc.soap.app import agents, application
from soapsvc.soap.operation import TENANT_KEY
from soapsvc.soap.wsdl import document

StartResponse = Callable[..., Any]
PATH = re.compile(r"^/(?:(?P<tenant>[A-Za-z0-9_-]+)/)?Remote/Services88/(?P<agent>[A-Za-z0-9]+)\.svc/?$", re.I)
DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
AGENT_BY_LOWER = {a.lower(): a for a in agents()}


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


@cache
def spyne_app(agent: str, max_body: int) -> WsgiApplication:
    return WsgiApplication(application(agent), max_content_length=max_body)


class Router:
    """The WSGI application soapsvc serves (gunicorn's entry point is `soapsvc.server:app`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def prepare(self) -> None:
        """Build every agent's Spyne application now rather than on its first request."""
        for agent in agents():
            spyne_app(agent, self.settings.max_body_bytes)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        match = PATH.match(environ.get("PATH_INFO", ""))
        agent = match and AGENT_BY_LOWER.get(match["agent"].lower())
        if not agent:
            return plain(start_response, "404 Not Found", "No NetServer agent at this address. Agents are at "
                         "/<CustId>/Remote/Services88/<Agent>.svc, e.g. /Remote/Services88/SoPrincipal.svc\n")
        tenant = match["tenant"] or self.settings.default_tenant
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "GET":
            return self.get(environ, start_response, agent)
        if method != "POST":
            return plain(start_response, "405 Method Not Allowed", "POST a SOAP 1.1 envelope, or GET ?wsdl\n")
        return self.post(environ, start_response, agent, tenant)

    def get(self, environ: dict[str, Any], start_response: StartResponse, agent: str) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "").split("&")[0].split("=")[0].lower()
        address = _address(environ)
        if query in ("wsdl", "singlewsdl"):
            body = document(agent, address)
            start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        page = (f"<html><head><title>{agent} Service</title></head><body><h1>{agent} Service</h1>"
                f'<p>WSDL: <a href="{escape(address)}?wsdl">{escape(address)}?wsdl</a></p>'
                f"<pre>svcutil.exe {escape(address)}?wsdl</pre></body></html>")
        return plain(start_response, "200 OK", page, "text/html")

    def post(self, environ: dict[str, Any], start_response: StartResponse, agent: str, tenant: str
             ) -> Iterable[bytes]:
        limit = self.settings.max_body_bytes
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return fault(start_response, "Client", "Content-Length is not a number.")
        if declared > limit:
            _discard(environ["wsgi.input"], declared)
            return fault(start_response, "Client.RequestTooLong",
                         f"The request body is {declared} bytes; the limit is {limit} (SOAPSVC_MAX_BODY_BYTES).")
        body = environ["wsgi.input"].read(declared) if declared else environ["wsgi.input"].read(limit + 1)
        if len(body) > limit:
            return fault(start_response, "Client.RequestTooLong",
                         f"The request body is over the limit of {limit} bytes (SOAPSVC_MAX_BODY_BYTES).")
        if DOCTYPE.search(body):
            return fault(start_response, "Client.DtdNotAllowed",
                         "DTDs are not allowed in SOAP messages: remove the DOCTYPE declaration.")
        if not body.strip():
            return fault(start_response, "Client", "The request has no body: POST a SOAP 1.1 envelope.")
        inner = dict(environ)
        inner.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)), TENANT_KEY: tenant})
        return spyne_app(agent, limit)(inner, start_response)


DRAIN_CAP = 64 * 1024 * 1024


def _discard(stream: Any, length: int) -> None:
    """Read and drop an oversize body (never kept, never parsed) so the client can read the fault.

    Up to DRAIN_CAP; past that the connection is closed, as a client sending that much is not listening.
    """
    left = min(length, DRAIN_CAP)
    while left > 0:
        chunk = stream.read(min(left, 65536))
        if not chunk:
            return
        left -= len(chunk)


def _address(environ: dict[str, Any]) -> str:
    scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT')}"
    return f"{scheme}://{host}{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
