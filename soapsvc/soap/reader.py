"""The request side of the codec: a reader compiled per carrier from the catalogue, the inverse of `codec`.

Why: Spyne reads a request element by element through its generic handlers (class attributes, handler
look-up, frequency bookkeeping per child); a reader per type, made once from `contract.catalogue`, only
maps each child's local name to what reads it. It gives what Spyne's reader gives (tests/test_reader.py
compares the two on every type of the contract): children matched by local name whatever their
namespace, unknown ones skipped, a repeated single field's last value kept, an array field's values in
order, `xsi:nil` (any value, as Spyne reads it) as None, an element without text as None, ArrayOf
wrappers as lists of their children, primitives converted by the same Spyne protocol (so the guard's
range and boolean checks apply). Whatever it does not read as Spyne would (an `xsi:type`, attributes
besides `xsi:nil`, the `anyType` field, a value the protocol refuses) raises `Fallback`: the caller then
hands the request to Spyne, which answers it (and refuses it with its own fault) as it always has.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree
from spyne import Fault
from spyne.model.binary import ByteArray
from spyne.model.primitive import Unicode

from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.ns import XSI

Reader = Callable[[etree._Element], Any]
NIL = f"{{{XSI}}}nil"
INT = re.compile(r"-?[0-9]{1,18}")
RANGES = {"int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1), "unsignedInt": (0, 2**32 - 1)}


class Fallback(Exception):  # noqa: N818 (not an error: a request the compiled readers leave to Spyne)
    """This request is read by Spyne, not by the compiled readers."""


def _checked(elt: etree._Element) -> str | None:
    """The element's text, None when nil; Fallback when it has attributes Spyne would read otherwise."""
    attrib = elt.attrib
    if attrib:
        if len(attrib) > 1 or NIL not in attrib:
            raise Fallback
        if attrib[NIL]:
            return None
    return elt.text


class Readers:
    """The compiled readers of one Spyne protocol (its converters for dates, doubles, durations, bytes)."""

    def __init__(self, protocol: Any) -> None:
        self.protocol = protocol
        self._readers: dict[str, Reader] = {}

    def of(self, name: str) -> Reader:
        """The reader of an element of type `name` (compiled on first use, published whole)."""
        reader = self._readers.get(name)
        if reader is None:
            typ = cat.TYPES[name]
            if typ.item is not None:
                item = self._value(typ.item.type, getattr(t, name)._type_info[typ.item.name])
                reader = self._readers[name] = lambda elt: _items(item, elt)
            else:
                reader = self._readers[name] = _Complex(getattr(t, name), self.plan(name, getattr(t, name)))
        return reader

    def plan(self, name: str, cls: Any) -> dict[str, tuple[str, bool, Reader]]:
        """Local name -> (attribute, is an array, reader) of a type's fields, a base type's first."""
        typ = cat.TYPES[name]
        plan = self.plan(typ.base, cls) if typ.base else {}
        return plan | self.fields(typ.fields, cls.get_flat_type_info(cls))

    def fields(self, fields: tuple[cat.Field, ...], spyne_info: Any) -> dict[str, tuple[str, bool, Reader]]:
        """The plan of a list of fields (a type's, or an operation's parameters) with their Spyne classes."""
        return {f.name: (f.name, f.array, self._value(f.type, spyne_info[f.name])) for f in fields}

    def _value(self, type_name: str, spyne_cls: Any) -> Reader:
        if type_name in cat.TYPES:
            return _Lazy(self, type_name)
        if type_name == "anyType":
            return _refuse
        if type_name == "string" and not spyne_cls.Attributes.empty_is_none:
            return _string
        if type_name in RANGES or type_name == "long":
            low, high = RANGES.get(type_name, (-2**63, 2**63 - 1))
            return self._integer(spyne_cls, low, high)
        if type_name == "boolean":
            return _boolean
        return self._spyne(spyne_cls)

    def _integer(self, spyne_cls: Any, low: int, high: int) -> Reader:
        slow = self._spyne(spyne_cls)

        def read(elt: etree._Element) -> int | None:
            text = _checked(elt)
            if text is not None and INT.fullmatch(text) and low <= (value := int(text)) <= high:
                return value
            return slow(elt)
        return read

    def _spyne(self, spyne_cls: Any) -> Reader:
        protocol, extra = self.protocol, (self.protocol.binary_encoding,) if issubclass(spyne_cls, ByteArray) else ()
        empty = "" if issubclass(spyne_cls, Unicode) else None  # Spyne reads a Unicode's missing text as ''

        def read(elt: etree._Element) -> Any:
            text = _checked(elt)
            if text is None and (empty is None or elt.get(NIL)):
                return None
            try:
                return protocol.from_unicode(spyne_cls, empty if text is None else text, *extra)
            except (Fault, ValueError, TypeError):
                raise Fallback from None
        return read


def _refuse(_elt: etree._Element) -> Any:
    raise Fallback


def _string(elt: etree._Element) -> str | None:
    text = _checked(elt)
    return (None if elt.get(NIL) else "") if text is None else text


def _boolean(elt: etree._Element) -> bool | None:
    text = _checked(elt)
    if text is None:
        return None
    if text == "true" or text == "1":
        return True
    if text == "false" or text == "0":
        return False
    raise Fallback  # the guard's fault, or Spyne's reading of padded text


def is_nil(elt: etree._Element) -> bool:
    """Whether a carrier's or wrapper's element is nil (Fallback on any other attribute)."""
    attrib = elt.attrib
    if not attrib:
        return False
    if len(attrib) > 1 or NIL not in attrib:
        raise Fallback
    return bool(attrib[NIL])


def _items(item: Reader, elt: etree._Element) -> list[Any] | None:
    if is_nil(elt):
        return None
    return [item(child) for child in elt]


class _Complex:
    """A carrier's reader: a new instance, each child read by its field's reader."""

    __slots__ = ("cls", "plan")

    def __init__(self, cls: Any, plan: dict[str, tuple[str, bool, Reader]]) -> None:
        self.cls, self.plan = cls.__orig__ or cls, plan

    def __call__(self, elt: etree._Element) -> Any:
        if is_nil(elt):
            return None
        inst = self.cls()
        read_into(self.plan, elt, inst)
        return inst


def read_into(plan: dict[str, tuple[str, bool, Reader]], elt: etree._Element, inst: Any) -> None:
    """Set on `inst` the fields `plan` reads from `elt`'s children (Spyne's order of precedence)."""
    for child in elt:
        tag = child.tag
        found = plan.get(tag[tag.find("}") + 1:])
        if found is None:
            continue
        key, many, reader = found
        if many:
            values = getattr(inst, key, None)
            if values is None:
                values = []
                setattr(inst, key, values)
            values.append(reader(child))
        else:
            setattr(inst, key, reader(child))


class _Lazy:
    """A nested type's reader, looked up when first used (the contract's types refer to each other)."""

    __slots__ = ("name", "reader", "readers")

    def __init__(self, readers: Readers, name: str) -> None:
        self.readers, self.name, self.reader = readers, name, None

    def __call__(self, elt: etree._Element) -> Any:
        if self.reader is None:
            self.reader = self.readers.of(self.name)
        return self.reader(elt)
