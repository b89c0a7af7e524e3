"""REST answers as XML, for a client that asks `Accept: application/xml` (or text/xml) where the Swagger
offers it: NetServer's Web API writes carriers with the DataContractSerializer, so an answer is the carrier
as the SOAP body carries it (same element order, names and Services88 namespace, dates as NetServer writes
them): the root is the carrier's type (`<ContactEntity>`, `<ArrayOfContact>`), a nil answer the root with
`i:nil="true"`, a plain value the Serialization namespace's element (`<int>5</int>`). Written by the same
Spyne protocol as SOAP (`NetServerSoap11`), so both protocols agree. Errors stay JSON.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.ns import SER, TNS, XSI
from soapsvc.soap.dates import NetServerSoap11, wire

_PROTOCOL = NetServerSoap11()
PRIMITIVE_NAMES = {"dateTime": "dateTime", "boolean": "boolean", "base64Binary": "base64Binary"}


def wants_xml(environ: dict[str, Any]) -> bool:
    """True when the client asks for XML rather than JSON (JSON wins when both are acceptable)."""
    accept = (environ.get("HTTP_ACCEPT") or "").lower()
    return "xml" in accept and "json" not in accept and "*/*" not in accept


def _root_name(field: cat.Field) -> str:
    if field.array:
        return f"ArrayOf{field.type}"
    return field.type


def write(value: Any, field: cat.Field) -> bytes:
    """The answer of an operation whose result is `field`, as NetServer's XML."""
    name = _root_name(field)
    if field.type in cat.TYPES and not field.array:
        cls = getattr(t, field.type)
        if value is None:
            root = etree.Element(f"{{{TNS}}}{name}", {f"{{{XSI}}}nil": "true"}, nsmap={None: TNS, "i": XSI})
        else:
            parent = etree.Element("parent")
            _PROTOCOL.to_parent(None, cls, value, parent, TNS, name)
            root = parent[0]
    else:
        root = etree.Element(f"{{{SER}}}{PRIMITIVE_NAMES.get(field.type, field.type)}", nsmap={None: SER})
        if value is None:
            root.set(f"{{{XSI}}}nil", "true")
        elif field.type == "boolean":
            root.text = "true" if value else "false"
        elif field.type == "dateTime":
            root.text = wire(value)
        else:
            root.text = str(value)
    return etree.tostring(root, xml_declaration=False, encoding="utf-8")
