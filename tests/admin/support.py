"""What the admin tests share: soapsvc's WSGI app in this process, and raw HTTP to a running server."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest

from soapsvc.config import Settings
from soapsvc.ns import SOAP_ENV, TNS
from soapsvc.soap.wsgi import Router


def envelope(operation: str, inner: str = "", ticket: str | None = None) -> bytes:
    header = f'<Credentials xmlns="{TNS}"><Ticket>{ticket}</Ticket></Credentials>' if ticket else ""
    return (f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Header>{header}</s:Header><s:Body>'
            f'<{operation} xmlns="{TNS}">{inner}</{operation}></s:Body></s:Envelope>').encode()


def http(method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request, whatever the status."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def soap(address: str, operation: str, inner: str = "", ticket: str | None = None) -> tuple[int, bytes]:
    status, _headers, body = http("POST", address, envelope(operation, inner, ticket),
                                  {"Content-Type": "text/xml; charset=utf-8"})
    return status, body


class InProcess:
    """soapsvc's Router in this process on a database of its own, with the settings a test gives."""

    def __init__(self, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, **settings: Any) -> None:
        monkeypatch.setenv("SOAPSVC_DATABASE_URL", f"sqlite:///{tmp_path / 'soapsvc.sqlite3'}")
        self.router = Router(Settings(**settings))
        self.tenant = "InProc" + uuid.uuid4().hex[:10]  # the session cache knows tenants by name: a new one

    def request(self, method: str, path: str, body: bytes = b"", remote: str = "127.0.0.1",
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        path, _, query = path.partition("?")
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "REMOTE_ADDR": remote,
                   "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "text/xml; charset=utf-8",
                   "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
                   "HTTP_HOST": "localhost", "SERVER_NAME": "localhost", "SERVER_PORT": "80"}
        environ.update({"HTTP_" + k.upper().replace("-", "_"): v for k, v in (headers or {}).items()})
        status: list[str] = []
        body_out = b"".join(self.router(environ, lambda s, _h, _e=None: status.append(s)))
        return int(status[0].split()[0]), body_out

    def api(self, method: str, path: str, payload: Any = None, **kw: Any) -> tuple[int, Any]:
        data = b"" if payload is None else json.dumps(payload).encode()
        status, body = self.request(method, f"/_soapsvc/api{path}", data, **kw)
        return status, json.loads(body)

    def soap(self, agent: str, operation: str, inner: str = "", ticket: str | None = None) -> bytes:
        return self.request("POST", f"/{self.tenant}/Remote/Services88/{agent}.svc",
                            envelope(operation, inner, ticket))[1]

    def login(self) -> str:
        answer = self.soap("SoPrincipal", "AuthenticateUsernamePassword",
                           "<UserName>ADMIN</UserName><Password>admin</Password>")
        return answer.split(b"Ticket>")[1].split(b"<")[0].decode()
