"""Every endpoint of the admin API over HTTP against gunicorn (2 workers), bad input included."""

from __future__ import annotations

import json

import pytest

from soapsvc.admin.client import AdminError
from soapsvc.pytest_plugin import SoapsvcServer, SoapsvcTenant
from tests.admin.support import http
from tests.interop.zeep_clients import service


def contact(tenant: SoapsvcTenant, contact_id: int) -> object:
    """GetContactEntity's Response (None for no such contact), with the tenant's current ticket."""
    answer = service(tenant.url, "Contact", tenant.name).GetContactEntity(contact_id, _soapheaders=tenant.headers)
    assert answer.header.Succeeded is True, answer.header.ExceptionInfo.Message
    return answer.body.Response


def add_contact(tenant: SoapsvcTenant, name: str) -> int:
    agent = service(tenant.url, "Contact", tenant.name)
    entity = agent.CreateDefaultContactEntity(_soapheaders=tenant.headers).body.Response
    entity.Name = name
    return agent.SaveContactEntity(entity, _soapheaders=tenant.headers).body.Response.ContactId


def refused(call: object, status: int, words: str) -> None:
    with pytest.raises(AdminError) as err:
        call()
    assert err.value.status == status, err.value.message
    assert words in err.value.message, err.value.message


def test_root_lists_the_endpoints_data_sets_and_fault_kinds(soapsvc_server: SoapsvcServer) -> None:
    root = soapsvc_server.admin.request("GET", "")
    assert "POST /_soapsvc/api/tenants/{tenant}/snapshots/{name}/restore  put the rows back as saved (tickets " \
           "end)" in root["endpoints"]
    assert set(root["datasets"]) == {"default", "empty", "large"}
    assert root["datasets"]["large"]["parameters"] == ["contacts"]
    assert set(root["fault_kinds"]) == {"error", "fault", "http", "delay", "drop"}


def test_tenants_lists_the_tenants(soapsvc: SoapsvcTenant) -> None:
    assert soapsvc.name in soapsvc.admin.request("GET", "/tenants")["tenants"]


def test_reset_puts_the_seed_data_back_and_ends_the_tickets(soapsvc: SoapsvcTenant) -> None:
    assert add_contact(soapsvc, "Gone Soon AS") == 7
    old = soapsvc.ticket
    answer = soapsvc.admin.reset(soapsvc.name)
    assert answer["dataset"] == "default" and "log in again" in answer["tickets"]
    stale = service(soapsvc.url, "Contact", soapsvc.name).GetContactEntity(7, _soapheaders={
        "Credentials": {"Ticket": old}})
    assert stale.header.ExceptionInfo.ExceptionType == "SoSecurityException"
    soapsvc.login()
    assert contact(soapsvc, 7) is None
    assert contact(soapsvc, 2).Name == "Nordic Fisheries AS"


def test_seed_loads_the_named_data_sets(soapsvc: SoapsvcTenant) -> None:
    assert "nothing else" in soapsvc.seed("empty")["holds"]
    assert contact(soapsvc, 2) is None and contact(soapsvc, 1).Name == "soapsvc Demo AS"
    assert "ids 7 to 31" in soapsvc.seed("large", contacts=25)["holds"]
    assert contact(soapsvc, 31).Name == "Company 0000031" and contact(soapsvc, 2) is not None
    soapsvc.seed("default")
    assert contact(soapsvc, 7) is None and contact(soapsvc, 2).Name == "Nordic Fisheries AS"


def test_seed_refuses_unknown_data_sets_and_parameters(soapsvc: SoapsvcTenant) -> None:
    admin, name = soapsvc.admin, soapsvc.name
    refused(lambda: admin.seed(name, "huge"), 400, "no data set 'huge'; the data sets are: default, empty, large")
    refused(lambda: admin.seed(name, "large", contacts="many"), 400, "`contacts` must be an integer from 1")
    refused(lambda: admin.seed(name, "large", contacts=0), 400, "`contacts` must be an integer from 1")
    refused(lambda: admin.seed(name, "empty", contacts=3), 400, "data set empty takes no contacts")
    assert contact(soapsvc, 2).Name == "Nordic Fisheries AS"  # nothing was changed


def test_snapshot_and_restore_put_back_the_rows_as_saved(soapsvc: SoapsvcTenant) -> None:
    assert add_contact(soapsvc, "Kept AS") == 7
    saved = soapsvc.snapshot("one")
    assert saved["name"] == "one" and saved["rows"] > 100
    assert add_contact(soapsvc, "Lost AS") == 8
    listed = soapsvc.admin.request("GET", f"/tenants/{soapsvc.name}/snapshots")["snapshots"]
    assert [(s["name"], s["rows"]) for s in listed] == [("one", saved["rows"])]
    assert soapsvc.restore("one")["restored"]["rows"] == saved["rows"]
    assert contact(soapsvc, 7).Name == "Kept AS" and contact(soapsvc, 8) is None
    assert add_contact(soapsvc, "Next AS") == 8  # the id sequence came back too
    soapsvc.snapshot("one")  # the same name again replaces it
    assert len(soapsvc.admin.request("GET", f"/tenants/{soapsvc.name}/snapshots")["snapshots"]) == 1
    soapsvc.admin.request("DELETE", f"/tenants/{soapsvc.name}/snapshots/one")
    refused(lambda: soapsvc.restore("one"), 404, "has no snapshot 'one'")


def test_snapshots_refuse_bad_names_and_unknown_tenants(soapsvc: SoapsvcTenant) -> None:
    admin, path = soapsvc.admin, f"/tenants/{soapsvc.name}/snapshots"
    refused(lambda: admin.request("POST", path, {}), 400, 'send {"name": "..."}')
    refused(lambda: admin.snapshot(soapsvc.name, "with space"), 400, "letters, digits")
    refused(lambda: admin.request("DELETE", path + "/never"), 404, "no snapshot 'never'")
    refused(lambda: admin.snapshot("NoSuchTenant42", "x"), 404, "there is no tenant NoSuchTenant42")


def test_journal_filters_pages_and_clears(soapsvc: SoapsvcTenant) -> None:
    for contact_id in (1, 2, 3):
        contact(soapsvc, contact_id)
    service(soapsvc.url, "SoPrincipal", soapsvc.name).GetSystemInfo()
    admin, name = soapsvc.admin, soapsvc.name
    assert [e["operation"] for e in admin.journal(name)] == ["GetSystemInfo"] + ["GetContactEntity"] * 3
    by_agent = admin.journal(name, agent="contact", operation="getcontactentity", limit=2)
    assert len(by_agent) == 2 and {e["agent"] for e in by_agent} == {"Contact"}
    newest = by_agent[0]["id"]
    assert [e["operation"] for e in admin.journal(name, after=newest)] == ["GetSystemInfo"]
    assert "request" not in admin.journal(name, bodies=False)[0]
    assert admin.clear_journal(name) == 4 and admin.journal(name) == []


@pytest.mark.parametrize(("query", "words"), [
    ("limit=0", "`limit` must be an integer from 1 to 10000"), ("limit=x", "`limit` must be an integer"),
    ("after=-1", "`after` must be an integer"), ("bodies=yes", "`bodies` must be 0 or 1")])
def test_journal_refuses_bad_queries(soapsvc: SoapsvcTenant, query: str, words: str) -> None:
    status, _h, body = http("GET", f"{soapsvc.url}/_soapsvc/api/tenants/{soapsvc.name}/journal?{query}")
    assert status == 400 and words in json.loads(body)["error"]


def test_fault_rules_are_added_listed_and_deleted(soapsvc: SoapsvcTenant) -> None:
    first = soapsvc.fault("contact", "getcontactentity", "error", exception_type="SoDatabaseException", times=2)
    assert (first["agent"], first["operation"], first["exception_type"], first["times"]) == (
        "Contact", "GetContactEntity", "SoDatabaseException", 2)
    second = soapsvc.fault("*", kind="http", status=502, share=0.5, seed=3)
    assert (second["operation"], second["status"], second["times"], second["share"]) == ("*", 502, None, 0.5)
    assert [r["id"] for r in soapsvc.faults()] == [first["id"], second["id"]]
    assert soapsvc.admin.clear_faults(soapsvc.name, first["id"]) == 1
    refused(lambda: soapsvc.admin.clear_faults(soapsvc.name, first["id"]), 404, f"no fault rule {first['id']}")
    assert soapsvc.clear_faults() == 1 and soapsvc.faults() == []


@pytest.mark.parametrize(("rule", "words"), [
    ({"kind": "error"}, "`agent` is required"),
    ({"agent": "Kontakt", "kind": "error"}, "no agent 'Kontakt' in the contract"),
    ({"agent": "Contact", "operation": "GetKontakt", "kind": "error"}, "Contact has no operation 'GetKontakt'"),
    ({"agent": "Contact", "kind": "explode"}, "`kind` must be one of error, fault, http, delay, drop"),
    ({"agent": "Contact", "kind": "error", "colour": "red"}, "unknown field(s) colour"),
    ({"agent": "Contact", "kind": "delay"}, "needs `delay`"),
    ({"agent": "Contact", "kind": "delay", "delay": 301}, "`delay` must be between 0 and 300"),
    ({"agent": "Contact", "kind": "error", "times": 0}, "`times` must be between 1"),
    ({"agent": "Contact", "kind": "error", "times": 1.5}, "`times` must be an integer"),
    ({"agent": "Contact", "kind": "error", "share": 0}, "`share` must be above 0"),
    ({"agent": "Contact", "kind": "http", "status": 99}, "`status` must be between 200 and 599"),
    ({"agent": "Contact", "kind": "error", "message": 5}, "`message` must be a string"),
])
def test_fault_rules_refuse_bad_input(soapsvc: SoapsvcTenant, rule: dict, words: str) -> None:
    refused(lambda: soapsvc.admin.request("POST", f"/tenants/{soapsvc.name}/faults", rule), 400, words)
    assert soapsvc.faults() == []


@pytest.mark.parametrize(("method", "path", "body", "status", "words"), [
    ("POST", "/tenants/T1/faults", b"{not json", 400, "the body is not JSON"),
    ("POST", "/tenants/T1/faults", b"\xff\xfe", 400, "the body is not JSON"),
    ("POST", "/tenants/T1/seed", b"[1, 2]", 400, "the body must be a JSON object"),
    ("GET", "/tenants/T1/nothing", None, 404, "no admin endpoint /tenants/T1/nothing"),
    ("GET", "/tenants/bad%20name/journal", None, 404, "no admin endpoint"),
    ("PUT", "/tenants/T1/journal", b"{}", 405, "use DELETE or GET"),
])
def test_bad_requests_get_a_message_never_a_traceback(soapsvc_server: SoapsvcServer, method: str, path: str,
                                                       body: bytes | None, status: int, words: str) -> None:
    headers = {"Authorization": f"Bearer {soapsvc_server.admin.token}", "Content-Type": "application/json"}
    got, answer_headers, answer = http(method, f"{soapsvc_server.url}/_soapsvc/api{path}", body, headers)
    assert got == status
    assert answer_headers["Content-Type"].startswith("application/json")
    assert words in json.loads(answer)["error"] and b"Traceback" not in answer
