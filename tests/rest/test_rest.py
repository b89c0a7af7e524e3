"""REST against gunicorn with plain HTTP: auth, errors, the Agents API, WebAPI entities, PATCH, OData."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
from lxml import etree

from soapsvc.ns import TNS, XSI
from soapsvc.pytest_plugin import SoapsvcTenant
from soapsvc.session import mint_access_token
from soapsvc.store.db import database
from tests.admin.support import soap
from tests.conftest import Server
from tests.interop.zeep_clients import login
from tests.rest.support import Rest, error_of


@pytest.fixture
def rest(soapsvc: SoapsvcTenant) -> Rest:
    made = Rest(soapsvc.url, soapsvc.name, headers=soapsvc.rest_headers)
    assert made.base == soapsvc.rest_url
    return made


def test_version_and_route_documents(rest: Rest) -> None:
    version = rest.ok("GET", "")
    assert version["Version"] == "v1" and version["ServicesCurrent"] == "Services88"
    assert version["v1"] == rest.base + "/v1"
    listed = rest.ok("GET", "/v1")
    assert listed[rest.base + "/v1/Agents/Contact/GetContactEntity"] == {"POST": "Contact.GetContactEntity"}
    assert listed[rest.base + "/v1/Contact/{id}"]["GET"] == "Contact.GetContactEntity"
    assert sum(1 for url in listed if "/v1/Agents/" in url) == 2007


def test_swagger_is_served_with_the_tenants_address(rest: Rest, soapsvc: SoapsvcTenant) -> None:
    index = rest.ok("GET", "/swagger")
    assert index["ContactAgent"] == f"{rest.base}/swagger/ContactAgent.json" and "Contact" in index
    doc = rest.ok("GET", "/swagger/Contact.json")
    assert doc["host"] == urlsplit(soapsvc.url).netloc and doc["basePath"] == f"/{soapsvc.name}"
    assert "/api/v1/Contact/{id}" in doc["paths"]


def test_every_auth_form(soapsvc: SoapsvcTenant, server: Server) -> None:
    tenant = "RestAuth1"
    ticket = login(server, tenant)
    with database(server.db_url).unit() as db:
        token = mint_access_token(db, tenant, "SUP")
    forms = {"SOTicket": Rest(server, tenant, ticket=ticket), "Basic": Rest(server, tenant, auth=("SAL", "sal")),
             "Bearer": Rest(server, tenant, headers={"Authorization": f"Bearer {token}"}),
             "Basic ticket": Rest(server, tenant, headers={"Authorization": f"Basic {ticket}"})}
    users = {name: r.ok("POST", "/v1/Agents/Person/GetMyPerson")["PersonId"] for name, r in forms.items()}
    assert users == {"SOTicket": 1, "Basic": 2, "Bearer": 3, "Basic ticket": 1}  # ADMIN, SAL, SUP's persons


@pytest.mark.parametrize("authorization", [None, "SOTicket 7T:forged", "Bearer 8A:forged", "Basic U0FMOndyb25n",
                                           "Basic !!!", "Digest abc"])
def test_missing_or_bad_credentials_are_401(server: Server, authorization: str | None) -> None:
    login(server, "RestAuth2")
    r = Rest(server, "RestAuth2", headers={"Authorization": authorization} if authorization else {})
    answer = r.call("GET", "/v1/Contact/2")
    assert error_of(answer) == (401, "SoSecurityException")
    assert "WWW-Authenticate" in answer.headers


def test_a_ticket_works_on_its_own_tenant_only(server: Server) -> None:
    ticket = login(server, "RestIso1")
    login(server, "RestIso2")
    assert Rest(server, "RestIso1", ticket=ticket).ok("GET", "/v1/Contact/2")["ContactId"] == 2
    assert error_of(Rest(server, "RestIso2", ticket=ticket).call("GET", "/v1/Contact/2")) == (
        401, "SoSecurityException")


def test_agents_api_query_body_and_null(rest: Rest) -> None:
    got = rest.agent("Contact", "GetContactEntity", contactEntityId=2)
    assert got["ContactId"] == 2 and got["Name"] == "Nordic Fisheries AS"
    assert rest.agent("Contact", "GetContactEntity", ContactEntityId=2)["ContactId"] == 2  # any case
    assert rest.agent("Contact", "GetContactEntity", contactEntityId=99999) is None  # 200 null, as NetServer
    assert [c["ContactId"] for c in rest.agent("Contact", "GetContactList", [1, 2])] == [1, 2]
    rows = rest.agent("Archive", "GetArchiveListByColumns2", {
        "providerName": "SimpleContact", "columns": "contactId,name", "sortOrder": "contactId",
        "restrictions": "contactId = 2", "entities": "", "page": 0, "pageSize": 10})
    assert [r["PrimaryKey"] for r in rows] == [2]
    assert rows[0]["ColumnData"]["name"]["DisplayValue"] == "Nordic Fisheries AS"
    assert rest.call("POST", "/v1/Agents/Contact/DeleteContactEntity?contactEntityId=0").status_code == 204


def test_agents_api_create_save_get_with_camel_case_and_javascript_dates(rest: Rest) -> None:
    entity = rest.agent("Contact", "CreateDefaultContactEntity")
    assert entity["ContactId"] == 0 and entity["TableRight"]["Mask"].startswith("Select, Update")
    assert entity["Associate"]["Type"] == "InternalAssociate" and entity["UpdatedDate"] == "0001-01-01T00:00:00"
    sent = {k[0].lower() + k[1:]: v for k, v in entity.items()}  # what @superoffice/webapi sends
    sent.update(name="Camel AS", department="Dev", updatedDate="0001-01-01T00:00:00.000Z",
                tableRight={"mask": 15, "reason": ""})
    saved = rest.agent("Contact", "SaveContactEntity", sent)
    assert saved["ContactId"] > 0 and (saved["Name"], saved["Department"]) == ("Camel AS", "Dev")
    assert rest.agent("Contact", "GetContactEntity", contactEntityId=saved["ContactId"]) == saved


def test_webapi_crud(rest: Rest) -> None:
    default = rest.ok("GET", "/v1/Contact/default")
    default.update(Name="Rest AS", Department="R&D", Phones=[{"Value": "+47 1234"}])
    created = rest.ok("POST", "/v1/Contact", default, status=201)
    cid = created["ContactId"]
    got = rest.ok("GET", f"/v1/Contact/{cid}")
    assert got["_Links"]["Self"].endswith(f"/v1/Contact/{cid}")
    assert (got["Name"], got["Department"], got["Phones"][0]["Value"]) == ("Rest AS", "R&D", "+47 1234")
    got["Name"] = "Put AS"
    assert rest.ok("PUT", f"/v1/Contact/{cid}", got)["Name"] == "Put AS"
    assert rest.call("DELETE", f"/v1/Contact/{cid}").status_code == 204
    assert error_of(rest.call("GET", f"/v1/Contact/{cid}")) == (404, "SoNotFoundException")


def test_json_patch_and_merge_patch(rest: Rest) -> None:
    cid = rest.ok("POST", "/v1/Contact", {"Name": "Patch AS"}, status=201)["ContactId"]
    patched = rest.ok("PATCH", f"/v1/Contact/{cid}", [
        {"op": "replace", "path": "Department", "value": "Sales"},
        {"op": "add", "path": "/Phones/-", "value": {"Value": "999"}},
        {"op": "test", "path": "/Name", "value": "Patch AS"}])
    assert (patched["Department"], [p["Value"] for p in patched["Phones"]]) == ("Sales", ["999"])
    merged = rest.ok("PATCH", f"/v1/Contact/{cid}", {"OrgNr": "123", "Emails": {"Value": "a@b.no"}})
    assert (merged["OrgNr"], merged["Department"], merged["Emails"][0]["Value"]) == ("123", "Sales", "a@b.no")
    assert rest.ok("GET", f"/v1/Contact/{cid}")["Emails"][0]["Value"] == "a@b.no"
    for bad in ([{"op": "move", "path": "/Name"}], [{"op": "replace", "path": "/Name"}], "text",
                [{"op": "test", "path": "/Name", "value": "other"}]):
        status, _kind = error_of(rest.call("PATCH", f"/v1/Contact/{cid}", bad))
        assert status in (400, 409)
    assert rest.ok("GET", f"/v1/Contact/{cid}")["Department"] == "Sales"  # nothing of a refused patch kept


@pytest.fixture
def named(rest: Rest) -> list[int]:
    return [rest.ok("POST", "/v1/Contact", {"Name": name, "Number2": str(n)}, status=201)["ContactId"]
            for n, name in enumerate(["Odata Alpha", "Odata Beta", "Odata Gamma"], start=1)]


@pytest.mark.parametrize(("where", "expected"), [
    ("name eq 'Odata Beta'", ["Odata Beta"]),
    ("name begins 'Odata' and name ne 'Odata Beta'", ["Odata Alpha", "Odata Gamma"]),
    ("startswith(name, 'Odata G')", ["Odata Gamma"]),
    ("endswith(name, 'pha')", ["Odata Alpha"]),
    ("substringof('eta', name)", ["Odata Beta"]),
    ("name contains 'amm'", ["Odata Gamma"]),
    ("name begins 'Odata' and contactId gt {0}", ["Odata Beta", "Odata Gamma"]),
    ("name begins 'Odata' and contactId ge {1}", ["Odata Beta", "Odata Gamma"]),
    ("name begins 'Odata' and contactId lt {1}", ["Odata Alpha"]),
    ("name begins 'Odata' and contactId le {1}", ["Odata Alpha", "Odata Beta"]),
    ("contactId between ({0},{1})", ["Odata Alpha", "Odata Beta"]),
    ("name = 'Odata Alpha' or name = 'Odata Gamma'", ["Odata Alpha", "Odata Gamma"]),
])
def test_odata_filter_operators(rest: Rest, named: list[int], where: str, expected: list[str]) -> None:
    answer = rest.ok("GET", "/v1/Contact", params={"$select": "name,contactId", "$filter": where.format(*named),
                                                   "$orderby": "name"})
    assert [row["name"] for row in answer["value"]] == expected


def test_odata_select_order_and_paging(rest: Rest, named: list[int]) -> None:
    query = {"$select": "name,contactId", "$filter": "name begins 'Odata'", "$orderby": "name desc", "$top": "2"}
    first = rest.ok("GET", "/v1/Contact", params=query)
    assert [(r["name"], r["contactId"], r["EntityName"]) for r in first["value"]] == [
        ("Odata Gamma", named[2], "contact"), ("Odata Beta", named[1], "contact")]
    assert set(first["value"][0]) == {"PrimaryKey", "EntityName", "name", "contactId"}
    second = rest.session.get(first["odata.nextLink"], timeout=30).json()
    assert [r["name"] for r in second["value"]] == ["Odata Alpha"] and second["odata.nextLink"] is None
    persons = rest.ok("GET", "/v1/Contact/2/Persons", params={"$select": "personId,contactId"})
    assert persons["value"] and {r["contactId"] for r in persons["value"]} == {2}


def test_errors_are_netserver_json_with_their_status(rest: Rest) -> None:
    assert error_of(rest.call("POST", "/v1/Contact", {"Name": "X", "Category": {"Id": 99999}})) == (
        400, "SoValidationException")
    assert error_of(rest.call("GET", "/v1/Contact/99999")) == (404, "SoNotFoundException")
    assert error_of(rest.call("GET", "/v1/NoSuchThing/1"))[0] == 404
    assert error_of(rest.call("POST", "/v1/Agents/Contact/NoSuchOperation"))[0] == 404
    assert error_of(rest.call("DELETE", "/v1/Contact")) == (405, "MethodNotAllowed")
    assert error_of(rest.call("PUT", "/v1/Agents/Contact/GetContactEntity")) == (405, "MethodNotAllowed")
    assert error_of(rest.call("POST", "/v1/Agents/Ai/GetFormDesignFromUrl")) == (500, "NotImplementedException")
    assert error_of(rest.call("GET", "/v1/Contact/abc"))[0] == 400


@pytest.mark.parametrize(("body", "words"), [
    (b"{not json", "not JSON"), (b'"just text"', "ContactEntity object"), (b'{"Name": 5}', "Name: expected a string"),
    (b'{"ContactId": "x"}', "ContactId: expected an integer"), (b'{"Phones": 7}', "Phones: expected an array"),
    (b'{"UpdatedDate": "yesterday"}', "UpdatedDate: expected a date"),
    (b'{"Associate": {"Type": "NoSuchType"}}', "Associate.Type"),
    (b"\xff\xfe\x00", "not JSON")])
def test_bad_bodies_are_400_and_the_server_answers_on(rest: Rest, body: bytes, words: str) -> None:
    answer = rest.call("POST", "/v1/Contact", data=body, headers={"Content-Type": "application/json"})
    assert error_of(answer) == (400, "ArgumentException") and words in answer.json()["ErrorMessage"]
    assert rest.ok("GET", "/v1/Contact/2")["ContactId"] == 2


def test_a_body_over_the_limit_is_413(rest: Rest) -> None:
    host, port = urlsplit(rest.base).hostname, urlsplit(rest.base).port
    with socket.create_connection((host, port), timeout=30) as sock:
        path = urlsplit(rest.base).path + "/v1/Contact"
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {50 * 1024 * 1024}\r\nConnection: close\r\n\r\n{{".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        head = b"".join(chunks).decode(errors="replace")
    assert head.startswith("HTTP/1.1 413") and '"ErrorType": "ArgumentException"' in head
    assert rest.ok("GET", "/v1/Contact/2")["ContactId"] == 2


def test_xml_when_xml_alone_is_asked(rest: Rest, soapsvc: SoapsvcTenant) -> None:
    xml = {"Accept": "application/xml"}
    answer = rest.call("GET", "/v1/Contact/2", headers=xml)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/xml")
    root = etree.fromstring(answer.content)
    assert root.tag == f"{{{TNS}}}ContactEntity" and root.findtext(f"{{{TNS}}}Name") == "Nordic Fisheries AS"
    _status, soap_body = soap(soapsvc.address("Contact"), "GetContactEntity", "<ContactEntityId>2</ContactEntityId>",
                              soapsvc.ticket)
    response = etree.fromstring(soap_body).find(f".//{{{TNS}}}Response")
    assert [(e.tag, e.text) for e in root.iter()][1:] == [(e.tag, e.text) for e in response.iter()][1:]
    agents = etree.fromstring(rest.call("POST", "/v1/Agents/Contact/GetContactEntity?contactEntityId=99999",
                                        headers=xml).content)
    assert agents.get(f"{{{XSI}}}nil") == "true"
    assert rest.ok("GET", "/v1/Contact/2", headers={"Accept": "application/json, text/xml"})["ContactId"] == 2
    assert error_of(rest.call("GET", "/v1/Contact", headers=xml))[0] == 406  # an OData page: JSON only


def test_rest_calls_are_journalled_with_method_and_path(rest: Rest, soapsvc: SoapsvcTenant) -> None:
    rest.ok("GET", "/v1/Contact/2")
    rest.call("GET", "/v1/Contact/99999")
    rest.agent("Contact", "GetContactEntity", contactEntityId=2)
    basic = Rest(soapsvc.url, soapsvc.name, auth=("ADMIN", "admin"))
    basic.ok("POST", "/v1/Agents/Contact/SaveContactEntity", {"Name": "Journal AS"})
    entries = [e for e in soapsvc.journal() if e["outcome"].startswith("REST")]
    assert [(e["agent"], e["operation"], e["outcome"]) for e in entries] == [
        ("Contact", "GetContactEntity", "REST GET /api/v1/Contact/2 ok"),
        ("Contact", "GetContactEntity",
         "REST GET /api/v1/Contact/99999 SoNotFoundException: Contact id 99999 not found"),
        ("Contact", "GetContactEntity", "REST POST /api/v1/Agents/Contact/GetContactEntity ok"),
        ("Contact", "SaveContactEntity", "REST POST /api/v1/Agents/Contact/SaveContactEntity ok")]
    assert entries[0]["user"] == "ADMIN" and entries[1]["succeeded"] is False
    assert "Journal AS" in entries[3]["request"]


def test_fault_rules_apply_to_rest_calls(rest: Rest, soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("Contact", "GetContactEntity", "error", exception_type="SoDatabaseException",
                  message="Deadlock victim", times=1)
    assert error_of(rest.call("GET", "/v1/Contact/2")) == (500, "SoDatabaseException")
    assert rest.ok("GET", "/v1/Contact/2")["ContactId"] == 2
    soapsvc.fault("Contact", "GetContactEntity", "http", status=503, message="Service Unavailable", times=1)
    assert rest.call("POST", "/v1/Agents/Contact/GetContactEntity?contactEntityId=2").status_code == 503
    soapsvc.fault("Contact", "SaveContactEntity", "fault", faultcode="Server", message="injected", times=1)
    assert error_of(rest.call("POST", "/v1/Contact", {"Name": "X"})) == (500, "Server")
    assert rest.ok("GET", "/v1/Contact/2")["ContactId"] == 2
