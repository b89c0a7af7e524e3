"""A carrier's members written as Spyne writes them, with what Spyne looks up for every element looked up once.

Spyne's XML protocol finds, for each member of each carrier it writes, the member's attributes, namespace,
name, handler and text converter anew (~10 us an element); entities with their blank value carriers have
about a hundred elements. `FastMembers` keeps, per carrier class, the list of its members with all of that
resolved, and writes simple values (strings, numbers, enums, dates) and nested carriers directly; anything
else (attributes, any-XML, faults, arrays of carriers' wrappers written by other handlers) still goes through
Spyne's `to_parent`. The bytes are the same; only the per-element look-ups are gone. Only for trees built
in memory (Spyne's lxml serialisation, which soapsvc's SOAP answers use) and non-polymorphic protocols;
otherwise Spyne's own member writer runs.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lxml import etree
from spyne.const.xml import DEFAULT_NS
from spyne.model.complex import ComplexModelBase
from spyne.protocol.xml import NIL_ATTR, XmlDocument

SIMPLE, CARRIER, OTHER = 0, 1, 2


class Member(NamedTuple):
    key: str
    cls: type
    tag: str
    ns: str | None
    name: str
    many: bool
    required: bool
    kind: int
    default: Any
    text: Any  # a simple value's converter to text, or a nested carrier's class attributes


class FastMembers(XmlDocument):
    """Mix-in for a Spyne XML protocol (before it in the bases): its carriers' members, written faster."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._members: dict[type, tuple[Member, ...]] = {}

    def _members_of(self, cls: type) -> tuple[Member, ...]:
        plan = self._members.get(cls)
        if plan is None:
            plan = self._members[cls] = tuple(self._plan(cls))
        return plan

    def _plan(self, cls: type) -> list[Member]:
        parent = getattr(cls, "__extends__", None)
        plan = self._plan(parent) if parent is not None else []
        for key, v in cls._type_info.items():
            attrs = self.get_cls_attrs(v)
            if attrs.exc:
                continue
            ns = v.Attributes.sub_ns if v.Attributes.sub_ns is not None else cls.get_namespace()
            name = v.Attributes.sub_name if v.Attributes.sub_name is not None else key
            handler = self.serialization_handlers[v]
            kind, text = OTHER, None
            if attrs.prot is None and getattr(handler, "__func__", None) is XmlDocument.modelbase_to_parent:
                kind, text = SIMPLE, self._to_unicode_handlers[v]
            elif (attrs.prot is None and issubclass(v, ComplexModelBase)
                  and getattr(handler, "__func__", None) is XmlDocument.complex_to_parent):
                kind, text = CARRIER, attrs
            tag = name if ns is None else f"{{{ns}}}{name}"
            plan.append(Member(key, v, tag, ns, name, v.Attributes.max_occurs > 1, v.Attributes.min_occurs > 0,
                               kind, attrs.default, text))
        return plan

    def _get_members_etree(self, ctx: Any, cls: type, inst: Any, parent: Any) -> Any:
        if self.polymorphic or not isinstance(parent, etree._Element):
            return super()._get_members_etree(ctx, cls, inst, parent)
        for m in self._members_of(cls):
            value = getattr(inst, m.key, None)
            if value is not None and m.many:
                for item in value:
                    self._member(ctx, m, item, parent)
            elif value is not None or m.required:
                self._member(ctx, m, value, parent)
        return None

    def _member(self, ctx: Any, m: Member, value: Any, parent: etree._Element) -> None:
        """One element, as Spyne's `to_parent` writes it (no polymorphism: the declared class)."""
        if m.kind == OTHER:
            ret = self.to_parent(ctx, m.cls, value, parent, m.ns, m.name)
            if ret is not None:
                raise TypeError(f"{m.cls!r}: streamed values are not supported")
            return
        if value is None:
            value = m.default
        if m.kind == CARRIER and value is not None:
            self._carrier(ctx, m, value, parent)
            return
        # A new element appended, not a SubElement: lxml names an undeclared namespace's prefix differently.
        elt = etree.Element(m.tag)
        if value is None:
            elt.attrib.update(NIL_ATTR)
        else:
            elt.text = m.text(m.cls, value)
        parent.append(elt)

    def _carrier(self, ctx: Any, m: Member, value: Any, parent: etree._Element) -> None:
        """`complex_to_parent` and `gen_members_parent` of Spyne for a tree in memory."""
        attrs, tag = m.text, m.tag
        ns = m.ns
        if attrs.sub_ns not in (None, DEFAULT_NS):
            ns = attrs.sub_ns
        if attrs.sub_name is not None or ns != m.ns:
            name = attrs.sub_name if attrs.sub_name is not None else m.name
            tag = name if ns is None else f"{{{ns}}}{name}"
        inst = m.cls.get_serialization_instance(value)
        self._get_members_etree(ctx, m.cls, inst, etree.SubElement(parent, tag))
