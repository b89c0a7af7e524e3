"""The browser pages, opened in headless Chromium (and read as HTML): .svc page, WSDL link, index, journal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from soapsvc.admin import catalog
from soapsvc.pytest_plugin import SoapsvcServer, SoapsvcTenant
from tests.admin.browser import Browser, require_chromium
from tests.admin.support import http, soap


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = Browser()
    yield chromium
    chromium.close()


def test_the_svc_page_leads_to_the_wsdl(browser: Browser, soapsvc: SoapsvcTenant) -> None:
    address = soapsvc.address("Contact")
    browser.open(address)
    assert browser.evaluate("document.title") == "Contact Service"
    assert browser.evaluate("document.querySelector('#svcutil').textContent") == f"svcutil.exe {address}?wsdl"
    assert browser.evaluate("document.querySelector('#singlewsdl').href") == f"{address}?singleWsdl"
    implemented = len(catalog.implemented("Contact"))
    assert f"Operations: {implemented} of {len(catalog.operations('Contact'))} implemented" in browser.evaluate(
        "document.body.innerText")
    assert browser.evaluate("document.querySelectorAll('#operations tr').length") == len(
        catalog.operations("Contact")) + 1
    browser.click("#wsdl")
    browser.wait_for(f"location.href === '{address}?wsdl' && document.readyState === 'complete'")
    # Chromium shows XML in its viewer, which keeps the document's own nodes in a hidden element.
    root = browser.evaluate("[document.contentType, ...(e => [e.localName, e.namespaceURI])(document."
                            "getElementById('webkit-xml-viewer-source-xml').firstElementChild)]")
    assert root == ["text/xml", "definitions", "http://schemas.xmlsoap.org/wsdl/"]
    location = browser.evaluate("document.getElementsByTagNameNS('http://schemas.xmlsoap.org/wsdl/soap/', "
                                "'address')[0].getAttribute('location')")
    assert location == address


def test_the_journal_page_shows_a_call_that_opens_to_its_bodies(browser: Browser, soapsvc: SoapsvcTenant) -> None:
    soap(soapsvc.address("Contact"), "GetContactEntity", "<ContactEntityId>4</ContactEntityId>", soapsvc.ticket)
    browser.open(f"{soapsvc.url}/_soapsvc/")
    link = f"a[href='/_soapsvc/tenants/{soapsvc.name}/journal']"
    assert browser.evaluate(f"document.querySelector(\"{link}\").textContent") == soapsvc.name
    browser.click(link)
    browser.wait_for("location.pathname.endsWith('/journal') && document.readyState === 'complete'")
    assert browser.evaluate("document.title") == f"Journal of {soapsvc.name}"
    summary = browser.evaluate("document.querySelector('details.call summary').innerText")
    assert "Contact.GetContactEntity" in summary and "user ADMIN" in summary and "HTTP 200" in summary
    assert browser.evaluate("document.querySelector('details.call').open") is False
    browser.click("details.call summary")
    assert browser.wait_for("document.querySelector('details.call').open") is True
    request = browser.evaluate("document.querySelector('details.call pre.request').innerText")
    assert "\n    <GetContactEntity" in request and "<ContactEntityId>4</ContactEntityId>" in request
    response = browser.evaluate("document.querySelector('details.call pre.response').innerText")
    assert "Stockholm Software AB" in response


def test_the_index_counts_implemented_operations_per_agent(soapsvc_server: SoapsvcServer) -> None:
    status, _headers, body = http("GET", f"{soapsvc_server.url}/_soapsvc/")
    page = body.decode()
    assert status == 200
    row = (f'<tr><td><a href="/Remote/Services88/SoPrincipal.svc">SoPrincipal</a></td>'
           f'<td class="n">{len(catalog.implemented("SoPrincipal"))}</td>'
           f'<td class="n">{len(catalog.operations("SoPrincipal"))}</td></tr>')
    assert row in page
    assert page.count("<tr><td><a href=") == 60


def test_root_leads_to_the_index(soapsvc_server: SoapsvcServer) -> None:
    status, _headers, body = http("GET", f"{soapsvc_server.url}/")
    assert status == 200 and b"<title>soapsvc</title>" in body


def test_the_journal_page_filters_and_escapes(soapsvc: SoapsvcTenant) -> None:
    soap(soapsvc.address("SoPrincipal"), "GetSystemInfo", "<x>&lt;script&gt;alert(1)&lt;/script&gt;</x>")
    soap(soapsvc.address("Contact"), "GetContactEntity", "<ContactEntityId>1</ContactEntityId>", soapsvc.ticket)
    page = http("GET", f"{soapsvc.url}/_soapsvc/tenants/{soapsvc.name}/journal?agent=soprincipal")[2].decode()
    assert page.count('<details class="call"') == 1 and "SoPrincipal.GetSystemInfo" in page
    assert "<script>" not in page and "&amp;lt;script&amp;gt;" in page
    assert 'value="SoPrincipal"' in page


@pytest.mark.parametrize(("path", "status"), [("/_soapsvc/nothing", 404), ("/_soapsvc/tenants/a%20b/journal", 404)])
def test_unknown_pages_are_404(soapsvc_server: SoapsvcServer, path: str, status: int) -> None:
    got, headers, body = http("GET", soapsvc_server.url + path)
    assert got == status and headers["Content-Type"].startswith("text/plain") and b"the index is /_soapsvc/" in body


def test_without_chromium_ci_fails_and_a_desk_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda _name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_chromium()


def test_the_rest_page_lists_routes_with_a_curl_line_that_works(browser: Browser, soapsvc: SoapsvcTenant) -> None:
    browser.open(f"{soapsvc.url}/_soapsvc/")
    browser.click("#rest")
    browser.wait_for("location.pathname === '/_soapsvc/rest' && document.readyState === 'complete'")
    assert browser.evaluate("document.querySelectorAll('#agents tr').length") > 50
    browser.open(f"{soapsvc.url}/_soapsvc/rest/webapi/Contact?tenant={soapsvc.name}")
    rows = browser.evaluate("[...document.querySelectorAll('#routes tr')].slice(1).map(r => "
                            "[...r.cells].map(c => c.innerText))")
    by_route = {(r[0], r[1]): r for r in rows}
    get = by_route[("GET", "/api/v1/Contact/{id}")]
    assert get[2:4] == ["Contact.GetContactEntity", "yes"]
    assert get[4] == f"curl -u ADMIN:admin -X GET '{soapsvc.rest_url}/v1/Contact/1'"
    status, _headers, body = http("GET", get[4].split("'")[1], headers={"Authorization": "Basic QURNSU46YWRtaW4="})
    assert status == 200 and b'"ContactId": 1' in body
    assert by_route[("GET", "/api/v1/Contact/{contactId}/Image")][3] == "not yet"
    browser.open(f"{soapsvc.url}/_soapsvc/rest/agents/Contact?tenant={soapsvc.name}")
    assert "Contact.GetContactEntity" in browser.evaluate("document.querySelector('#routes').innerText")
