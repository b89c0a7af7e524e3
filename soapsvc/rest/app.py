"""The REST front: `/<CustId>/api/...` (and `/api/...` for the default tenant), as NetServer serves it.

- `GET /api`: the version document; `GET /api/v1`: every route with its methods;
- `GET /api/swagger`: the Swagger documents, `/api/swagger/<Name>.json` one of them with this tenant's
  host and base path, for OpenAPI generators;
- `/api/v1/Agents/<Agent>/<Operation>`: the Agents API (`agents_api`); everything else under `/api/v1`:
  the WebAPI (`webapi`).
Every call of an operation starts with the admission statement SOAP's do (`session.admit`: the ticket
its credentials name, the versions, whether a fault rule waits), goes through the tenant's fault rules
and into the request journal as a SOAP call does (the journal's outcome names the method and path).
Errors are NetServer's error JSON (`soapsvc.rest.errors`): nothing here answers a traceback.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from soapsvc import __version__, session
from soapsvc.admin import faults, journal
from soapsvc.config import Settings
from soapsvc.contract.rest import AGENT_ROUTES, WEB_ROUTES
from soapsvc.errors import NetServerError
from soapsvc.rest import agents_api, auth, codec, errors, webapi, xml
from soapsvc.rest.codec import WITH_OFFSET
from soapsvc.rest.errors import RestError
from soapsvc.rest.invoke import NO_CONTENT, RAW_KEY, answer, operation
from soapsvc.soap.answers import injected, request_address
from soapsvc.soap.operation import ADMISSION_KEY
from soapsvc.soap.whole import StartResponse

log = logging.getLogger(__name__)
PATH = re.compile(r"^/(?:(?P<tenant>[A-Za-z0-9_-]{1,64})/)?api(?P<rest>/.*)?$", re.I)
AGENTS = re.compile(r"^/v1/Agents/(?P<agent>[^/]+)/(?P<operation>[^/]+)/?$", re.I)
OPENAPI = Path(__file__).resolve().parents[2] / "wsdl" / "reference" / "openapi"
JSON = "application/json; charset=utf-8"
Work = Callable[[dict[str, Any]], tuple[int, Any]]


def match(path: str) -> re.Match[str] | None:
    return PATH.match(path)


def send(start_response: StartResponse, status: int, payload: Any, raw: bytes | None = None) -> list[bytes]:
    """A JSON answer (`raw` when the body is already JSON); 204 has no body."""
    if status == 204:
        start_response(errors.status_line(204), [("Content-Length", "0")])
        return []
    body = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
    headers = [("Content-Type", JSON), ("Content-Length", str(len(body)))]
    if status == 401:
        headers.append(("WWW-Authenticate", 'SOTicket realm="NetServer", Basic realm="NetServer"'))
    start_response(errors.status_line(status), headers)
    return [body]


def failed(start_response: StartResponse, error: Exception) -> list[bytes]:
    status, body = errors.of(error)
    return send(start_response, status, None, body)


def _json_fault(start_response: StartResponse, code: str, message: str) -> list[bytes]:
    """A fault rule of kind fault, on a REST call: NetServer's error JSON with status 500."""
    return send(start_response, 500, None, errors.body(code, message))


class Rest:
    """One request under `/api`: read, routed, run with the tenant's fault rules, journalled."""

    def __init__(self, environ: dict[str, Any], settings: Settings, tenant: str, rest: str) -> None:
        self.environ, self.settings, self.tenant, self.rest = environ, settings, tenant, rest or ""
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.query = environ.get("QUERY_STRING", "")
        self.body = b""
        self._payload: Any = ...

    def address(self) -> str:
        return request_address(self.environ)

    def base(self) -> str:
        address = self.address()
        return address[: len(address) - len(self.rest)]

    def payload(self) -> Any:
        """The body as JSON (None when empty), decoded once."""
        if self._payload is ...:
            text = self.body.strip()
            try:
                self._payload = json.loads(text) if text else None
            except (ValueError, UnicodeDecodeError) as exc:
                raise RestError(400, "ArgumentException", f"The body is not JSON: {exc}.") from None
            except RecursionError:
                raise RestError(400, "ArgumentException", "The body's JSON is nested too deeply: NetServer's "
                                "carriers nest a few levels; send the carrier's JSON as GET answers it.") from None
        return self._payload

    def read_body(self) -> None:
        limit = self.settings.max_body_bytes
        try:
            declared = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise RestError(400, "ArgumentException", "Content-Length is not a number.") from None
        if declared > limit:
            raise RestError(413, "ArgumentException", f"The request body is {declared} bytes; the limit is "
                            f"{limit} (SOAPSVC_MAX_BODY_BYTES).")
        stream = self.environ["wsgi.input"]
        self.body = stream.read(declared) if declared else stream.read(limit + 1) if self.method != "GET" else b""
        if len(self.body) > limit:
            raise RestError(413, "ArgumentException", f"The request body is over the limit of {limit} bytes.")

    def __call__(self, start_response: StartResponse) -> Iterable[bytes]:
        try:
            self.read_body()
            plain = self.documents()
            if plain is not None:
                return send(start_response, 200, plain)
            agent, name, work = self.target()
        except Exception as exc:  # every answer here is NetServer's error JSON, never a traceback
            if not isinstance(exc, RestError | codec.ShapeError):
                log.exception("REST %s %s", self.method, self.rest)
            return failed(start_response, _as_rest(exc))
        return self.served(start_response, agent, name, work)

    def documents(self) -> Any:
        """The answers that run no operation: version, routes, Swagger; None for anything else."""
        lower = self.rest.lower().rstrip("/")
        if self.method != "GET":
            return None
        if lower == "":
            return version(self.base())
        if lower == "/v1":
            return routes(self.base())
        if lower.startswith("/swagger"):
            return swagger(self.rest.rstrip("/")[len("/swagger"):].strip("/"), self.environ, self.base())
        return None

    def target(self) -> tuple[str, str, Work]:
        if m := AGENTS.match(self.rest):
            found = agents_api.route(m["agent"], m["operation"])
            if self.method == "GET":
                description = agents_api.describe(found, self.address())
                return found.agent, found.operation, lambda _env: (200, description)
            if self.method != "POST":
                raise RestError(405, "MethodNotAllowed", "The Agents API takes POST (GET describes the call).")
            return found.agent, found.operation, self.agent_work(found)
        route, values = webapi.find(self.method, self.rest)
        t = webapi.resolve(route, values, self.tenant, self.address(), self.query, self.payload)
        return t.agent, t.operation, t.work

    def agent_work(self, found: Any) -> Work:
        def work(environ: dict[str, Any]) -> tuple[int, Any]:
            args = agents_api.arguments(found, self.query, self.payload())
            result = answer(found.agent, found.operation,
                            operation(environ, self.tenant, found.agent, found.operation, args), environ)
            return (204, None) if result is NO_CONTENT else (200, result)

        return work

    def served(self, start_response: StartResponse, agent: str, name: str, work: Work) -> Iterable[bytes]:
        def app(environ: dict[str, Any], start: StartResponse) -> list[bytes]:
            token = WITH_OFFSET.set("includetzoffset" in (environ.get("HTTP_SO_TIMEZONE") or "").lower())
            try:
                status, payload = work(environ)
            except Exception as exc:
                if not isinstance(exc, RestError | codec.ShapeError) and not _expected(exc):
                    log.exception("REST %s %s", self.method, self.rest)
                return failed(start, _as_rest(exc))
            finally:
                WITH_OFFSET.reset(token)
            if status != 204 and xml.wants_xml(environ):
                return _xml_answer(start, status, environ.get(RAW_KEY))
            return send(start, status, payload)

        admitted = self.environ[ADMISSION_KEY] = session.admit(self.tenant, auth.known(self.environ, self.tenant),
                                                               agent, name)
        rule = faults.take(self.tenant, agent, name) if admitted.fault_rules else None
        label = f"REST {self.method} /api{self.rest}" + (f" [fault rule {rule['id']}: {rule['kind']}]" if rule else "")
        wrapped = injected(rule, app, _json_fault) if rule else app
        return journal.recorded(wrapped, self.environ, start_response, self.tenant, agent, name, self.body,
                                self.settings, label)


def _expected(exc: Exception) -> bool:
    return isinstance(exc, NetServerError)


def _as_rest(exc: Exception) -> Exception:
    if isinstance(exc, codec.ShapeError):
        return RestError(400, "ArgumentException", f"The request does not fit the contract: {exc}.")
    return exc


def _xml_answer(start_response: StartResponse, status: int, raw: tuple[Any, Any] | None) -> list[bytes]:
    """An operation's answer as XML; an answer that is not one carrier or value (an OData page, several
    results) is refused with 406, as soapsvc has no XML shape for it."""
    if raw is None:
        return failed(start_response, RestError(406, "NotAcceptable", "This answer is JSON only in soapsvc: "
                                                "send Accept: application/json."))
    body = xml.write(*raw)
    start_response(errors.status_line(status), [("Content-Type", "application/xml; charset=utf-8"),
                                                 ("Content-Length", str(len(body)))])
    return [body]


def version(base: str) -> dict[str, str]:
    """What `GET /api` answers (`web-services/endpoints/get-webapi-version.md`)."""
    from soapsvc.agents.soprincipal import NETSERVER_VERSION

    return {"v1": f"{base}/v1", "NetServerVersion": NETSERVER_VERSION, "NetServerAssembly": NETSERVER_VERSION,
            "NetServerDate": "", "NetServerLabel": f"soapsvc-{__version__}",
            "NetServer": f"soapsvc {__version__}, an emulator of SuperOffice NetServer",
            "Services": "Services88", "ServicesCurrent": "Services88", "Version": "v1"}


def routes(base: str) -> dict[str, dict[str, str]]:
    """What `GET /api/v1` answers: every route and, per method, what it does."""
    out: dict[str, dict[str, str]] = {}
    for key, r in AGENT_ROUTES.items():
        out[f"{base}/v1/Agents/{key}"] = {"POST": f"{r.agent}.{r.operation}"}
    for r in webapi.TABLE:
        route = r[1]
        what = f"{route.agent}.{route.operation}" if route.operation else route.operation_id
        out.setdefault(f"{base}{route.path.removeprefix('/api')}", {})[route.method] = what
    return out


@cache
def _swagger_names() -> dict[str, Path]:
    return {p.stem.removeprefix("Swagger-v1-").lower(): p for p in sorted(OPENAPI.glob("*/*.json"))}


def swagger(name: str, environ: dict[str, Any], base: str) -> Any:
    """The index of Swagger documents, or one of them with this tenant's host and base path."""
    names = _swagger_names()
    if not name:
        return {p.stem.removeprefix("Swagger-v1-"): f"{base}/swagger/{p.stem.removeprefix('Swagger-v1-')}.json"
                for p in names.values()}
    path = names.get(name.lower().removesuffix(".json"))
    if path is None:
        raise RestError(404, "NotFound", f"No Swagger document {name}: GET /api/swagger lists them.")
    doc = json.loads(path.read_text(encoding="utf-8-sig"))
    path_info = environ.get("PATH_INFO", "")
    doc["host"] = environ.get("HTTP_HOST") or doc.get("host")
    doc["basePath"] = environ.get("SCRIPT_NAME", "") + path_info[: path_info.lower().find("/api")] or "/"
    doc["schemes"] = [environ.get("wsgi.url_scheme", "http")]
    return doc


def handle(environ: dict[str, Any], start_response: StartResponse, settings: Settings, tenant: str,
           rest: str) -> Iterable[bytes]:
    return Rest(environ, settings, tenant, rest)(start_response)


__all__ = ["WEB_ROUTES", "handle", "match"]
