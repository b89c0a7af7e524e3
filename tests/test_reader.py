"""The compiled request readers (soapsvc.soap.reader) read every contract type as Spyne's own reader does.

For every type of the catalogue, the random instances tests/test_codec.py generates are written by the codec
and read back twice, by the compiled reader and by Spyne's `from_element`: the two give equal carriers (field
by field, nested carriers and lists included). A value Spyne refuses is left to Spyne (`Fallback`).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from lxml import etree

from soapsvc.soap.app import application
from soapsvc.soap.codec import Codec
from soapsvc.soap.reader import Fallback, Readers
from tests.test_codec import INSTANCES, TYPES, _instance

NIL = '{http://www.w3.org/2001/XMLSchema-instance}nil'


def plain(value: Any) -> Any:
    """A carrier as nested dicts and lists (Spyne's carriers compare by identity)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, etree._Element):  # an anyType value, as Spyne reads it
        return etree.tostring(value)
    if hasattr(value, "_type_info"):
        return (type(value).__name__, {k: plain(getattr(value, k, None)) for k in type(value).get_flat_type_info(
            type(value))})
    return value


def _written(codec: Codec, name: str, inst: Any) -> etree._Element:
    root = etree.Element("root")
    codec.members(name)(inst, etree.SubElement(root, f"{{urn:elsewhere}}{name}"))
    return etree.fromstring(etree.tostring(root))[0]  # parsed again, as a request is


@pytest.mark.parametrize("chunk", range(4))
def test_the_reader_reads_every_type_as_spyne_does(chunk: int) -> None:
    from soapsvc.contract import types as t

    protocol = application("Contact").in_protocol
    codec, readers = Codec(protocol), Readers(protocol)
    for name in TYPES[chunk::4]:
        for seed in range(INSTANCES):
            elt = _written(codec, name, _instance(random.Random(f"{name}:{seed}"), name))
            expected = plain(protocol.from_element(None, getattr(t, name), elt))
            try:
                got = plain(readers.of(name)(elt))
            except Fallback:
                continue
            assert got == expected, (name, seed)


def test_nil_missing_and_refused_values() -> None:
    protocol = application("Contact").in_protocol
    readers = Readers(protocol)
    tns = "http://www.superoffice.net/ws/crm/NetServer/Services88"
    elt = etree.fromstring(f'<x xmlns="{tns}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Name i:nil="true"/>'
                           "<ContactId>7</ContactId><Emails/><Department></Department></x>")
    contact = readers.of("ContactEntity")(elt)
    assert (contact.Name, contact.ContactId, contact.Emails, contact.Department, contact.OrgNr) == (None, 7, [], "",
                                                                                                  None)
    for bad in ("99999999999", "x", "1.5"):
        with pytest.raises(Fallback):
            readers.of("ContactEntity")(etree.fromstring(f"<x><ContactId>{bad}</ContactId></x>"))
    with pytest.raises(Fallback):
        readers.of("ContactEntity")(etree.fromstring('<x xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
                                                     'i:type="a"/>'))

