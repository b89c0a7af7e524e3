"""Injected trouble on Contact.GetContactEntity: a NetServer error (Succeeded false), then a 3-second delay."""

import time

from zeep import Client

from soapsvc.pytest_plugin import SoapsvcTenant


def test_an_injected_error_then_a_delay(soapsvc: SoapsvcTenant) -> None:
    soapsvc.fault("Contact", "GetContactEntity", "error", exception_type="SoDatabaseException",
                  message="Transaction (Process ID 66) was deadlocked")
    soapsvc.fault("Contact", "GetContactEntity", "delay", delay=3)
    contacts = Client(soapsvc.wsdl("Contact")).service

    failed = contacts.GetContactEntity(2, _soapheaders=soapsvc.headers)
    assert failed.header.Succeeded is False
    assert failed.header.ExceptionInfo.ExceptionType == "SoDatabaseException"
    assert failed.header.ExceptionInfo.Message == "Transaction (Process ID 66) was deadlocked"

    started = time.monotonic()
    slow = contacts.GetContactEntity(2, _soapheaders=soapsvc.headers)
    assert time.monotonic() - started >= 3
    assert slow.header.Succeeded is True and slow.body.Response.Name == "Nordic Fisheries AS"

    started = time.monotonic()
    assert contacts.GetContactEntity(2, _soapheaders=soapsvc.headers).header.Succeeded is True
    assert time.monotonic() - started < 2  # each rule answered one call (times defaults to 1)

    outcomes = [c["outcome"] for c in soapsvc.journal()]
    assert outcomes[0].endswith("SoDatabaseException: Transaction (Process ID 66) was deadlocked")
    assert outcomes[1].startswith("[fault rule") and "delay" in outcomes[1] and outcomes[2] == "ok"
