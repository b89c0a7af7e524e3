"""Services84-87: zeep built from each version's REFERENCE WSDL, through gunicorn, on the Services88 store.

zeep is strict (an element its contract lacks fails the parse), so every answer read here proves the
answer rewrite gave exactly the version's types.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import requests
from zeep import Client
from zeep.helpers import serialize_object

from soapsvc.contract.catalogue import OPERATIONS as CURRENT
from soapsvc.contract.older import OPERATIONS, VERSIONS
from tests.agents.support import Agents, new_tenant, ok
from tests.conftest import ROOT, Server

OLDER = ROOT / "wsdl" / "reference" / "older"
NS = "http://www.superoffice.net/ws/crm/NetServer/Services{}"


@cache
def _client(version: int, agent: str) -> Client:
    return Client(str(OLDER / f"Services{version}" / f"{agent}.wsdl"))


def service(base: str, version: int, agent: str, tenant: str) -> Any:
    return _client(version, agent).create_service(
        f"{{{NS.format(version)}}}BasicHttpBinding_{agent}", f"{base}/{tenant}/Remote/Services{version}/{agent}.svc")


class Versioned:
    """zeep clients of one version and tenant, logged in through that version's SoPrincipal."""

    def __init__(self, base: str, version: int, tenant: str) -> None:
        self.base, self.version, self.tenant = base, version, tenant
        answer = service(base, version, "SoPrincipal", tenant).AuthenticateUsernamePassword("ADMIN", "admin")
        assert answer.body.AuthenticationSucceeded is True
        assert (answer.body.Response.Associate, answer.body.Response.AssociateId) == ("ADMIN", 1)
        self.headers = {"Credentials": {"Ticket": answer.body.Credentials.Ticket}}

    def __getattr__(self, agent: str) -> Any:
        svc, headers = service(self.base, self.version, agent, self.tenant), self.headers

        class Bound:
            def __getattr__(self, operation: str) -> Any:
                return lambda *a, **k: getattr(svc, operation)(*a, _soapheaders=headers, **k)

        return Bound()


@pytest.fixture(params=VERSIONS, ids=[f"Services{v}" for v in VERSIONS])
def older(request: pytest.FixtureRequest, server: Server) -> Versioned:
    return Versioned(server, request.param, new_tenant())


CONTACT = {"Name": "Legacy Client AS", "Department": "Integration", "OrgNr": "912345678",
           "Description": "Saved through an older contract", "NoMailing": True}
PERSON = {"Firstname": "Ada", "MiddleName": "King", "Lastname": "Lovelace", "Title": "Analyst",
          "Description": "Saved through an older contract"}


def _filled(entity: Any, values: dict[str, Any]) -> Any:
    for key, value in values.items():
        setattr(entity, key, value)
    return entity


def _same(saved: Any, got: Any, values: dict[str, Any]) -> None:
    """Every field sent is read back, non-null and equal, and the whole read equals the save's answer."""
    for key, value in values.items():
        assert getattr(got, key) is not None and getattr(got, key) == value, key
    assert serialize_object(got, dict) == serialize_object(saved, dict)


def test_contact_and_person_round_trip(older: Versioned) -> None:
    saved = ok(older.Contact.SaveContactEntity(_filled(ok(older.Contact.CreateDefaultContactEntity()), CONTACT)))
    got = ok(older.Contact.GetContactEntity(saved.ContactId))
    _same(saved, got, CONTACT)
    assert got.ContactId > 0
    for reference in (got.Associate, got.Country, got.Business, got.Category, got.CreatedBy):
        assert reference is not None
    assert (got.Country.CountryId, got.Business.Id, got.CreatedBy.AssociateId) == (578, 1, 1)
    light = ok(older.Contact.GetContact(saved.ContactId))
    assert (light.ContactId, light.Name, light.Department) == (saved.ContactId, CONTACT["Name"], "Integration")

    person = _filled(ok(older.Person.CreateDefaultPersonEntity()), PERSON)
    person.Contact = {"ContactId": saved.ContactId}
    stored = ok(older.Person.SavePersonEntity(person))
    read = ok(older.Person.GetPersonEntity(stored.PersonId))
    _same(stored, read, PERSON)
    assert read.Contact.ContactId == saved.ContactId and read.Contact.Name == CONTACT["Name"]
    assert read.FullName == "Ada King Lovelace"
    listed = ok(older.Person.GetPersonList({"int": [stored.PersonId, 99999]})).Person
    assert [(p.PersonId, p.ContactId) for p in listed] == [(stored.PersonId, saved.ContactId)]


def test_list_and_mdo_read(older: Versioned) -> None:
    items = ok(older.MDO.GetList("category", False, "", False)).MDOListItem
    assert [(i.Id, i.Name) for i in items][:1] == [(1, "Customer")]
    assert all(i.Id is not None and i.Name for i in items)
    contacts = ok(older.Contact.GetContactList({"int": [1, 2, 99999]})).Contact
    assert [c.ContactId for c in contacts] == [1, 2] and all(c.Name for c in contacts)


def test_saved_in_services87_is_read_in_services88_and_back(server: Server) -> None:
    tenant = new_tenant()
    old, current = Versioned(server, 87, tenant), Agents(server, tenant)
    saved = ok(old.Contact.SaveContactEntity(_filled(ok(old.Contact.CreateDefaultContactEntity()), CONTACT)))
    now = ok(current.Contact.GetContactEntity(saved.ContactId))
    assert {k: getattr(now, k) for k in CONTACT} == CONTACT
    now.Department = "Changed in Services88"
    ok(current.Contact.SaveContactEntity(now))
    back = ok(old.Contact.GetContactEntity(saved.ContactId))
    assert back.Department == "Changed in Services88" and back.Name == CONTACT["Name"]
    assert back.ContactId == saved.ContactId and back.UpdatedBy.AssociateId == 1


def _post(server: Server, version: int, agent: str, operation: str, ns: str, inner: str = "") -> requests.Response:
    body = (f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
            f'<{operation} xmlns="{ns}">{inner}</{operation}></s:Body></s:Envelope>')
    return requests.post(f"{server}/Remote/Services{version}/{agent}.svc", data=body.encode(), timeout=30,
                         headers={"Content-Type": "text/xml; charset=utf-8",
                                  "SOAPAction": f'"{ns}/{agent}/{operation}"'})


def test_operation_only_in_newer_contracts_is_refused(server: Server) -> None:
    newer = sorted(op for agent, op in CURRENT if agent == "Contact" and op not in OPERATIONS[84]["Contact"])
    assert newer, "Services88's Contact has operations Services84's lacks"
    answer = _post(server, 84, "Contact", newer[0], NS.format(84))
    assert answer.status_code == 500
    assert "a:ActionNotSupported</faultcode>" in answer.text
    assert f"Action '{NS.format(84)}/Contact/{newer[0]}' cannot be processed" in answer.text
    # a Services88 body sent to a Services87 address is another contract's action, refused the same way
    assert "ActionNotSupported" in _post(server, 87, "Contact", "GetContact", NS.format(88), "<ContactId>1</ContactId>"
                                         ).text
    retired = _post(server, 87, "FreeText", "AddWords", NS.format(87))  # in the WSDL, gone from Services88
    assert retired.status_code == 500 and "s:Server</faultcode>" in retired.text and "retired" in retired.text
    shared = _post(server, 84, "Contact", "GetContact", NS.format(84), "<ContactId>1</ContactId>")
    assert shared.status_code == 200 and NS.format(84) in shared.text and NS.format(88) not in shared.text


def test_answers_hold_only_the_versions_fields(server: Server) -> None:
    """Raw answers: Services88's newer ContactEntity fields are gone at Services84, there at Services88."""
    tenant = new_tenant()
    ticket = Versioned(server, 84, tenant).headers["Credentials"]["Ticket"]
    header = f'<s:Header><Credentials xmlns="{{ns}}"><Ticket>{ticket}</Ticket></Credentials></s:Header>'

    def read(version: int) -> str:
        ns = NS.format(version)
        body = (f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">{header.format(ns=ns)}<s:Body>'
                f'<GetContactEntity xmlns="{ns}"><ContactEntityId>1</ContactEntityId></GetContactEntity>'
                "</s:Body></s:Envelope>")
        answer = requests.post(f"{server}/{tenant}/Remote/Services{version}/Contact.svc", data=body.encode(),
                               headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=30)
        assert answer.status_code == 200 and "<Succeeded>true</Succeeded>" in answer.text.replace("tns:", "")
        return answer.text

    old, current = read(84), read(88)
    for newer in ("BounceEmails", "Domains", "UtmParameters", "CustomFields"):
        element = re.compile(rf"<(\w+:)?{newer}[ />]")
        assert element.search(current) and not element.search(old), newer
    assert re.search(r"<(\w+:)?OrgNr[ />]", old)
    assert "Services88" not in old and "Services84" in old


@pytest.mark.parametrize("version", VERSIONS)
def test_wsdl_is_the_versions_reference_with_the_address_asked(server: Server, version: int) -> None:
    url = f"{server}/Cust777/Remote/Services{version}/Contact.svc"
    served = requests.get(url + "?wsdl", timeout=30).content
    reference = (OLDER / f"Services{version}" / "Contact.wsdl").read_bytes()
    assert f'location="{url}"'.encode() in served
    assert served.replace(url.encode(), b"") == reference.replace(
        f"https://sod.superoffice.com/Cust12345/Remote/Services{version}/Contact.svc".encode(), b"")
    assert requests.get(f"{server}/Remote/Services84/Ticket.svc?wsdl", timeout=30).status_code == 404


def test_services84_differences_renamed_retyped_reordered(server: Server) -> None:
    """Services84's own shapes: GetTaskList's TaskIds (SoTaskIds in 88), UserGroup.Deleted as a short,
    ProjectMember's field order (zeep reads a sequence in order: a field out of place fails the parse)."""
    tenant = new_tenant()
    old, current = Versioned(server, 84, tenant), Agents(server, tenant)
    ids = [t.TaskListItemId for t in ok(current.List.GetAllTasks(False)).TaskListItem][:2]
    assert len(ids) == 2
    tasks = ok(current.List.GetTaskList(SoTaskIds={"int": ids})).Task
    listed = ok(old.List.GetTaskList(TaskIds={"int": ids})).Task
    assert [(t.Id, t.Value) for t in listed] == [(t.Id, t.Value) for t in tasks] and all(t.Value for t in listed)
    assert [t.Id for t in listed] == ids
    group = ok(current.User.SaveUserGroup({"Id": 0, "Value": "Legacy group", "Tooltip": "8.4", "Rank": 3,
                                           "Deleted": False}))
    same = ok(old.User.GetUserGroup(group.Id))
    assert (same.Id, same.Value, same.Rank) == (group.Id, group.Value, group.Rank) and same.Value
    assert group.Deleted is False and same.Deleted == 0 and type(same.Deleted) is int
    member = ok(old.Project.CreateDefaultProjectMember())
    fields = list(serialize_object(member, dict))
    assert member.ProjectmemberId == 0 and fields[-2:] == ["ProjectmemberId", "FullName"]
    assert "ProjectName" not in fields and "ProjectName" in serialize_object(
        ok(current.Project.CreateDefaultProjectMember()), dict)
