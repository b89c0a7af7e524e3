"""The WSDL an agent serves: Spyne's schema, fixed once into the document WCF publishes.

Spyne emits the types of the contract; what Spyne cannot express is fixed here, derived from the method
descriptors and header classes (never copied from the reference):
- wrapper elements and dictionary pair elements carry anonymous types (Spyne names them);
- header elements are typed with their carrier (`Credentials` is a `tns:SoCredentials`);
- every named type has its `nillable` global element, as WCF's DataContract exporter writes;
- the Serialization namespace is WCF's fixed schema;
- messages, portType, binding and service are written as WCF names them (`<Op>Request` with the part
  `parameters`, `<Op>Request_Headers`, `BasicHttpBinding_<Agent>`, `Wcf<Agent>Service`) with NetServer's
  soapActions, and without Spyne's unused namespace declarations (gSOAP switches to SOAP 1.2 on `soap12`).

The built document is serialized once per agent with a placeholder address; `document()` puts in the
address of each request, so serving `?wsdl` is a byte replacement.
"""

from __future__ import annotations

import importlib
import threading
from functools import cache

from lxml import etree
from spyne.interface.wsdl import Wsdl11

from soapsvc.contract.registry import AGENTS
from soapsvc.ns import ARR, SER, SOAP_HTTP, SOAP_WSDL, TNS, WSAW, WSDL, XS, soap_action
from soapsvc.soap import wsdl_cache
from soapsvc.soap.app import agents, application, service_class

PLACEHOLDER = "http://soapsvc.invalid/__address__"
NSMAP = {"wsdl": WSDL, "soap": SOAP_WSDL, "tns": TNS, "wsaw": WSAW, "xs": XS}
_lock = threading.Lock()


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


XSD = lambda tag: q(XS, tag)  # noqa: E731
W = lambda tag: q(WSDL, tag)  # noqa: E731
S = lambda tag: q(SOAP_WSDL, tag)  # noqa: E731

SER_PRIMITIVES = (
    "anyType anyURI base64Binary boolean byte dateTime decimal double float int long QName short string "
    "unsignedByte unsignedInt unsignedLong unsignedShort"
).split()
GUID_PATTERN = r"[\da-fA-F]{8}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{12}"
DURATION_PATTERN = r"\-?P(\d*D)?(T(\d*H)?(\d*M)?(\d*(\.\d*)?S)?)?"


def serialization_schema() -> etree._Element:
    """WCF's fixed schema of the Serialization namespace (primitives, char, duration, guid, attributes)."""
    schema = etree.Element(XSD("schema"), attributeFormDefault="qualified", elementFormDefault="qualified",
                           targetNamespace=SER, nsmap={"xs": XS, "tns": SER})
    for name in SER_PRIMITIVES:
        etree.SubElement(schema, XSD("element"), name=name, nillable="true", type=f"xs:{name}")
    etree.SubElement(schema, XSD("element"), name="char", nillable="true", type="tns:char")
    char = etree.SubElement(schema, XSD("simpleType"), name="char")
    etree.SubElement(char, XSD("restriction"), base="xs:int")
    etree.SubElement(schema, XSD("element"), name="duration", nillable="true", type="tns:duration")
    dur = etree.SubElement(etree.SubElement(schema, XSD("simpleType"), name="duration"), XSD("restriction"),
                           base="xs:duration")
    etree.SubElement(dur, XSD("pattern"), value=DURATION_PATTERN)
    etree.SubElement(dur, XSD("minInclusive"), value="-P10675199DT2H48M5.4775808S")
    etree.SubElement(dur, XSD("maxInclusive"), value="P10675199DT2H48M5.4775807S")
    etree.SubElement(schema, XSD("element"), name="guid", nillable="true", type="tns:guid")
    guid = etree.SubElement(etree.SubElement(schema, XSD("simpleType"), name="guid"), XSD("restriction"),
                            base="xs:string")
    etree.SubElement(guid, XSD("pattern"), value=GUID_PATTERN)
    etree.SubElement(schema, XSD("attribute"), name="FactoryType", type="xs:QName")
    etree.SubElement(schema, XSD("attribute"), name="Id", type="xs:ID")
    etree.SubElement(schema, XSD("attribute"), name="Ref", type="xs:IDREF")
    return schema


class _Fixer:
    """Rewrites one agent's Spyne-built document into the WCF shape."""

    def __init__(self, agent: str, spyne_root: etree._Element) -> None:
        self.agent = agent
        self.service = service_class(agent)
        self.methods = list(self.service.public_methods.values())
        self.schemas = {s.get("targetNamespace"): s for s in spyne_root.iter(XSD("schema"))}
        self.tns_schema = self.schemas[TNS]

    def build(self) -> etree._Element:
        root = etree.Element(W("definitions"), name=f"Wcf{self.agent}Service", targetNamespace=TNS, nsmap=NSMAP)
        types = etree.SubElement(root, W("types"))
        self.fix_tns_schema()
        for ns, schema in self.schemas.items():
            if ns == SER:
                continue
            self.add_global_elements(schema)
            self.sort(schema)
            types.append(_clean_schema(schema))
        types.append(serialization_schema())
        self.write_messages(root)
        self.write_port_type(root)
        self.write_binding(root)
        self.write_service(root)
        return root

    def sort(self, schema: etree._Element) -> None:
        """A stable order (Spyne's varies between processes): imports, then the reference's type order."""
        rank = {name: i for i, name in enumerate(importlib.import_module(AGENTS[self.agent]).TYPES)}
        kinds = {XSD("import"): 0, XSD("simpleType"): 1, XSD("complexType"): 1, XSD("element"): 2}

        def key(node: etree._Element) -> tuple[int, int, int, str]:
            name = node.get("name") or node.get("namespace") or ""
            return (min(kinds.get(node.tag, 3), 1), rank.get(name, len(rank)), kinds.get(node.tag, 3), name)

        schema[:] = sorted(schema, key=key)

    # --- the NetServer schema ---
    def named(self, tag: str, name: str) -> etree._Element | None:
        return self.tns_schema.find(f"{XSD(tag)}[@name='{name}']")

    def fix_tns_schema(self) -> None:
        wrappers = {d.in_message.get_type_name() for d in self.methods}
        wrappers |= {d.out_message.get_type_name() for d in self.methods}
        for name in wrappers:
            self.inline(name)
        for d in self.methods:  # Spyne also declares <Op>Response for operations answered bare
            stray = self.named("element", f"{d.name}Response")
            if stray is not None and self.out_name(d) != f"{d.name}Response":
                self.tns_schema.remove(stray)
        for cls in self.anonymous_types():
            self.inline_pair(cls.get_type_name())
        for header in {*self.service.__in_header__, *self.service.__out_header__}:
            self.fix_header(header)

    def anonymous_types(self) -> list[type]:
        names = {c.get("name") for c in self.tns_schema.findall(XSD("complexType"))}
        from soapsvc.contract import types

        return [
            cls
            for name in names
            if getattr(cls := getattr(types, name, None), "_soapsvc_anonymous", False)
            and name not in {d.out_message.get_type_name() for d in self.methods}
        ]

    def inline(self, name: str) -> None:
        """`<element name=X type=tns:X/>` + `<complexType name=X>` become one element with an inline type."""
        ctype = self.named("complexType", name)
        element = self.named("element", name)
        if ctype is None:
            return
        if element is None:
            element = etree.SubElement(self.tns_schema, XSD("element"), name=name)
        element.attrib.pop("type", None)
        element.attrib.pop("nillable", None)
        del ctype.attrib["name"]
        if ctype.find(XSD("sequence")) is None:
            etree.SubElement(ctype, XSD("sequence"))
        element.append(ctype)

    def inline_pair(self, name: str) -> None:
        """A dictionary's KeyValuePair: the type moves inside the one element that uses it."""
        ctype = self.named("complexType", name)
        element = self.named("element", name)
        if element is not None:
            self.tns_schema.remove(element)
        users = self.tns_schema.xpath(".//xs:element[@type=$t]", namespaces={"xs": XS}, t=f"tns:{name}")
        for user in users:
            del user.attrib["type"]
            anon = etree.SubElement(user, XSD("complexType"))
            anon.extend(ctype[:])
        self.tns_schema.remove(ctype)

    def fix_header(self, header: type) -> None:
        name = header.get_type_name()
        base = header.__orig__ or header.__extends__
        for tag in ("complexType", "simpleType"):
            node = self.named(tag, name)
            if node is None:
                continue
            if tag == "complexType" and self.named(tag, base.get_type_name()) is None:
                node.set("name", base.get_type_name())  # the carrier is used only as this header
            else:
                self.tns_schema.remove(node)
        element = self.named("element", name)
        if element is None:
            element = etree.SubElement(self.tns_schema, XSD("element"), name=name)
        ns = base.get_namespace()
        prefix = "tns" if ns == TNS else "xs"
        element.attrib.pop("nillable", None)
        if header._soapsvc_nillable:
            element.set("nillable", "true")
        element.set("type", f"{prefix}:{base.get_type_name()}")

    def add_global_elements(self, schema: etree._Element) -> None:
        """WCF exports a nillable global element for every named type."""
        elements = {e.get("name"): e for e in schema.findall(XSD("element"))}
        prefix = "tns" if schema.get("targetNamespace") == TNS else _prefix_of(schema)
        for node in schema:
            if node.tag not in (XSD("complexType"), XSD("simpleType")):
                continue
            name = node.get("name")
            element = elements.get(name)
            if element is None:
                element = etree.SubElement(schema, XSD("element"), name=name, type=f"{prefix}:{name}")
            element.set("nillable", "true")

    # --- messages, portType, binding, service ---
    def out_name(self, d: object) -> str:
        return d.out_message.get_type_name()

    def write_messages(self, root: etree._Element) -> None:
        written: set[str] = set()
        for d in self.methods:
            for name, element, headers in (
                (f"{d.name}Request", d.in_message.get_type_name(), self.service.__in_header__),
                (self.out_name(d), self.out_name(d), self.service.__out_header__),
            ):
                if name in written:
                    continue
                written.add(name)
                msg = etree.SubElement(root, W("message"), name=name)
                etree.SubElement(msg, W("part"), name="parameters", element=f"tns:{element}")
                hmsg = etree.SubElement(root, W("message"), name=f"{name}_Headers")
                for h in headers:
                    hname = h.get_type_name()
                    etree.SubElement(hmsg, W("part"), name=hname, element=f"tns:{hname}")

    def write_port_type(self, root: etree._Element) -> None:
        port = etree.SubElement(root, W("portType"), name=self.agent)
        for d in self.methods:
            op = etree.SubElement(port, W("operation"), name=d.name)
            action = soap_action(self.agent, d.name)
            etree.SubElement(op, W("input"), {q(WSAW, "Action"): action, "name": f"{d.name}Request",
                                              "message": f"tns:{d.name}Request"})
            etree.SubElement(op, W("output"), {q(WSAW, "Action"): action + "Response",
                                               "name": self.out_name(d), "message": f"tns:{self.out_name(d)}"})

    def write_binding(self, root: etree._Element) -> None:
        binding = etree.SubElement(root, W("binding"), name=f"BasicHttpBinding_{self.agent}",
                                   type=f"tns:{self.agent}")
        etree.SubElement(binding, S("binding"), transport=SOAP_HTTP)
        for d in self.methods:
            op = etree.SubElement(binding, W("operation"), name=d.name)
            etree.SubElement(op, S("operation"), soapAction=soap_action(self.agent, d.name), style="document")
            for tag, name, headers in (
                ("input", f"{d.name}Request", self.service.__in_header__),
                ("output", self.out_name(d), self.service.__out_header__),
            ):
                io = etree.SubElement(op, W(tag), name=name)
                for h in headers:
                    etree.SubElement(io, S("header"), message=f"tns:{name}_Headers", part=h.get_type_name(),
                                     use="literal")
                etree.SubElement(io, S("body"), use="literal")

    def write_service(self, root: etree._Element) -> None:
        service = etree.SubElement(root, W("service"), name=f"Wcf{self.agent}Service")
        port = etree.SubElement(service, W("port"), name=f"BasicHttpBinding_{self.agent}",
                                binding=f"tns:BasicHttpBinding_{self.agent}")
        etree.SubElement(port, S("address"), location=PLACEHOLDER)


def _prefix_of(schema: etree._Element) -> str:
    ns = schema.get("targetNamespace")
    for prefix, uri in schema.nsmap.items():
        if uri == ns and prefix:
            return prefix
    schema.set("xmlns_fix", "1")
    return "tns"


def _clean_schema(schema: etree._Element) -> etree._Element:
    """A copy of a Spyne schema with only the namespace declarations it uses (no `soap12`)."""
    ns = schema.get("targetNamespace")
    used = {"xs": XS, "tns": ns}
    for node in schema.iter():
        for attr in ("type", "base"):
            value = node.get(attr)
            if value and ":" in value:
                prefix = value.split(":")[0]
                used[prefix] = node.nsmap.get(prefix) or used.get(prefix)
    if ARR in used.values() or SER in used.values():
        pass
    text = etree.tostring(schema)
    clean = etree.fromstring(text)
    out = etree.Element(XSD("schema"), dict(clean.attrib), nsmap={k: v for k, v in used.items() if v})
    out.extend(clean[:])
    out.attrib.pop("xmlns_fix", None)
    return out


@cache
def _template(agent: str) -> bytes:
    """The agent's document with the placeholder address: kept on disk by `wsdl_cache`, built once."""
    return wsdl_cache.kept(agent, _build)


def _build(agent: str) -> bytes:
    with _lock:
        wsdl = Wsdl11(application(agent).interface)
        wsdl.build_interface_document(PLACEHOLDER)
        root = _Fixer(agent, wsdl.root_elt).build()
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def document(agent: str, address: str) -> bytes:
    """The agent's WSDL with `address` as its endpoint (built on first use, then a byte replacement)."""
    return _template(agent).replace(PLACEHOLDER.encode(), address.encode())


def warm() -> None:
    """Every agent's document made ready in the background (`wsdl_cache.warm`)."""
    wsdl_cache.warm(agents(), _template)


def emit_all(address_base: str = "http://localhost/Remote/Services88") -> dict[str, bytes]:
    """Every agent's WSDL, as `make wsdl` writes it and the contract-parity tool reads it."""
    return {agent: document(agent, f"{address_base}/{agent}.svc") for agent in agents()}
