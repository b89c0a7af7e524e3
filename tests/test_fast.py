"""The fast path (soapsvc.soap.fast) answers every Services88 call byte for byte as Spyne's path does.

Each request is answered twice by the same in-process Router, with the fast path on and with SOAPSVC_FAST=off
(Spyne's), and the two answers compared whole. First every operation of the contract, with random arguments
and a behaviour that records them and returns random results (the arguments each path read must be equal,
and the answers), then real calls on real behaviour: log-in, GetSystemInfo, Contact and Person Get and Save
(the Save sending back what the Get answered), an archive search, an error, a fault rule's injected error, a
nil wrapper, a missing ticket.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from soapsvc import agents, clock
from soapsvc.contract import catalogue as cat
from soapsvc.errors import NetServerError
from soapsvc.ns import SOAP_ENV, TNS
from soapsvc.soap import fast, replay
from soapsvc.soap.app import agents as all_agents
from soapsvc.soap.app import application
from tests.admin.support import InProcess
from tests.test_codec import _many, _value
from tests.test_reader import plain

SP = "SoPrincipal"
TICKET = re.compile(rb"7T:[A-Za-z0-9+/=]+")


@pytest.fixture
def app(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> InProcess:
    monkeypatch.setattr(replay, "CACHE", replay.AnswerCache(0))  # each path answers, none replays the other's
    fixed = clock.now().replace(microsecond=0)
    monkeypatch.setattr(clock, "now", lambda: fixed)  # a save stamps the same time on both paths
    return InProcess(tmp_path, monkeypatch)


def both(app: InProcess, monkeypatch: pytest.MonkeyPatch, agent: str, body: bytes) -> tuple[bytes, bytes]:
    """The answers (status and body) of the fast path and of Spyne's to the same request."""
    answers = []
    for mode in ("on", "off"):
        monkeypatch.setenv("SOAPSVC_FAST", mode)
        status, answer = app.request("POST", f"/{app.tenant}/Remote/Services88/{agent}.svc", body)
        answers.append(b"%d " % status + answer)
    return answers[0], answers[1]


def request(args: bytes, ticket: str | None, timezone: bool = False) -> bytes:
    """An envelope around an operation's wrapper element, with the three request headers."""
    creds = f"<Credentials><Ticket>{ticket}</Ticket></Credentials>" if ticket else ""
    zone = "<TimeZone><SoTimeZoneId>4</SoTimeZoneId><SoTimeZoneLocationCode>NO</SoTimeZoneLocationCode></TimeZone>"
    head = f'<s:Header xmlns="{TNS}"><ApplicationToken>t</ApplicationToken>{creds}{zone if timezone else ""}</s:Header>'
    return f'<s:Envelope xmlns:s="{SOAP_ENV}">{head}<s:Body>'.encode() + args + b"</s:Body></s:Envelope>"


def random_arguments(agent: str, name: str, rng: random.Random) -> bytes:
    """The operation's wrapper element with every parameter random, written by the codec."""
    operation = cat.OPERATIONS[(agent, name)]
    codec = application(agent).out_protocol.codec
    values = type("Args", (), {})()
    for f in operation.params:
        setattr(values, f.name, _many(rng, f, 0) if f.array else _value(rng, f.type, 0))
    wrapper = etree.Element(f"{{{TNS}}}{name}", nsmap={None: TNS})
    codec.fields(operation.params, TNS)(values, wrapper)
    return etree.tostring(wrapper)


def random_results(operation: cat.Operation, rng: random.Random) -> Any:
    values = [_many(rng, f, 0) if f.array else _value(rng, f.type, 0) for f in operation.returns]
    return values[0] if len(values) == 1 else tuple(values) if values else None


def covered() -> list[tuple[str, str]]:
    return sorted((agent, plan.name) for agent in all_agents() for plan in fast.agent_plan(agent).operations.values())


@pytest.mark.parametrize("chunk", range(4))
def test_every_operation_with_random_arguments_is_answered_as_spyne_does(
        chunk: int, app: InProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    ticket, read = app.login(), []

    def behaviour_of(agent: str, name: str) -> Any:
        def recorded(_call: Any, *args: Any) -> Any:
            read.append(plain(list(args)))
            rng = random.Random(repr(read[-1]))
            if rng.random() < 0.2:
                raise NetServerError("a random error", k="v")
            return random_results(cat.OPERATIONS[(agent, name)], rng)
        return recorded

    monkeypatch.setattr(agents, "behaviour_of", behaviour_of)
    operations, left = covered()[chunk::4], []
    for agent, name in operations:
        rng = random.Random(f"{agent}.{name}")
        body = request(random_arguments(agent, name, rng), ticket, timezone=rng.random() < 0.5)
        read.clear()
        try:
            fast.read(fast.agent_plan(agent), body)  # read by the fast path, not left to Spyne
        except fast.Fallback:
            left.append((agent, name))  # the anyType value of a StringObjectDictionary: Spyne's
        on, off = both(app, monkeypatch, agent, body)
        assert on == off, (agent, name)
        assert len(read) == 2 and read[0] == read[1], (agent, name)
    assert len(left) < len(operations) / 20, left


def test_real_calls_are_answered_as_spyne_does(app: InProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    login = request(b"<AuthenticateUsernamePassword xmlns='%s'><UserName>ADMIN"
                    b"</UserName><Password>admin</Password></AuthenticateUsernamePassword>" % TNS.encode(), None)
    fast.read(fast.agent_plan(SP), login)
    on, off = both(app, monkeypatch, SP, login)
    assert TICKET.sub(b"T", on) == TICKET.sub(b"T", off) and b"<tns:AuthenticationSucceeded>true" in on
    wrong = both(app, monkeypatch, SP, login.replace(b">admin<", b">wrong<"))
    assert wrong[0] == wrong[1] and b"<tns:AuthenticationSucceeded>false" in wrong[0]
    ticket = TICKET.search(on)[0].decode()
    calls = [(SP, b"<GetSystemInfo xmlns='%s'/>" % TNS.encode(), None),
             ("Contact", b"<GetContactEntity xmlns='%s'><ContactEntityId>2</ContactEntityId></GetContactEntity>"
              % TNS.encode(), ticket),
             ("Person", b"<GetPersonEntity xmlns='%s'><PersonEntityId>1</PersonEntityId></GetPersonEntity>"
              % TNS.encode(), ticket),
             ("Contact", b"<GetContactEntity xmlns='%s' xmlns:i='http://www.w3.org/2001/XMLSchema-instance' "
              b"i:nil='true'/>" % TNS.encode(), ticket),
             ("Contact", b"<GetContactEntity xmlns='%s'><ContactEntityId>2</ContactEntityId></GetContactEntity>"
              % TNS.encode(), None),
             ("Contact", b"<GetContactEntity xmlns='%s'><ContactEntityId>2</ContactEntityId></GetContactEntity>"
              % TNS.encode(), "7T:notaticket"),
             ("Archive", ARCHIVE, ticket)]
    for agent, args, with_ticket in calls:
        body = request(args, with_ticket)
        fast.read(fast.agent_plan(agent), body)
        on, off = both(app, monkeypatch, agent, body)
        assert on == off, (agent, args)
    assert b"Succeeded>false" in both(app, monkeypatch, "Contact", request(calls[4][1], None))[0]
    for agent, entity, key in (("Contact", "ContactEntity", 2), ("Person", "PersonEntity", 1)):
        got = app.soap(agent, f"Get{entity}", f"<{entity}Id>{key}</{entity}Id>", ticket)
        response = etree.fromstring(got).find(f".//{{{TNS}}}Response")
        response.tag = f"{{{TNS}}}{entity}"
        save = etree.Element(f"{{{TNS}}}Save{entity}", nsmap={None: TNS})
        save.append(response)
        body = request(etree.tostring(save), ticket)
        fast.read(fast.agent_plan(agent), body)
        on, off = both(app, monkeypatch, agent, body)
        assert on == off and b"<tns:Succeeded>true" in on, on[:2000]
    rule = {"agent": "Contact", "operation": "GetContactEntity", "kind": "error", "times": 2}
    assert app.api("POST", f"/tenants/{app.tenant}/faults", rule)[0] == 201
    on, off = both(app, monkeypatch, "Contact", request(calls[1][1], ticket))
    assert on == off and b"<tns:Succeeded>false" in on


ARR = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
ARCHIVE = (f"<GetArchiveListByColumns xmlns='{TNS}' xmlns:a='{ARR}'><ProviderName>contact</ProviderName><Columns>"
           "<a:string>contactId</a:string><a:string>name</a:string></Columns><SortOrder><ArchiveOrderByInfo><Name>name"
           "</Name><Direction>ASC</Direction></ArchiveOrderByInfo></SortOrder><Restriction><ArchiveRestrictionInfo>"
           "<Name>name</Name><Operator>begins</Operator><Values><a:string>N</a:string></Values><IsActive>true"
           "</IsActive></ArchiveRestrictionInfo></Restriction><Page>0</Page><PageSize>50</PageSize>"
           "</GetArchiveListByColumns>").encode()


def test_what_the_fast_path_does_not_read_is_left_to_spyne() -> None:
    plan = fast.agent_plan("Contact")
    good = request(b"<GetContactEntity xmlns='%s'><ContactEntityId>2</ContactEntityId></GetContactEntity>"
                   % TNS.encode(), "t")
    fast.read(plan, good)
    for bad in (good.replace(b">2<", b">99999999999<"), good.replace(b">2<", b">x<"), b"<x/>", b"not xml",
                good.replace(b"</s:Body>", b"<Other/></s:Body>"), good.replace(b"GetContactEntity", b"GetNothing")):
        with pytest.raises(fast.Fallback):
            fast.read(plan, bad)


FRESH_PROCESS = """
import io, json, sys
from soapsvc.config import Settings
from soapsvc.soap import app as spyne
from soapsvc.soap.wsgi import Router

def call(path, body):
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "", "CONTENT_LENGTH": str(len(body)),
           "CONTENT_TYPE": "text/xml; charset=utf-8", "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
           "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1"}
    return b"".join(router(env, lambda *a: None)).decode()

def built():
    return [a for a in spyne.agents() if spyne.built(a)]

router = Router(Settings.from_env())
router.prepare()
login, get = sys.stdin.buffer.read().split(b"\\0")
ticket = call("/Remote/Services88/SoPrincipal.svc", login).split("Ticket>")[1].split("<")[0]
get = get.replace(b"TICKET", ticket.encode())
out = [call("/Remote/Services88/Contact.svc", get), built()]
out += [call("/Remote/Services88/Contact.svc", get.replace(b"<ContactEntityId>", b"<ContactEntityId q:x='1' "
                                                               b"xmlns:q='urn:q'>")), built()]
print(json.dumps(out))
"""


def test_the_fast_path_needs_no_spyne_application(tmp_path: Any) -> None:
    """A worker answers from the catalogue's plans alone; Spyne's Application of an agent is built only when
    a request needs it (here an attribute the fast path leaves to Spyne), and answers the same."""
    login = request(f"<AuthenticateUsernamePassword xmlns='{TNS}'><UserName>ADMIN</UserName><Password>admin"
                    "</Password></AuthenticateUsernamePassword>".encode(), None)
    get = request(f"<GetContactEntity xmlns='{TNS}'><ContactEntityId>2</ContactEntityId></GetContactEntity>".encode(),
                  "TICKET")
    env = {"PATH": "/usr/bin:/bin", "SOAPSVC_DB_PATH": str(tmp_path / "db.sqlite3"),
           "PYTHONPATH": str(Path(__file__).parent.parent)}
    out = subprocess.run([sys.executable, "-c", FRESH_PROCESS], input=login + b"\0" + get, capture_output=True,
                         env=env, cwd=tmp_path, timeout=120, check=True).stdout
    fast_answer, built_before, spyne_answer, built_after = json.loads(out)
    assert built_before == []
    assert built_after == ["Contact"]
    for answer in (fast_answer, spyne_answer):
        assert "<tns:Succeeded>true</tns:Succeeded>" in answer and "<tns:ContactId>2</tns:ContactId>" in answer
    assert spyne_answer == fast_answer
