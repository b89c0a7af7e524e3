"""The compiled codec (soapsvc.soap.codec) writes every contract type byte for byte as Spyne's own writer does.

Property-style: for every type of the catalogue, many random instances (seeded, so a failure names its
seed), every field set or left out, arrays of 0, 1 or many items (nil items where the item is nillable),
extreme integers, doubles, dates with and without a time, with and without a zone, NetServer's MinValue,
texts with markup characters and non-ASCII letters; nested carriers to a bounded depth.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from typing import Any

import pytest
from lxml import etree
from spyne.protocol.xml import XmlDocument

from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.soap.app import application
from soapsvc.soap.codec import Codec
from soapsvc.soap.members import FastMembers

INSTANCES = int(os.environ.get("CODEC_INSTANCES", "12"))
TEXTS = ["", "a&b<c>\"'", "Ærøskøbing Fisk AS", "日本語 ☃ 𝄞", "  spaced  ", "line\nbreak\ttab", "x" * 300]
INTS = {"int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1), "long": (-2**63, 2**63 - 1),
        "unsignedInt": (0, 2**32 - 1)}
MAX_DEPTH = 3


def _date(rng: random.Random) -> dt.datetime:
    pick = rng.randrange(5)
    if pick == 0:
        return dt.datetime(1, 1, 1)
    day = dt.datetime(rng.randint(1900, 2100), rng.randint(1, 12), rng.randint(1, 28))
    if pick == 1:
        return day  # a date without a time
    moment = day.replace(hour=rng.randrange(24), minute=rng.randrange(60), second=rng.randrange(60),
                         microsecond=rng.choice([0, rng.randrange(10**6)]))
    if pick == 2:
        return moment
    return moment.replace(tzinfo=dt.UTC if pick == 3 else dt.timezone(dt.timedelta(hours=rng.randint(-12, 14))))


def _primitive(rng: random.Random, name: str) -> Any:
    if name == "string":
        return rng.choice(TEXTS)
    if name in INTS:
        low, high = INTS[name]
        return rng.choice([low, high, 0, rng.randint(low, high)])
    if name == "boolean":
        return rng.random() < 0.5
    if name == "double":
        return rng.choice([0.0, -1.5, 1e308, -1e-300, rng.uniform(-1e9, 1e9)])
    if name == "dateTime":
        return _date(rng)
    if name == "duration":
        return dt.timedelta(seconds=rng.choice([0, 1.5, rng.randint(0, 10**8)]))
    if name == "base64Binary":
        return [bytes(rng.randrange(256) for _ in range(rng.randrange(8)))]
    raise AssertionError(name)


def _enum(rng: random.Random, name: str) -> str:
    enum = cat.ENUMS[name]
    names = [v[0] for v in enum.values]
    if enum.flags:
        return " ".join(rng.sample(names, rng.randint(1, min(3, len(names)))))
    return rng.choice(names)


def _value(rng: random.Random, type_name: str, depth: int) -> Any:
    if type_name in cat.ENUMS:
        return _enum(rng, type_name)
    typ = cat.TYPES.get(type_name)
    if typ is None:
        return _primitive(rng, type_name) if type_name != "anyType" else f"<v xmlns='urn:any'>{rng.randrange(99)}</v>"
    if typ.item is not None:
        return _many(rng, typ.item, depth)
    return _instance(rng, type_name, depth + 1) if depth < MAX_DEPTH else None


def _many(rng: random.Random, field: cat.Field, depth: int) -> list[Any]:
    count = rng.choice([0, 1, rng.randint(2, 4)])
    return [None if field.nillable and rng.random() < 0.2 else _value(rng, field.type, depth) for _ in range(count)]


def _fields(name: str) -> list[cat.Field]:
    typ = cat.TYPES[name]
    return (_fields(typ.base) if typ.base else []) + list(typ.fields)


def _instance(rng: random.Random, name: str, depth: int = 0) -> Any:
    item = cat.TYPES[name].item
    if item is not None:  # an ArrayOf wrapper: a list
        return _many(rng, item, depth)
    inst = getattr(t, name)()
    for f in _fields(name):
        if rng.random() < 0.15:
            value = None
        elif f.array:
            value = _many(rng, f, depth)
        else:
            value = _value(rng, f.type, depth)
        setattr(inst, f.name, value)
    return inst


def _spyne_written(protocol: Any, name: str, inst: Any) -> bytes:
    root = etree.Element("root")
    protocol.to_parent(None, getattr(t, name), inst, root, "urn:elsewhere", name)
    return etree.tostring(root)


def _codec_written(codec: Codec, name: str, inst: Any) -> bytes:
    root = etree.Element("root")
    codec.members(name)(inst, etree.SubElement(root, f"{{urn:elsewhere}}{name}"))
    return etree.tostring(root)


TYPES = [name for name in cat.TYPES if getattr(t, name, None) is not None]


def test_every_type_of_the_contract_is_covered() -> None:
    assert len(TYPES) == len(cat.TYPES) >= 759


@pytest.mark.parametrize("chunk", range(8))
def test_the_codec_writes_every_type_as_spyne_does(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    protocol = application("Contact").out_protocol
    codec = Codec(protocol)
    monkeypatch.setattr(FastMembers, "_get_members_etree", XmlDocument._get_members_etree)
    monkeypatch.setattr(protocol.codec, "for_class", lambda _cls: None)  # Spyne's own, no codec  # Spyne's own
    for name in TYPES[chunk::8]:
        for seed in range(INSTANCES):
            inst = _instance(random.Random(f"{name}:{seed}"), name)
            assert _codec_written(codec, name, inst) == _spyne_written(protocol, name, inst), (name, seed)


def _answers() -> list[tuple[str, str]]:
    return sorted({(o.agent, o.name) for o in cat.OPERATIONS.values() if o.returns})


@pytest.mark.parametrize("chunk", range(4))
def test_every_operations_answer_body_is_spynes(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The response element of every operation that returns something, with random results, as the SOAP
    answer writes it (Spyne's response wrapper, the codec's carriers and wrappers) and as Spyne alone does."""
    from soapsvc.soap.app import service_class

    written: dict[tuple[str, str, int], bytes] = {}
    cases = []
    for agent, name in _answers()[chunk::4]:
        protocol = application(agent).out_protocol
        message = service_class(agent).public_methods[name].out_message
        returns = cat.OPERATIONS[(agent, name)].returns
        for seed in range(max(1, INSTANCES // 4)):
            rng = random.Random(f"{agent}.{name}:{seed}")
            inst = message()
            for key, field in zip(message._type_info, returns, strict=True):
                setattr(inst, key, _many(rng, field, 0) if field.array else _value(rng, field.type, 0))
            cases.append((agent, name, seed, protocol, message, inst))
    for agent, name, seed, protocol, message, inst in cases:
        root = etree.Element("root")
        protocol.to_parent(None, message, inst, root, message.get_namespace(), message.get_type_name())
        written[(agent, name, seed)] = etree.tostring(root)
    monkeypatch.setattr(FastMembers, "_get_members_etree", XmlDocument._get_members_etree)
    for agent, name, seed, protocol, message, inst in cases:
        monkeypatch.setattr(protocol.codec, "for_class", lambda _cls: None)
        root = etree.Element("root")
        protocol.to_parent(None, message, inst, root, message.get_namespace(), message.get_type_name())
        assert written[(agent, name, seed)] == etree.tostring(root), (agent, name, seed)


def test_threads_compiling_a_writer_at_once_all_write_it_whole() -> None:
    """gunicorn's gthread workers answer on several threads: a writer is never seen half compiled."""
    from concurrent.futures import ThreadPoolExecutor

    protocol = application("Contact").out_protocol
    inst = _instance(random.Random("threads"), "ContactEntity")
    expected = _codec_written(Codec(protocol), "ContactEntity", inst)
    for _ in range(20):
        codec = Codec(protocol)
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(lambda _, c=codec: _codec_written(c, "ContactEntity", inst), range(16))) == {expected}


TEXT_NSMAPS = {"as the fast path starts": None, "with the Arrays namespace declared (a WSDL built)": "s0"}


@pytest.mark.parametrize("arrays", TEXT_NSMAPS.values(), ids=list(TEXT_NSMAPS))
@pytest.mark.parametrize("chunk", range(4))
def test_the_text_writers_write_what_lxml_serializes(chunk: int, arrays: str | None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Every type's text writer (soap.textcodec) writes the bytes lxml serializes for the element writer's
    tree under the same root, or leaves it to the element writer (NotTextError): never other bytes."""
    from soapsvc import ns
    from soapsvc.soap import fast
    from soapsvc.soap.textcodec import NotTextError, Prefixes, TextCodec

    monkeypatch.setattr("tests.test_codec.TEXTS", [*TEXTS, "cr\r\nlf", "a]]>b", "\x85\u2028", "bad\x01"])
    nsmap = {**fast.NSMAP, **({arrays: ns.ARR} if arrays else {})}
    codec = Codec(application("Contact").out_protocol)
    text, prefixes = TextCodec(codec), Prefixes(nsmap, fast.ENVELOPE)
    as_text = 0
    for name in TYPES[chunk::4]:
        for seed in range(INSTANCES):
            inst = _instance(random.Random(f"text:{name}:{seed}"), name)
            root = etree.Element(fast.ENVELOPE, nsmap=nsmap)
            try:
                codec.members(name)(inst, etree.SubElement(root, f"{{{ns.TNS}}}W"))
            except ValueError:  # lxml refuses a control character: the text writer must leave it to lxml
                with pytest.raises(NotTextError):
                    text.members(name, prefixes)(inst, [])
                continue
            etree.cleanup_namespaces(root)
            out: list[str] = []
            try:
                fast._text_element(out, "tns:W", text.members(name, prefixes), inst)
            except NotTextError:
                continue
            rest = "".join(out) + "</soap11env:Envelope>"
            assert (prefixes.opening("<soap11env:Envelope", rest, True) + rest).encode() == etree.tostring(
                root, encoding="UTF-8"), (name, seed)
            as_text += 1
    assert as_text > len(TYPES[chunk::4]) * INSTANCES // 3  # most are written as text, not left to lxml
