"""The XML of every contract carrier, written by a writer compiled per carrier from the catalogue.

Why: Spyne's writer resolves each element's class, handler, namespace and converter as it goes (~10 us an
element, ~100 elements an entity); `members.FastMembers` cut the look-ups but still walks Spyne's type
info and calls back into Spyne for arrays. A writer per carrier, made once from `contract.catalogue`
(fields in schema order, a base type's fields first as the WSDL's extension says, each element's tag in
its declaring type's namespace), does only the appends and the text conversions: the plan is compiled
to Python source once per carrier (`codegen`), so no loop over it runs per call.

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

from soapsvc import ns
from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.soap.codegen import NESTED, PLAIN, SAFE, SPYNE_OWN, WRAPPED, Plan, fields_writer, items_writer
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
SAFE.update((TEXT["boolean"], TEXT["dateTime"]))  # "true"/"false", and ISO digits


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
            writer = self._writers[name] = items_writer(self._kind(name)[1], name)
        if writer is None:
            # Published whole: a worker's other threads never see a writer with half its plan (a nested
            # carrier's writer is looked up when first written, `_Lazy`, so recursive types need no stand-in).
            writer = self._writers[name] = fields_writer(self._plan(name), name)
        return writer

    def _plan(self, name: str) -> Plan:
        typ = cat.TYPES[name]
        plan = self._plan(typ.base) if typ.base else []
        return plan + self.field_plan(typ.fields, NAMESPACES[typ.namespace], name)

    def fields(self, fields: tuple[cat.Field, ...], namespace: str) -> Writer:
        """The writer of a list of fields that is no type of its own (an operation's results, in its wrapper)."""
        return fields_writer(self.field_plan(fields, namespace))

    def field_plan(self, fields: tuple[cat.Field, ...], namespace: str, owner: str = ""
                   ) -> Plan:
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
