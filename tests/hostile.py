"""What the hostile-input and security tests share: raw HTTP (so a test sends exactly the bytes it means),
SOAP envelopes, faults read back, and the normal calls that prove the server still answers."""

from __future__ import annotations

import base64
import http.client
import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from soapsvc.ns import SOAP_ENV, TNS

XSI = "http://www.w3.org/2001/XMLSchema-instance"
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
SP = "/Remote/Services88/SoPrincipal.svc"
BASIC = {"Authorization": "Basic " + base64.b64encode(b"ADMIN:admin").decode()}


def envelope(inner: str, header: str = "") -> str:
    return (f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:xsi="{XSI}"><s:Header>{header}</s:Header>'
            f"<s:Body>{inner}</s:Body></s:Envelope>")


def call(operation: str, body: str = "", header: str = "", attrs: str = "") -> str:
    return envelope(f'<{operation} xmlns="{TNS}"{attrs}>{body}</{operation}>', header)


def credentials(ticket: str) -> str:
    return f'<Credentials xmlns="{TNS}"><Ticket>{ticket}</Ticket></Credentials>'


def send(base: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
         chunked: bool = False, declared: int = 0) -> tuple[int, bytes]:
    """One request on a connection of its own; (status, body). `declared`: a Content-Length to claim."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    try:
        if chunked or declared:
            conn.putrequest(method, path)
            for k, v in (headers or {}).items():
                conn.putheader(k, v)
            conn.putheader(*(("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(declared))))
            conn.endheaders()
        if declared:
            conn.send(body)  # the first bytes only: the answer comes before the rest would
        elif chunked:
            for i in range(0, len(body), 65536):
                piece = body[i:i + 65536]
                conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            conn.send(b"0\r\n\r\n")
        else:
            conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def soap(base: str, path: str, body: bytes, headers: dict[str, str] | None = None, chunked: bool = False
         ) -> tuple[int, bytes]:
    return send(base, "POST", path, body, {"Content-Type": "text/xml; charset=utf-8", **(headers or {})}, chunked)


def fault_of(body: bytes) -> tuple[str, str]:
    """The faultcode and faultstring of a SOAP 1.1 fault (fails when the answer is none)."""
    doc = etree.fromstring(body)
    fault = doc.find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert fault is not None, body[:500]
    return fault.findtext("faultcode"), fault.findtext("faultstring")


def header_of(body: bytes, name: str) -> str | None:
    found = etree.fromstring(body).find(f"{{{SOAP_ENV}}}Header/{{{TNS}}}{name}")
    return None if found is None else "".join(found.itertext())


def soap_ticket(base: str, tenant: str, user: str = "ADMIN", password: str = "admin") -> str:
    body = call("AuthenticateUsernamePassword", f"<UserName>{user}</UserName><Password>{password}</Password>")
    status, answer = soap(base, f"/{tenant}{SP}" if tenant else SP, body.encode())
    found = re.search(rb"<(?:\w+:)?Ticket>([^<]+)<", answer)
    assert status == 200 and found, answer[:500]
    return found[1].decode()


def still_answers(base: str) -> None:
    """A normal SOAP call and a normal REST call succeed (the hostile one before left the server well)."""
    status, answer = soap(base, SP, call("GetSystemInfo").encode())
    assert status == 200 and header_of(answer, "Succeeded") == "true", answer[:500]
    status, answer = send(base, "GET", "/HostileOk/api/v1/Contact/1", headers={"Accept": "application/json",
                                                                                **BASIC})
    assert status == 200 and b'"ContactId": 1' in answer, answer[:500]


def rest_error(body: bytes) -> dict[str, Any]:
    """NetServer's error JSON of a REST answer, checked for its shape."""
    import json

    doc = json.loads(body)
    assert doc["Error"] is True and doc["ErrorType"] and doc["ErrorMessage"], doc
    return doc
