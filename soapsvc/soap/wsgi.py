"""The WSGI front: tenant and agent from the URL, WSDL requests, input checks, then the agent's Spyne app.

URLs are NetServer's: `/<CustId>/Remote/Services88/<Agent>.svc` (and `/Remote/Services88/<Agent>.svc` for
the default tenant); `Services84` to `Services87` serve the older contracts (`soapsvc.soap.older`). Input
that is not a SOAP request NetServer would accept is refused here with a SOAP 1.1 fault before any
parsing: bodies over the size limit, encodings WCF does not read (`guard.normalised`, which hands on
UTF-8) and any DOCTYPE (no entity expansion, no XXE); what parsing finds is refused by `guard.Guarded`.
An exception that escapes Spyne is answered with a fault too, never with gunicorn's HTML page.
`/` and `/_soapsvc/...` are the admin API and pages (`soapsvc.admin`); every call that reaches an agent
goes through its admission (one statement: the ticket, the versions, whether a fault rule waits; the
rules' own transaction only when one does), the tenant's fault rules and into the journal here, where the
HTTP answer is whole.
"""

from __future__ import annotations

import gc
import io
import logging
import re
from collections.abc import Iterable
from functools import cache, partial
from typing import Any

from spyne.server.wsgi import WsgiApplication

from soapsvc import agents as behaviours
from soapsvc import session
from soapsvc.admin import faults, journal, pages
from soapsvc.admin import front as admin
from soapsvc.config import Settings
from soapsvc.ns import SOAP_ENV, TNS
from soapsvc.rest import app as rest_app
from soapsvc.soap import fast, older, replay
from soapsvc.soap.answers import fault, fault_app, injected, plain, request_address
from soapsvc.soap.app import agents, application
from soapsvc.soap.guard import RefusedError, normalised
from soapsvc.soap.operation import ADMISSION_KEY, TENANT_KEY
from soapsvc.soap.whole import StartResponse, WsgiApp, whole_answer
from soapsvc.soap.wsdl import document

log = logging.getLogger(__name__)
PATH = re.compile(r"^/(?:(?P<tenant>[A-Za-z0-9_-]{1,64})/)?Remote/Services(?P<version>8[4-8])/"
                  r"(?P<agent>[A-Za-z0-9]+)\.svc/?$", re.I)
DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
AGENT_BY_LOWER = {a.lower(): a for a in agents()}
TENANT_PATH = re.compile(r"^/(?P<tenant>[^/]*)/(?:Remote|api)(?:/|$)", re.I)


@cache
def spyne_app(agent: str, max_body: int) -> WsgiApp:
    return _safe(WsgiApplication(application(agent), max_content_length=max_body))


@cache
def fast_app(agent: str, max_body: int) -> WsgiApp:
    """The agent's Services88 app: `soap.fast`'s path, Spyne's for what it leaves (`SOAPSVC_FAST=off`: Spyne's),
    Spyne's built when it first gets a request."""
    return _safe(fast.front(agent, lambda environ, start: spyne_app(agent, max_body)(environ, start)))


def _safe(app: WsgiApp) -> WsgiApp:
    """`app`, with an exception that escapes it answered as a SOAP fault (and logged) rather than by gunicorn."""

    def answer(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, headers, exc_info, body = whole_answer(app, environ)
        except Exception:
            log.exception("Spyne failed on a request to %s", environ.get("PATH_INFO"))
            return fault(start_response, "Server", "soapsvc failed to read this request (a bug: its log says "
                         "why); a SOAP 1.1 envelope with one operation element in its Body is what it reads.")
        start_response(status, headers, exc_info)
        return [body]

    return answer


def not_found(start_response: StartResponse, path: str) -> list[bytes]:
    """404, saying what is wrong with the address: its CustId, else no agent there."""
    tenant = TENANT_PATH.match(path)
    if tenant and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", tenant["tenant"]):
        return plain(start_response, "404 Not Found", f"{tenant['tenant'][:80]!r} is not a CustId: a CustId is 1 to "
                     "64 letters, digits, '-' or '_' (e.g. Cust12345), as in /<CustId>/Remote/Services88/<Agent>.svc "
                     "and /<CustId>/api/v1/...\n")
    return plain(start_response, "404 Not Found", "No NetServer agent at this address. Agents are at "
                 "/<CustId>/Remote/Services88/<Agent>.svc, e.g. /Remote/Services88/SoPrincipal.svc\n")


class Router:
    """The WSGI application soapsvc serves (gunicorn's entry point is `soapsvc.server:app`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def prepare(self) -> None:
        """Make every agent's fast path now rather than on its first request, and import every behaviour module
        (`agents.load`): the first call after start is then as fast as the next ones. Spyne's Applications
        (about 0.8 s for all 60) are built when first needed: a WSDL not yet on disk, a request the fast path
        leaves to Spyne, an older contract, `SOAPSVC_FAST=off`."""
        for agent in agents():
            fast.agent_plan(agent)
        behaviours.load()
        gc.freeze()  # the contract lives as long as the process: later collections need not walk it

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/" or path == admin.PREFIX or path.startswith(admin.PREFIX + "/"):
            return admin.handle(environ, start_response, self.settings)
        if rest := rest_app.match(path):
            return rest_app.handle(environ, start_response, self.settings,
                                   rest["tenant"] or self.settings.default_tenant, rest["rest"] or "")
        match = PATH.match(path)
        agent = match and AGENT_BY_LOWER.get(match["agent"].lower())
        version = int(match["version"]) if match else older.CURRENT
        if not agent or not older.serves(version, agent):
            return not_found(start_response, path)
        tenant = match["tenant"] or self.settings.default_tenant
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "GET":
            return self.get(environ, start_response, agent, tenant, version)
        if method != "POST":
            return plain(start_response, "405 Method Not Allowed", "POST a SOAP 1.1 envelope, or GET ?wsdl\n")
        return self.post(environ, start_response, agent, tenant, version)

    def get(self, environ: dict[str, Any], start_response: StartResponse, agent: str, tenant: str,
            version: int = older.CURRENT) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "").split("&")[0].split("=")[0].lower()
        address = request_address(environ)
        if query in ("wsdl", "singlewsdl"):
            body = document(agent, address) if version == older.CURRENT else older.document(version, agent, address)
            start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return plain(start_response, "200 OK", pages.service_page(agent, address, tenant), "text/html")

    def post(self, environ: dict[str, Any], start_response: StartResponse, agent: str, tenant: str,
             version: int = older.CURRENT) -> Iterable[bytes]:
        limit = self.settings.max_body_bytes
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return fault(start_response, "Client", "Content-Length is not a number.")
        if declared > limit:
            _discard(environ["wsgi.input"], declared)
            return fault(start_response, "Client.RequestTooLong",
                         f"The request body is {declared} bytes; the limit is {limit}: send less, or raise "
                         "SOAPSVC_MAX_BODY_BYTES.")
        body = environ["wsgi.input"].read(declared) if declared else environ["wsgi.input"].read(limit + 1)
        if len(body) > limit:
            return fault(start_response, "Client.RequestTooLong",
                         f"The request body is over the limit of {limit} bytes: send less, or raise "
                         "SOAPSVC_MAX_BODY_BYTES.")
        refused = None
        try:
            body = normalised(body, environ.get("CONTENT_TYPE") or "")
        except RefusedError as exc:
            refused = exc
        inner = dict(environ)
        inner.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)), TENANT_KEY: tenant,
                      "CONTENT_TYPE": "text/xml; charset=utf-8"})
        operation, rule, label = faults.operation_of(body), None, ""
        if version != older.CURRENT:
            app = older.versioned(spyne_app(agent, limit), version, agent)
        else:
            app = fast_app(agent, limit) if fast.enabled() else spyne_app(agent, limit)
        if refused:
            app = partial(fault_app, refused.code, refused.message)
        elif DOCTYPE.search(body):
            app = partial(fault_app, "Client.DtdNotAllowed",
                          "DTDs are not allowed in SOAP messages: remove the DOCTYPE declaration.")
        elif not body.strip():
            app = partial(fault_app, "Client", "The request has no body: POST a SOAP 1.1 envelope.")
        elif not_xml(body):
            app = partial(fault_app, "Client.NotXml", NOT_XML)
        else:
            inner[ADMISSION_KEY] = admitted = session.admit(tenant, replay.ticket_of(body), agent, operation)
            if admitted.fault_rules:
                rule = faults.take(tenant, agent, operation)
            elif kept := replay.answer(tenant, agent, operation, body, admitted):
                app, label = kept, replay.REPLAYED
            if rule is None and not label:
                app = replay.remembered(tenant, agent, operation, body, app)
        if rule:
            label = f"[fault rule {rule['id']}: {rule['kind']}]"
        return journal.recorded(injected(rule, app) if rule else app, inner, start_response, tenant, agent,
                                operation, body, self.settings, label)


NOT_XML = ("The request body is not XML. POST a SOAP 1.1 envelope with Content-Type text/xml, e.g. "
           f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body><GetSystemInfo xmlns="{TNS}"/></s:Body></s:Envelope>; '
           "for JSON use the REST API at /<CustId>/api/v1/ (GET /api/v1 lists its routes).")
_UTF16 = (b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")


def not_xml(body: bytes) -> bool:
    """Whether a body cannot be XML: its first character, past white space and a UTF-8 BOM, is not `<`
    (UTF-16, with a BOM or without, is left to the parser)."""
    start = body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
    return not start.startswith(b"<") and not start.startswith(_UTF16)


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
