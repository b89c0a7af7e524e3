"""The journal has every call this test made, in order, with who made it and what went over the wire."""

from zeep import Client

from soapsvc.pytest_plugin import SoapsvcTenant


def test_the_journal_shows_my_calls(soapsvc: SoapsvcTenant) -> None:
    contacts = Client(soapsvc.wsdl("Contact")).service
    contacts.GetContactEntity(2, _soapheaders=soapsvc.headers)
    contacts.GetContactEntity(4711, _soapheaders=soapsvc.headers)

    calls = soapsvc.journal()
    assert [(c["agent"], c["operation"], c["user"], c["status"], c["succeeded"]) for c in calls] == [
        ("Contact", "GetContactEntity", "ADMIN", 200, True),
        ("Contact", "GetContactEntity", "ADMIN", 200, True),
    ]
    assert "ContactEntityId>2</" in calls[0]["request"]
    assert "Nordic Fisheries AS" in calls[0]["response"]
    assert "ContactEntityId>4711</" in calls[1]["request"]
    assert all(c["duration_ms"] > 0 for c in calls)
