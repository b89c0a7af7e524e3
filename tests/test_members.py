"""The fast paths of the hot path give what Spyne's own code gives: the same bytes, the same carriers."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from spyne.model.complex import Array, ComplexModelBase
from spyne.model.primitive import Integer, Unicode
from spyne.protocol.xml import XmlDocument

from soapsvc.agents import carriers as c
from soapsvc.contract import types as t
from soapsvc.soap.app import application
from soapsvc.soap.members import FastMembers


def _carrier_classes() -> list[type]:
    return [cls for cls in vars(t).values() if isinstance(cls, type) and issubclass(cls, ComplexModelBase)
            and not issubclass(cls, Array) and cls.__orig__ is None]


def _item(ftype: type) -> Any:
    """One value for an array field: a blank carrier, a string that needs escaping, or a number."""
    item = next(iter(ftype._type_info.values())) if issubclass(ftype, Array) else ftype
    item = item.__orig__ or item
    if issubclass(item, Array):  # an array of arrays: left empty
        return None
    if issubclass(item, ComplexModelBase):
        return c.carrier(item)
    return "a&b<c>" if issubclass(item, Unicode) else 7 if issubclass(item, Integer) else None


def _filled(cls: type) -> Any:
    """A carrier with its blanks, every nil carrier field a blank carrier and every array two items."""
    inst = c.carrier(cls)
    for name, ftype in cls.get_flat_type_info(cls).items():
        orig = ftype.__orig__ or ftype
        if issubclass(ftype, Array) or ftype.Attributes.max_occurs > 1:
            item = _item(ftype)
            if item is not None:
                setattr(inst, name, [item, item])
        elif getattr(inst, name, None) is None and issubclass(orig, ComplexModelBase):
            setattr(inst, name, c.carrier(orig))
    return inst


def _written(protocol: Any, cls: type, inst: Any) -> bytes:
    root = etree.Element("root")
    protocol.to_parent(None, cls, inst, root, "urn:elsewhere", cls.get_type_name())
    return etree.tostring(root)


def test_every_carrier_is_written_as_spyne_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    protocol = application("Contact").out_protocol
    carriers = [(cls, _filled(cls)) for cls in _carrier_classes()]
    fast = [_written(protocol, cls, inst) for cls, inst in carriers]
    monkeypatch.setattr(FastMembers, "_get_members_etree", XmlDocument._get_members_etree)
    monkeypatch.setattr(protocol.codec, "for_class", lambda _cls: None)  # Spyne's own, no codec
    for (cls, inst), written in zip(carriers, fast, strict=True):
        assert written == _written(protocol, cls, inst), cls


def _spyne_made(cls: type, values: dict[str, Any]) -> Any:
    inst = cls.__new__(cls)
    ComplexModelBase.__init__(inst, **values)  # Spyne's own constructor, not the quickened one
    return inst


def test_new_and_the_constructors_make_the_carrier_spynes_constructor_makes() -> None:
    quickened = 0
    for cls in _carrier_classes():
        quickened += cls.__init__ is not ComplexModelBase.__init__
        for values in ({**c.blanks(cls), "NotAField": 1}, {}, dict(list(c.blanks(cls).items())[:1])):
            spyne_made = _spyne_made(cls, values)
            for made in (c.new(cls, values), cls(**values)):
                assert type(made) is type(spyne_made) and made.__dict__ == spyne_made.__dict__, cls
    assert quickened > len(_carrier_classes()) // 2  # most carriers are set up without Spyne's look-ups


def test_a_subclass_of_a_quickened_carrier_is_made_by_spynes_constructor() -> None:
    class Derived(t.Business):  # e.g. Spyne's customized classes
        pass

    assert t.Business.__init__ is not ComplexModelBase.__init__
    assert Derived(Id=3).__dict__ == _spyne_made(Derived, {"Id": 3}).__dict__
