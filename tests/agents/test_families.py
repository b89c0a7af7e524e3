"""Every entity family of the contract, driven by the catalogue, through zeep built from the reference WSDL.

One case per family with CreateDefault and Save: create default -> fill every string field -> save -> read
back each field equal -> the light readers find it -> delete -> read is nil. And per family with a reference
field: a save naming something that does not exist is refused and changes nothing stored.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from lxml import etree

from soapsvc.agents import kit, kit_fields
from soapsvc.contract import catalogue as cat
from soapsvc.ns import SOAP_ENV, TNS
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server
from tests.test_protocol import post

FAMILIES = sorted(f.carrier for f in cat.FAMILIES.values() if {"CreateDefault", "Save", "Get"} <= set(f.operations))
MISSING = 987654
HAND = {"Contact", "Person", "Sale", "Appointment", "Project"}


@pytest.fixture(scope="module")
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def _computed(family: cat.Family) -> set[str]:
    """What the family's hand-written rules derive from other fields (`COMPUTED` of its agent module)."""
    module = importlib.import_module(f"soapsvc.agents.{family.agent.lower()}") if family.agent in HAND else None
    return set(getattr(module, "COMPUTED", {}).get(family.carrier, ()))


def _strings(family: cat.Family) -> list[str]:
    """The carrier's own string fields, but the stamps and what the family's rules compute."""
    plan = kit_fields.plan(family.carrier, family.id_field)
    return [name for name in plan.strings if name not in kit_fields.STAMPS and name not in _computed(family)]


def _op(agents: Agents, family: cat.Family, shape: str) -> Any:
    return getattr(getattr(agents, family.agent), family.operations[shape])


def _project(agents: Agents) -> int:
    project = ok(agents.Project.CreateDefaultProjectEntity())
    project.Name = "Members' project"
    return ok(agents.Project.SaveProjectEntity(project)).ProjectId


# What a family needs before it can be saved (the rest of its fields are the defaults).
# (A country's ISO codes and domain are columns of their width.)
REQUIRED = {"ProjectMember": lambda agents: {"ProjectId": _project(agents), "PersonId": 4},
            "Country": lambda _agents: {"TwoLetterISOCountry": "QZ", "ThreeLetterISOCountry": "QZZ",
                                        "DomainName": "qz"},
            # a webhook posts to an http(s) URL, listens for an event; its LastError is the server's to set
            "Webhook": lambda _agents: {"TargetUrl": "https://partner.example/hook", "LastError": "",
                                        "Events": {"string": ["contact.created"]}}}


def _saved(agents: Agents, family: cat.Family, tag: str) -> tuple[Any, dict[str, str]]:
    entity = ok(_op(agents, family, "CreateDefault")())
    required = REQUIRED.get(family.carrier, lambda _agents: {})(agents)
    for name, value in required.items():
        setattr(entity, name, value)
    assert getattr(entity, family.id_field) == 0
    sent = {name: f"{tag} {name} ÆØÅ" for name in _strings(family) if name not in required}
    for name, value in sent.items():
        setattr(entity, name, value)
    saved = ok(_op(agents, family, "Save")(entity))
    assert getattr(saved, family.id_field) > 0, f"{family.carrier}: saved without an id"
    return saved, sent


@pytest.mark.parametrize("carrier", FAMILIES)
def test_family_round_trip(agents: Agents, carrier: str) -> None:
    family = cat.FAMILIES[carrier]
    saved, sent = _saved(agents, family, carrier)
    entity_id = getattr(saved, family.id_field)
    read = ok(_op(agents, family, "Get")(entity_id))
    assert read is not None, f"{carrier} {entity_id} not read back"
    for name, value in sent.items():
        assert getattr(read, name) == value, f"{carrier}.{name}"
    if "GetLight" in family.operations:
        light = ok(_op(agents, family, "GetLight")(entity_id))
        assert light is not None
        light_id = cat.READERS[family.light][2]
        if light_id in kit_fields.all_fields(carrier) and light_id != family.id_field:
            assert getattr(light, light_id) == getattr(read, light_id)  # a light with no id of its own
        else:
            assert entity_id in [getattr(light, f) for f in kit_fields.all_fields(family.light) if f.endswith("Id")]
    if "GetList" in family.operations:
        many = ok(_op(agents, family, "GetList")({"int": [entity_id, MISSING]}))
        items = next(iter(many.__values__.values())) if many is not None else []
        assert len(items) == 1
    if "Delete" in family.operations:
        ok(_op(agents, family, "Delete")(entity_id))
        assert ok(_op(agents, family, "Get")(entity_id)) is None


def _reference_families() -> list[tuple[str, str]]:
    from soapsvc import agents

    agents.load()
    out = []
    for carrier in FAMILIES:
        refs = [r for r in kit.checked_refs(carrier) if r.field not in _computed(cat.FAMILIES[carrier])]
        if refs:
            out.append((carrier, refs[0].field))
    return out


@pytest.mark.parametrize(("carrier", "field"), _reference_families())
def test_invalid_reference_is_refused_and_nothing_changes(agents: Agents, carrier: str, field: str) -> None:
    family = cat.FAMILIES[carrier]
    saved, sent = _saved(agents, family, "kept")
    ref = kit_fields.plan(carrier, family.id_field).ref(field)
    assert ref is not None
    changed = saved
    for name in sent:
        setattr(changed, name, "changed")
    setattr(changed, field, {ref.target_id: MISSING} if ref.carried else MISSING)
    refused(_op(agents, family, "Save")(changed), str(MISSING))
    read = ok(_op(agents, family, "Get")(getattr(saved, family.id_field)))
    for name, value in sent.items():
        assert getattr(read, name) == value, f"{carrier}.{name} changed by a refused save"


def _raw_get(agents: Agents, family: cat.Family, entity_id: int) -> etree._Element:
    """The Response element of Get<X> as the wire has it (zeep would hide a missing element)."""
    op = cat.OPERATIONS[(family.agent, family.operations["Get"])]
    ticket = agents.headers["Credentials"]["Ticket"]
    body = (f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Header><Credentials xmlns="{TNS}"><Ticket>{ticket}</Ticket>'
            f'</Credentials></s:Header><s:Body><{op.name} xmlns="{TNS}"><{op.params[0].name}>{entity_id}'
            f'</{op.params[0].name}></{op.name}></s:Body></s:Envelope>').encode()
    status, answer = post(f"{agents.base}/{agents.tenant}/Remote/Services88/{family.agent}.svc", body)
    assert status == 200
    response = etree.fromstring(answer).find(f".//{{{TNS}}}{op.returns[0].name}")
    assert response is not None
    return response


@pytest.mark.parametrize("carrier", FAMILIES)
def test_every_value_element_is_sent(agents: Agents, carrier: str) -> None:
    """Every element the reference declares is in the answer, but references to nothing (left out, as
    Spyne leaves out a nil optional element)."""
    family = cat.FAMILIES[carrier]
    saved, _sent = _saved(agents, family, "present")
    sent = {child.tag.split("}")[1] for child in _raw_get(agents, family, getattr(saved, family.id_field))}
    values = [name for name, f in kit_fields.all_fields(carrier).items() if f.type not in cat.READERS]
    assert [name for name in values if name not in sent] == []
