"""Building blocks the generated contract (`soapsvc.contract`) is written in.

The generator in `tools/gen_contract.py` turns every construct of the reference WSDL into a call of one
of these helpers, so that the knowledge of how a WCF construct maps onto Spyne lives here, once:
customised primitives with `minOccurs`/`nillable` as declared, ordered and flag enumerations (Spyne keeps
enum values in a set and has no `xs:list`), WCF `ArrayOfX` wrappers, WCF dictionaries and the
Serialization-namespace primitives (`char`, `duration`, `guid`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from lxml import etree
from spyne import ComplexModel
from spyne.interface.xml_schema import _base as xsd_base
from spyne.model.complex import Array
from spyne.model.primitive import Boolean, Duration, Integer32, Unicode

from soapsvc.ns import SER, TNS, XS

XSD = f"{{{XS}}}"
UNBOUNDED = float("inf")


class Carrierish(ComplexModel):
    """Root of every generated complex type: contract types live in the NetServer namespace."""

    __namespace__ = TNS


def complex_type(name: str, base: type | None = None, namespace: str = TNS, anonymous: bool = False) -> type:
    """Declare an empty complex type; its fields are added later by `fields` (the reference has cycles).

    `__extends__` is set explicitly because Spyne derives it only when the base already has fields, and
    `_variants` is reset so that fields appended to this class are not also appended to its base's
    customised variants. `anonymous` marks types the reference declares inline (dictionary pairs, shared
    response wrappers): the WSDL fix-up inlines them where they are used.
    """
    parent = base or Carrierish
    attrs: dict[str, Any] = {"__namespace__": namespace, "__type_name__": name, "_soapsvc_anonymous": anonymous}
    if base is not None:
        attrs["__extends__"] = base
    cls = type(parent)(name, (parent,), attrs)
    cls.Attributes._variants = None
    return cls


@cache
def occurs(cls: type, min_occurs: int, max_occurs: float, nillable: bool) -> type:
    """`cls` as an element with the given occurrence; unchanged when Spyne's defaults already match."""
    attrs = cls.Attributes
    if (attrs.min_occurs, attrs.max_occurs, bool(attrs.nillable)) == (min_occurs, max_occurs, nillable):
        return cls
    kwargs: dict[str, Any] = {"min_occurs": min_occurs, "max_occurs": max_occurs, "nillable": nillable}
    if getattr(cls, "_soapsvc_simple", False):
        kwargs.update(type_name=cls.get_type_name(), __namespace__=cls.get_namespace())
    return cls.customize(**kwargs)


def fields(cls: type, *specs: tuple[str, type, int, float, bool]) -> None:
    """Append the fields of a complex type, in schema order: (name, type, minOccurs, maxOccurs, nillable)."""
    for name, ftype, min_occurs, max_occurs, nillable in specs:
        cls.append_field(name, occurs(ftype, min_occurs, max_occurs, nillable))


def array_of(name: str, item: type, nillable: bool, namespace: str = TNS) -> type:
    """A WCF `ArrayOfX`: a sequence of X elements named after X's type, received as a Python list."""
    inner = occurs(item, 0, UNBOUNDED, nillable)
    cls = Array(inner, type_name=name)
    cls.__namespace__ = namespace
    return cls


class _SimpleRestriction(Unicode):
    """A string-valued simple type emitted with its own restriction (enums and flag enums)."""

    _soapsvc_simple = True
    _values: tuple[tuple[str, int | None], ...] = ()
    _actual_type: str | None = None
    _is_list = False


def enum(name: str, values: list[tuple[str, int | None]], actual_type: str | None = None) -> type:
    """An enumeration in declared order; `values` carry WCF's explicit EnumerationValue where declared."""
    return _simple(name, values, actual_type, is_list=False)


def flag_enum(name: str, values: list[tuple[str, int | None]], actual_type: str | None = None) -> type:
    """A [Flags] enumeration: on the wire a space-separated list of names (`"Select Update"`)."""
    return _simple(name, values, actual_type, is_list=True)


def _simple(name: str, values: list[tuple[str, int | None]], actual_type: str | None, is_list: bool) -> type:
    return type(
        name,
        (_SimpleRestriction,),
        {
            "__type_name__": name,
            "__namespace__": TNS,
            "_values": tuple(values),
            "_actual_type": actual_type,
            "_is_list": is_list,
        },
    )


def _ser_appinfo(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> None:
    annotation = etree.SubElement(parent, XSD + "annotation")
    appinfo = etree.SubElement(annotation, XSD + "appinfo")
    node = etree.SubElement(appinfo, f"{{{SER}}}{tag}", attrib, nsmap={None: SER})
    node.text = text


def _restriction_add(document: Any, cls: type, tags: set) -> None:
    """Spyne schema handler for `_SimpleRestriction`: ordered values, xs:list for flags, WCF annotations."""
    simple_type = etree.Element(XSD + "simpleType", name=cls.get_type_name())
    if cls._actual_type:
        _ser_appinfo(simple_type, "ActualType", Name=cls._actual_type, Namespace=XS)
    holder = simple_type
    if cls._is_list:
        holder = etree.SubElement(etree.SubElement(simple_type, XSD + "list"), XSD + "simpleType")
    restriction = etree.SubElement(holder, XSD + "restriction", base="xs:string")
    for value, explicit in cls._values:
        enumeration = etree.SubElement(restriction, XSD + "enumeration", value=value)
        if explicit is not None:
            _ser_appinfo(enumeration, "EnumerationValue", str(explicit))
    document.add_simple_type(cls, simple_type)


xsd_base._add_handlers[_SimpleRestriction] = _restriction_add


def _ordered_types(deps: dict[type, set[type]]) -> Iterator[list[type]]:
    """Spyne's toposort, tolerant of cycles: XSD allows types that refer to each other, in any order."""
    pending = {k: set(v) - {k} for k, v in deps.items()}
    for dep_set in list(pending.values()):
        for dep in dep_set:
            pending.setdefault(dep, set())
    while pending:
        ready = [k for k, v in pending.items() if not v] or [min(pending, key=lambda k: len(pending[k]))]
        yield sorted(ready, key=repr)
        for k in ready:
            del pending[k]
        for v in pending.values():
            v.difference_update(ready)


xsd_base.toposort2 = _ordered_types


def _serialization_type(name: str, base: type) -> type:
    """A WCF primitive of the Serialization namespace (`ser:char`, `ser:duration`, `ser:guid`).

    `is_default` is false so that Spyne writes the type by its own name instead of falling back to `base`.
    """
    return type(name, (base,), {
        "__type_name__": name,
        "__namespace__": SER,
        "__extends__": base,
        "_soapsvc_simple": True,
        "is_default": classmethod(lambda cls, c: False),
    })


char = _serialization_type("char", Integer32)
duration = _serialization_type("duration", Duration)
guid = _serialization_type("guid", Unicode)


def named(base: type, name: str, nillable: bool) -> type:
    """A header element type: Spyne names header elements after their type (`Credentials`, `Succeeded`).

    `_soapsvc_nillable` is the global element's own nillable, which the WSDL fix-up writes.
    """
    if issubclass(base, ComplexModel):
        cls = base.customize(type_name=name)
    else:
        cls = type(name, (base,), {"__type_name__": name, "__namespace__": TNS, "__extends__": base})
    cls._soapsvc_nillable = nillable
    return cls


__all__ = [
    "Boolean",
    "UNBOUNDED",
    "array_of",
    "char",
    "complex_type",
    "duration",
    "enum",
    "fields",
    "flag_enum",
    "guid",
    "named",
    "occurs",
]
