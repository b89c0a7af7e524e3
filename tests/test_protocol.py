"""Protocol errors get a SOAP 1.1 Fault with HTTP 500 and a message, and the server keeps answering."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from lxml import etree

from soapsvc.ns import SOAP_ENV, TNS
from tests.interop.zeep_clients import service

ENV = f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body>{{}}</s:Body></s:Envelope>'
CONTACT = "/Remote/Services88/Contact.svc"


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "text/xml; charset=utf-8", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def fault_of(body: bytes) -> tuple[str, str]:
    doc = etree.fromstring(body)
    fault = doc.find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert fault is not None, body
    return fault.findtext("faultcode"), fault.findtext("faultstring")


LAUGHS = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
) + b"]><lolz>&lol9;</lolz>"
XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       + ENV.format(f'<GetContactEntity xmlns="{TNS}"><ContactEntityId>&xxe;</ContactEntityId>'
                    "</GetContactEntity>").encode())


@pytest.mark.parametrize(("body", "code", "words"), [
    (b"this is not xml", "NotXml", "POST a SOAP 1.1 envelope"),
    (b"<unclosed", "XMLSyntaxError", "unclosed"),
    (b'<foo xmlns="urn:x"/>', "SoapError", "Envelope"),
    (ENV.format(f'<NoSuchOperation xmlns="{TNS}"/>').encode(), "ResourceNotFound", "NoSuchOperation"),
    (ENV.format('<GetContactEntity xmlns="urn:wrong"/>').encode(), "ResourceNotFound", "urn:wrong"),
    (ENV.format(f'<GetContactEntity xmlns="{TNS}"><ContactEntityId>x</ContactEntityId></GetContactEntity>')
     .encode(), "ValidationError", "'x'"),
    (XXE, "DtdNotAllowed", "DOCTYPE"),
    (LAUGHS, "DtdNotAllowed", "DOCTYPE"),
    (b"", "Client", "no body"),
])
def test_protocol_errors_are_faults(server: str, body: bytes, code: str, words: str) -> None:
    status, answer = post(server + CONTACT, body)
    assert status == 500
    faultcode, faultstring = fault_of(answer)
    assert faultcode.endswith(code)
    assert words in faultstring
    assert service(server, "SoPrincipal").GetSystemInfo().header.Succeeded is True


def test_body_over_the_limit_is_refused_before_parsing(server: str) -> None:
    body = ENV.format(f'<GetContactEntity xmlns="{TNS}"/>' + " " * (11 * 1024 * 1024)).encode()
    status, answer = post(server + CONTACT, body)
    assert status == 500
    faultcode, faultstring = fault_of(answer)
    assert faultcode.endswith("RequestTooLong")
    assert "limit" in faultstring
    assert service(server, "SoPrincipal").GetSystemInfo().header.Succeeded is True


def test_unknown_address_is_a_clear_404(server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(server + "/Remote/Services88/NoSuchAgent.svc", timeout=10)
    assert err.value.code == 404
    assert b"/<CustId>/Remote/Services88/<Agent>.svc" in err.value.read()


def test_wsdl_address_follows_the_request(server: str) -> None:
    url = server + "/Cust777/Remote/Services88/Contact.svc"
    for query in ("?wsdl", "?singleWsdl"):
        with urllib.request.urlopen(url + query, timeout=30) as resp:
            doc = etree.fromstring(resp.read())
        address = doc.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
        assert address.get("location") == url
