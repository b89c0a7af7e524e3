"""Fault and latency injection against gunicorn with 2 workers: each kind, counts, draws, tenants."""

from __future__ import annotations

import http.client
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from lxml import etree

from soapsvc.ns import SOAP_ENV, TNS
from soapsvc.pytest_plugin import SoapsvcServer, SoapsvcTenant
from tests.admin.support import soap


def get_contact(tenant: SoapsvcTenant, contact_id: int = 2) -> tuple[int, bytes]:
    return soap(tenant.address("Contact"), "GetContactEntity", f"<ContactEntityId>{contact_id}</ContactEntityId>",
                tenant.ticket)


def header(body: bytes, name: str) -> str | None:
    return etree.fromstring(body).findtext(f"{{{SOAP_ENV}}}Header//{{{TNS}}}{name}")


def test_error_answers_netserver_error_for_the_next_calls_then_stops(soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("Contact", "GetContactEntity", "error", exception_type="SoDatabaseException",
                  message="Deadlock victim", times=2)
    for _ in range(2):
        status, body = get_contact(soapsvc)
        assert status == 200
        assert (header(body, "Succeeded"), header(body, "ExceptionType"), header(body, "Message")) == (
            "false", "SoDatabaseException", "Deadlock victim")
    status, body = get_contact(soapsvc)
    assert header(body, "Succeeded") == "true" and b"Nordic Fisheries AS" in body
    assert [(r["fired"], r["times"]) for r in soapsvc.faults()] == [(2, 0)]


def test_error_comes_after_the_ticket_check(soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("Contact", "GetContactEntity", "error", times=1)
    _status, body = soap(soapsvc.address("Contact"), "GetContactEntity", "<ContactEntityId>2</ContactEntityId>")
    assert header(body, "ExceptionType") == "SoSecurityException"


def test_fault_answers_a_soap_fault(soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("Contact", "GetContactEntity", "fault", faultcode="Server.Busy", message="Try later")
    status, body = get_contact(soapsvc)
    fault = etree.fromstring(body).find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert status == 500 and (fault.findtext("faultcode"), fault.findtext("faultstring")) == ("s:Server.Busy",
                                                                                               "Try later")


def test_http_answers_the_status(soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("Contact", "*", "http", status=503, message="Down for maintenance")
    assert get_contact(soapsvc) == (503, b"Down for maintenance\n")
    assert get_contact(soapsvc)[0] == 200


def test_delay_waits_then_answers_as_usual(soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("Contact", "GetContactEntity", "delay", delay=0.6)
    started = time.monotonic()
    status, body = get_contact(soapsvc)
    assert time.monotonic() - started >= 0.6 and status == 200 and b"Nordic Fisheries AS" in body
    assert soapsvc.journal()[-1]["duration_ms"] >= 600


def test_drop_closes_the_connection_without_an_answer(soapsvc: SoapsvcTenant) -> None:
    rule = soapsvc.fault("Contact", "GetContactEntity", "drop")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        get_contact(soapsvc)
    assert get_contact(soapsvc)[0] == 200
    dropped, answered = soapsvc.journal(agent="Contact")
    assert (dropped["status"], dropped["outcome"]) == (0, f"[fault rule {rule['id']}: drop] connection dropped")
    assert answered["outcome"] == "ok"


def test_a_share_of_calls_is_drawn_the_same_way_for_the_same_seed(soapsvc: SoapsvcTenant) -> None:
    def pattern() -> list[bool]:
        soapsvc.clear_faults()
        soapsvc.fault("Contact", "GetContactEntity", "http", status=502, share=0.4, seed=11)
        return [get_contact(soapsvc)[0] == 502 for _ in range(20)]

    first = pattern()
    assert 2 <= sum(first) <= 14
    assert pattern() == first


def test_the_next_n_calls_count_across_workers(soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("Contact", "GetContactEntity", "http", status=429, times=5)
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: get_contact(soapsvc)[0], range(24)))
    assert sorted(statuses).count(429) == 5 and statuses.count(200) == 19


def test_any_agent_and_operation_with_a_star(soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("*", "*", "http", status=504, times=2)
    assert soap(soapsvc.address("SoPrincipal"), "GetSystemInfo")[0] == 504
    assert get_contact(soapsvc)[0] == 504
    assert get_contact(soapsvc)[0] == 200


def test_rules_apply_to_their_tenant_only(soapsvc: SoapsvcTenant, soapsvc_server: SoapsvcServer) -> None:
    other = soapsvc_server.tenant(soapsvc.name[:40] + "-other")
    soapsvc.fault("Contact", "GetContactEntity", "http", status=503, times=1)
    assert get_contact(other)[0] == 200
    assert get_contact(soapsvc)[0] == 503
