"""The hostile-input corpus (issue 16): each input answered with a clear fault, then normal calls still answered.

SOAP: a SOAP 1.1 fault whose faultcode and faultstring say what is wrong and what to send; a request that
is a call after all (a nil wrapper, UTF-16) answered as NetServer does. REST: NetServer's error JSON.
What gunicorn refuses before soapsvc sees it (a request line over 4094 bytes, a Content-Length that is no
number) is its own 414 or 400. Every case runs on SQLite and on PostgreSQL (`any_server`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from soapsvc.ns import TNS
from tests.conftest import Server
from tests.hostile import (
    ARRAYS,
    BASIC,
    SP,
    call,
    credentials,
    envelope,
    fault_of,
    header_of,
    rest_error,
    send,
    soap,
    soap_ticket,
    still_answers,
)

CO, AP = "/Remote/Services88/Contact.svc", "/Remote/Services88/Appointment.svc"
OVER = 11 * 1024 * 1024  # past the default 10 MB limit
LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)) + "]>"
Body = Callable[[str], bytes]  # the request body, given a ticket of the tenant


@dataclass
class Case:
    name: str
    path: str
    body: Body
    status: int = 500
    code: str = ""  # the faultcode's end (SOAP) or ErrorType (REST); "" when the answer is not a fault
    words: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False
    declared: int = 0  # a Content-Length claimed, the body being its first bytes only


def text(s: str) -> Body:
    return lambda _ticket: s.encode()


def signed(operation: str, inner: str = "", attrs: str = "") -> Body:
    return lambda ticket: call(operation, inner, credentials(ticket), attrs).encode()


def get_contact(value: str) -> Body:
    return signed("GetContactEntity", f"<ContactEntityId>{value}</ContactEntityId>")


def sync(start: str) -> Body:
    return signed("GetMySyncAppointments", f"<StartTime>{start}</StartTime><EndTime>2030-01-01T00:00:00</EndTime>")


INFO = call("GetSystemInfo")
XXE = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>{call("GetSystemInfo", "&xxe;")}'
SOAP12 = f'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetSystemInfo xmlns="{TNS}"/>' \
         "</s:Body></s:Envelope>"
DTD = ("DtdNotAllowed", "DOCTYPE")

SOAP_CASES = [
    Case("xxe-file", SP, text(f'<?xml version="1.0"?>{XXE}'), 500, *DTD),
    Case("xxe-http", SP, text(f'<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>{INFO}'), 500, *DTD),
    Case("parameter-entity", SP, text(f'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x"> %p;]>{INFO}'),
         500, *DTD),
    Case("billion-laughs", SP, text(f"{LAUGHS}{call('GetSystemInfo', '&lol9;')}"), 500, *DTD),
    Case("doctype-after-comment", SP, text(f"<!-- hi --><!DOCTYPE s:Envelope>{INFO}"), 500, *DTD),
    Case("doctype-in-body", SP, text(envelope(f'<GetSystemInfo xmlns="{TNS}"><!DOCTYPE x></GetSystemInfo>')),
         500, *DTD),
    Case("entity-without-doctype", SP, text(f'{INFO}<!ENTITY e "x">'), 500, *DTD),
    Case("doctype-utf16", SP, lambda _t: f"<!DOCTYPE x [<!ENTITY e 'x'>]>{INFO}".encode("utf-16"), 500, *DTD),
    Case("doctype-utf7", SP, lambda _t: b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x+AD4-'
         + INFO.encode(), 500, "UnsupportedEncoding", "UTF-7"),
    Case("over-limit-content-length", SP, lambda _t: b" " * OVER, 500, "RequestTooLong", "limit"),
    Case("over-limit-chunked", SP, lambda _t: b" " * OVER, 500, "RequestTooLong", "limit", chunked=True),
    Case("deep-nesting-100k", CO, signed("GetContactEntity", "<a>" * 100_000 + "</a>" * 100_000), 500,
         "XMLSyntaxError", "depth"),
    Case("huge-attribute", SP, text(call("GetSystemInfo", attrs=f' x="{"A" * (9 * 1024 * 1024)}"')), 200),
    Case("many-attributes", SP, text(call("GetSystemInfo", attrs=" " + " ".join(f'a{i}="1"' for i in range(200_000)))),
         500, "QuotaExceeded", "attributes"),
    Case("namespace-bomb", SP, text(call("GetSystemInfo", attrs=" " + " ".join(
        f'xmlns:n{i}="urn:{i}"' for i in range(100_000)))), 200),
    Case("array-1m-elements", CO, signed("GetContactList", f'<ContactIds xmlns:a="{ARRAYS}">'
                                         + "<a:int/>" * 1_000_000 + "</ContactIds>"), 500, "QuotaExceeded", "65536"),
    Case("invalid-utf8", SP, lambda _t: INFO.encode().replace(b"<s:Body>", b"<s:Body>\xff\xc3"), 500,
         "InvalidEncoding", "UTF-8"),
    Case("unknown-declared-encoding", SP, text(f'<?xml version="1.0" encoding="x-nonsense"?>{INFO}'), 500,
         "UnsupportedEncoding", "x-nonsense"),
    Case("ebcdic-declared", SP, text(f'<?xml version="1.0" encoding="cp500"?>{INFO}'), 500,
         "UnsupportedEncoding", "cp500"),
    Case("bogus-charset", SP, text(INFO), 500, "UnsupportedEncoding", "nonsense",
         {"Content-Type": "text/xml; charset=nonsense"}),
    Case("utf32", SP, lambda _t: INFO.encode("utf-32"), 500, "UnsupportedEncoding", "UTF-32"),
    Case("utf16-with-bom", SP, lambda _t: f'<?xml version="1.0" encoding="utf-16"?>{INFO}'.encode("utf-16"), 200,
         headers={"Content-Type": "text/xml; charset=utf-16"}),
    Case("utf16be-without-bom", SP, lambda _t: INFO.encode("utf-16-be"), 200),
    Case("soap12-envelope", SP, text(SOAP12), 500, "VersionMismatch", "SOAP 1.1"),
    Case("soap12-content-type", SP, text(SOAP12), 500, "VersionMismatch", "text/xml",
         {"Content-Type": "application/soap+xml; charset=utf-8"}),
    Case("two-bodies", SP, text(INFO.replace("</s:Envelope>", f'<s:Body><GetSystemInfo xmlns="{TNS}"/></s:Body>'
                                             "</s:Envelope>")), 500, "Client", "2 Body"),
    Case("two-operations", SP, text(envelope(f'<GetSystemInfo xmlns="{TNS}"/>' * 2)), 500, "Client", "2 elements"),
    Case("empty-body", SP, text(envelope("")), 500, "Client", "0 elements"),
    Case("no-body", SP, text('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>'), 500,
         "Client", "0 elements"),
    Case("not-xml", SP, text("hello"), 500, "Client.NotXml", "SOAP 1.1 envelope"),
    Case("json-to-soap", SP, text('{"a": 1}'), 500, "Client.NotXml", "REST API"),
    Case("wrong-type", CO, get_contact("abc"), 500, "ValidationError", "xs:int"),
    Case("int-overflow", CO, get_contact("99999999999999999999"), 500, "ValidationError", "range"),
    Case("int32-overflow", CO, get_contact("2147483648"), 500, "ValidationError", "2147483647"),
    Case("float-for-int", CO, get_contact("1.5"), 500, "ValidationError", "'1.5'"),
    Case("bad-boolean", AP, signed("GetUIDFromAppointmentId", "<AppointmentId>1</AppointmentId>"
                                   "<UseMotherId>maybe</UseMotherId>"), 500, "ValidationError", "true or false"),
    Case("bad-date-month-13", AP, sync("2024-13-45T99:00:00"), 500, "ValidationError", "xs:dateTime"),
    Case("bad-date-feb-30", AP, sync("2024-02-30T00:00:00"), 500, "ValidationError", "day is out of range"),
    Case("bad-date-text", AP, sync("yesterday"), 500, "ValidationError", "'yesterday'"),
    Case("bad-date-year-0", AP, sync("0000-01-01T00:00:00"), 500, "ValidationError", "year"),
    Case("nil-wrapper", SP, text(call("GetSystemInfo", attrs=' xsi:nil="true"')), 200),
    Case("nil-wrapper-with-parameters", SP, text(call("AuthenticateUsernamePassword", attrs=' xsi:nil="true"')), 200),
    Case("nil-wrapper-save", CO, signed("SaveContactEntity", attrs=' xsi:nil="true"'), 200),
    Case("unknown-operation", SP, text(call("NoSuchOperation")), 500, "ResourceNotFound", "NoSuchOperation"),
    Case("wrong-namespace", SP, text(envelope('<GetSystemInfo xmlns="urn:wrong"/>')), 500, "ResourceNotFound",
         "urn:wrong"),
    Case("nul-character", SP, text(call("GetSystemInfo", "&#0;")), 500, "XMLSyntaxError", "xmlChar value 0"),
    Case("control-character", SP, text(call("GetSystemInfo", "\x01")), 500, "XMLSyntaxError", "Char value 1"),
    Case("bogus-xsi-type", CO, signed("GetContactEntity", '<ContactEntityId xsi:type="x:Bogus" xmlns:x="urn:x">1'
                                      "</ContactEntityId>"), 500, "ValidationError", "x:Bogus"),
    Case("custid-dotdot", f"/..{SP}", text(INFO), 404, words="'..' is not a CustId"),
    Case("custid-encoded-dotdot", f"/%2e%2e{SP}", text(INFO), 404, words="is not a CustId"),
    Case("custid-10000-chars", "/" + "C" * 10_000 + SP, text(INFO), 414),
    Case("custid-65-chars", "/" + "C" * 65 + SP, text(INFO), 404, words="1 to 64 letters"),
    Case("custid-quotes", f"/Cu'st%22{SP}", text(INFO), 404, words="is not a CustId"),
    Case("custid-unicode", f"/Cust%C3%A9{SP}", text(INFO), 404, words="is not a CustId"),
    Case("custid-nul", f"/Cust%00{SP}", text(INFO), 404, words="is not a CustId"),
    Case("content-length-not-a-number", SP, text(INFO), 400, headers={"Content-Length": "abc"}),
]

R = "/HostileR/api/v1"
REST_CASES = [
    Case("rest-not-json", f"{R}/Contact", text("{not json"), 400, "ArgumentException", "not JSON"),
    Case("rest-deep-array-100k", f"{R}/Contact", text("[" * 100_000 + "]" * 100_000), 400, "ArgumentException",
         "nested too deeply"),
    Case("rest-deep-object-100k", f"{R}/Contact", text('{"a":' * 100_000 + "1" + "}" * 100_000), 400,
         "ArgumentException", "nested too deeply"),
    Case("rest-over-limit-content-length", f"{R}/Contact", text("{"), 413, "ArgumentException", "limit",
         declared=OVER),
    Case("rest-over-limit-chunked", f"{R}/Contact", lambda _t: b" " * OVER, 413, "ArgumentException", "limit",
         chunked=True),
    Case("rest-array-1m", f"{R}/Agents/Contact/GetContactList", text(json.dumps(list(range(1_000_000)))), 400,
         "ArgumentException", "65536"),
    # SQLite keeps any length; PostgreSQL's column refuses it: SoValidationException, not a DataError
    Case("rest-huge-string", f"{R}/Contact", text(json.dumps({"Name": "x" * 9_000_000})), 201),
    Case("rest-wrong-type-path", f"{R}/Contact/abc", text(""), 400, "ArgumentException", "not an id"),
    Case("rest-int-overflow-path", f"{R}/Contact/99999999999999999999", text(""), 400, "ArgumentException",
         "2147483647"),
    Case("rest-int-overflow-body", f"{R}/Contact", text('{"Name": "X", "ContactId": 99999999999999999999}'), 400,
         "ArgumentException", "2147483647"),
    Case("rest-int32-overflow-query", f"{R}/Agents/Contact/GetContactEntity?ContactEntityId=2147483648", text(""),
         400, "ArgumentException", "2147483647"),
    Case("rest-float-for-int", f"{R}/Contact", text('{"Name": "X", "ContactId": 1.5}'), 400, "ArgumentException",
         "an integer"),
    Case("rest-bool-for-int", f"{R}/Contact", text('{"Name": "X", "ContactId": true}'), 400, "ArgumentException",
         "an integer"),
    Case("rest-nan", f"{R}/Contact", text('{"Name": "X", "ContactId": NaN}'), 400, "ArgumentException",
         "an integer"),
    Case("rest-huge-number", f"{R}/Contact", text('{"ContactId": ' + "9" * 100_000 + "}"), 400,
         "ArgumentException", "digits"),
    Case("rest-bad-date", f"{R}/Agents/Appointment/GetMySyncAppointments",
         text('{"StartTime": "2024-13-45T99:00:00", "EndTime": "2030-01-01T00:00:00"}'), 400, "ArgumentException",
         "expected a date"),
    Case("rest-invalid-utf8", f"{R}/Contact", lambda _t: b'{"Name": "\xff\xfe"}', 400, "ArgumentException",
         "not JSON"),
    Case("rest-utf16", f"{R}/Contact", lambda _t: json.dumps({"Name": "Utf16 AS"}).encode("utf-16"), 201),
    Case("rest-array-for-object", f"{R}/Contact", text("[1, 2]"), 400, "ArgumentException", "ContactEntity object"),
    Case("rest-xml-with-doctype", f"{R}/Contact", text(XXE), 400, "ArgumentException", "not JSON",
         {"Content-Type": "application/xml"}),
    Case("rest-soap-envelope", f"{R}/Contact", text(INFO), 400, "ArgumentException", "not JSON"),
    Case("rest-path-traversal", f"{R}/Contact/..%2f..%2fetc%2fpasswd", text(""), 404, "NotFound", "no WebAPI route"),
    Case("rest-custid-dotdot", "/../api/v1/Contact/1", text(""), 404, words="'..' is not a CustId"),
    Case("rest-custid-encoded-dotdot", "/%2e%2e/api/v1/Contact/1", text(""), 404, words="is not a CustId"),
    Case("rest-custid-10000-chars", "/" + "C" * 10_000 + "/api/v1/Contact/1", text(""), 414),
    Case("rest-custid-quotes", "/Cu'st%22/api/v1/Contact/1", text(""), 404, words="is not a CustId"),
    Case("rest-custid-unicode", "/Cust%C3%A9/api/v1/Contact/1", text(""), 404, words="is not a CustId"),
]

_tickets: dict[str, str] = {}


def _ticket(base: str) -> str:
    if base not in _tickets:
        _tickets[base] = soap_ticket(base, "")
    return _tickets[base]


def test_the_corpus_is_big_enough() -> None:
    assert len(SOAP_CASES) + len(REST_CASES) >= 40
    assert len({c.name for c in SOAP_CASES + REST_CASES}) == len(SOAP_CASES) + len(REST_CASES)


@pytest.mark.parametrize("case", SOAP_CASES, ids=lambda c: c.name)
def test_hostile_soap(any_server: str, case: Case) -> None:
    ticket = _ticket(any_server) if "Contact" in case.path or "Appointment" in case.path else ""
    status, answer = soap(any_server, case.path, case.body(ticket), case.headers, case.chunked)
    assert status == case.status, answer[:600]
    if case.code:
        code, message = fault_of(answer)
        assert code.endswith(case.code) and case.words in message, (code, message)
        assert any(w in message.lower() for w in ("send", "post", "remove")), message  # it says what to send
    elif status == 200:
        assert header_of(answer, "Succeeded") in ("true", "false"), answer[:600]  # a call answered
    elif case.words:
        assert case.words in answer.decode(errors="replace"), answer[:600]
    still_answers(any_server)


@pytest.mark.parametrize("case", REST_CASES, ids=lambda c: c.name)
def test_hostile_rest(any_server: Server, case: Case) -> None:
    method = "GET" if case.path.split("?")[0].rsplit("/", 1)[-1] not in ("Contact", "GetContactList",
                                                                         "GetContactEntity",
                                                                         "GetMySyncAppointments") else "POST"
    headers = {"Content-Type": "application/json", "Accept": "application/json", **BASIC, **case.headers}
    status, answer = send(any_server, method, case.path, case.body(""), headers, case.chunked, case.declared)
    if case.name == "rest-huge-string" and status == 400:
        assert "does not fit its field" in rest_error(answer)["ErrorMessage"] and "postgresql" in any_server.db_url
        return still_answers(any_server)
    assert status == case.status, answer[:600]
    if case.code:
        error = rest_error(answer)
        assert error["ErrorType"] == case.code and case.words in error["ErrorMessage"], error
    elif case.words:
        assert case.words in answer.decode(errors="replace"), answer[:600]
    still_answers(any_server)
