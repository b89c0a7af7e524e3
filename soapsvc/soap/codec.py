"""The XML of every contract carrier, written by a writer compiled per carrier from the catalogue.

Why: Spyne's writer resolves each element's class, handler, namespace and converter as it goes (~10 us an
element, ~100 elements an entity); `members.FastMembers` cut the look-ups but still walks Spyne's type
info and calls back into Spyne for arrays. A writer per carrier, made once from `contract.catalogue`
(fields in schema order, a base type's fields first as the WSDL's extension says, each element's tag in
its declaring type's namespace), does only the appends and the text conversions.

What it writes is what Spyne writes for the same carrier, byte for byte (tests/test_codec.py, every type of
the contract with generated values): the same elements appended to the same parents, so lxml gives them
the same prefixes; a missing value is left out unless the field is required (minOccurs 1: `xsi:nil`);
`ArrayOf...` wrappers hold their items named after the item type in the wrapper's namespace
(`Serialization/Arrays` for the primitives), a missing item is a nil element; WCF dictionaries are
carriers of key/value pairs; enums and [Flags] enums are their names as held; dates go through
`dates.wire`. Spyne writes the declared type (its XML protocol is not polymorphic here), so a derived
carrier in a base-typed field is written as the base, without `xsi:type`, as today. The one field of
`anyType` (a StringObjectDictionary's value) is written by Spyne. Spyne stays the WSDL's source and
writes the envelope, the headers and the response wrapper; `dates.NetServerSoap11` hands the codec every
contract carrier and ArrayOf wrapper it meets, so the response body is the codec's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lxml import etree
from spyne.protocol.xml import NIL_ATTR

from soapsvc import ns
from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.soap.dates import wire

Writer = Callable[[Any, etree._Element], None]
Text = Callable[[Any], str]
NAMESPACES = {"TNS": ns.TNS, "ARR": ns.ARR, "CRYPTO": ns.CRYPTO, "SER": ns.SER}
# The primitives' Spyne classes: their own converters where the text is not plain `str`.
SPYNE = {"double": t.Double, "duration": t.duration, "base64Binary": t.ByteArray}
TEXT: dict[str, Text] = {
    "string": str, "int": str, "short": str, "long": str, "unsignedInt": str,
    "boolean": lambda v: "true" if v else "false",
    "dateTime": lambda v: wire(v) if isinstance(v, dt.datetime) else v.isoformat(),
}
PLAIN, NESTED, WRAPPED, SPYNE_OWN = 0, 1, 2, 3


def _element(tag: str, text: str | None) -> etree._Element:
    # A new element appended, not a SubElement: lxml names an undeclared namespace's prefix differently.
    elt = etree.Element(tag)
    if text is None:
        elt.attrib.update(NIL_ATTR)
    else:
        elt.text = text
    return elt


class Codec:
    """The compiled writers of one Spyne protocol (its converters for doubles, durations and bytes)."""

    def __init__(self, protocol: Any) -> None:
        self.protocol = protocol
        self._writers: dict[str, Writer] = {}
        self._by_class: dict[type, Writer | None] = {}

    def for_class(self, cls: type) -> Writer | None:
        """The members' writer of a Spyne carrier class of the contract, None for any other class."""
        found = self._by_class.get(cls, False)
        if found is False:
            orig = cls.__orig__ or cls
            name = orig.get_type_name()
            found = self.members(name) if name in cat.TYPES and getattr(t, name, None) is orig else None
            self._by_class[cls] = found
        return found

    def members(self, name: str) -> Writer:
        """The writer of type `name`'s members under a parent element (compiled on first use)."""
        writer = self._writers.get(name)
        if writer is None and cat.TYPES[name].item is not None:  # an ArrayOf wrapper: its value is a list
            _, (item_tag, kind, how) = self._kind(name)
            writer = self._writers[name] = lambda items, parent: _items(item_tag, kind, how, items, parent)
        if writer is None:
            # Published whole: a worker's other threads never see a writer with half its plan (a nested
            # carrier's writer is looked up when first written, `_Lazy`, so recursive types need no stand-in).
            plan = self._plan(name)
            writer = self._writers[name] = lambda inst, parent: _write(plan, inst, parent)
        return writer

    def _plan(self, name: str) -> list[tuple[str, str, int, bool, bool, Any]]:
        typ = cat.TYPES[name]
        plan = self._plan(typ.base) if typ.base else []
        return plan + self.field_plan(typ.fields, NAMESPACES[typ.namespace], name)

    def fields(self, fields: tuple[cat.Field, ...], namespace: str) -> Writer:
        """The writer of a list of fields that is no type of its own (an operation's results, in its wrapper)."""
        plan = self.field_plan(fields, namespace)
        return lambda inst, parent: _write(plan, inst, parent)

    def field_plan(self, fields: tuple[cat.Field, ...], namespace: str, owner: str = ""
                   ) -> list[tuple[str, str, int, bool, bool, Any]]:
        plan = []
        for f in fields:
            tag = f"{{{namespace}}}{f.name}"
            if f.type == "anyType":  # written as Spyne writes it: the value's own type, any XML
                cls = getattr(t, owner)._type_info[f.name]
                kind_how: tuple[int, Any] = (SPYNE_OWN, self._spyne(cls, namespace, f.name))
            else:
                kind_how = self._kind(f.type)
            plan.append((f.name, tag, kind_how[0], f.array, f.min_occurs > 0, kind_how[1]))
        return plan

    def _spyne(self, cls: type, namespace: str, name: str) -> Writer:
        protocol = self.protocol
        return lambda value, parent: protocol.to_parent(None, cls, value, parent, namespace, name)

    def _kind(self, type_name: str) -> tuple[int, Any]:
        """How a value of this type is written: plain text (its converter), a nested carrier (its writer),
        an ArrayOf wrapper (item tag, item kind, item way), or by Spyne (the class)."""
        if type_name in cat.ENUMS:
            return PLAIN, str
        if type_name in TEXT:
            return PLAIN, TEXT[type_name]
        if type_name in SPYNE:
            cls = SPYNE[type_name]
            handler = self.protocol._to_unicode_handlers[cls]
            return PLAIN, lambda v: handler(cls, v)
        typ = cat.TYPES.get(type_name)
        if typ is None:
            raise KeyError(type_name)
        if typ.item is not None:
            kind, how = self._kind(typ.item.type)
            return WRAPPED, (f"{{{NAMESPACES[typ.namespace]}}}{typ.item.name}", kind, how)
        return NESTED, _Lazy(self, type_name)


class _Lazy:
    """A nested carrier's writer, looked up when first written (the contract's types refer to each other)."""

    __slots__ = ("codec", "name", "writer")

    def __init__(self, codec: Codec, name: str) -> None:
        self.codec, self.name, self.writer = codec, name, None

    def __call__(self, inst: Any, parent: etree._Element) -> None:
        if self.writer is None:
            self.writer = self.codec.members(self.name)
        self.writer(inst, parent)


def _write(plan: list[tuple[str, str, int, bool, bool, Any]], inst: Any, parent: etree._Element) -> None:
    for key, tag, kind, many, required, how in plan:
        value = getattr(inst, key, None)
        if value is None:
            if required:
                parent.append(_element(tag, None))
        elif many:
            for item in value:
                _one(tag, kind, how, item, parent)
        else:
            _one(tag, kind, how, value, parent)


def _one(tag: str, kind: int, how: Any, value: Any, parent: etree._Element) -> None:
    if kind == SPYNE_OWN:
        how(value, parent)
    elif value is None:
        parent.append(_element(tag, None))
    elif kind == PLAIN:
        parent.append(_element(tag, how(value)))
    elif kind == NESTED:
        how(value, etree.SubElement(parent, tag))
    elif kind == WRAPPED:
        _items(*how, value, etree.SubElement(parent, tag))


def _items(tag: str, kind: int, how: Any, items: Any, wrapper: etree._Element) -> None:
    for item in items:
        _one(tag, kind, how, item, wrapper)
