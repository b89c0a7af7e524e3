"""A WSDL 1.1 document reduced to what the contract-parity tool compares (see tools/contract_parity.py).

Operations (wrappers, parameters, headers, soapActions) and every named type, with QNames resolved to
`{namespace}local` so that prefixes never matter.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XS_NS = "http://www.w3.org/2001/XMLSchema"
XS, WSDL, SOAP = f"{{{XS_NS}}}", "{http://schemas.xmlsoap.org/wsdl/}", "{http://schemas.xmlsoap.org/wsdl/soap/}"
PREFIXES = {
    **{f"http://www.superoffice.net/ws/crm/NetServer/Services{v}": "tns" for v in (84, 85, 86, 87, 88)},
    XS_NS: "xs",
    "http://schemas.microsoft.com/2003/10/Serialization/": "ser",
    "http://schemas.microsoft.com/2003/10/Serialization/Arrays": "arr",
    "http://schemas.datacontract.org/2004/07/System.Security.Cryptography": "crypto",
}
ANY_TYPE = f"{XS}anyType"
UNDEFINED = "<undefined>"
COMPOSITORS = ("sequence", "all", "choice")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT / "wsdl" / "reference" / "services88"
OLDER_REFERENCE = ROOT / "wsdl" / "reference" / "older"  # Services84..87/<Agent>.wsdl
LABELS = {"min_occurs": "minOccurs", "max_occurs": "maxOccurs"}


@dataclass(frozen=True)
class Field:
    """One particle of a content model, as a client binds it."""

    name: str
    type: str | Complex | Simple
    min_occurs: str = "1"
    max_occurs: str = "1"
    nillable: bool = False
    qualified: bool = True


@dataclass(frozen=True)
class Complex:
    """A complexType; `other` lists rare constructs (attributes, mixed...) WCF never uses."""

    base: str | None = None
    fields: tuple[Field, ...] = ()
    other: tuple[str, ...] = ()


@dataclass(frozen=True)
class Simple:
    """A simpleType: restriction base and facets (enumerations in order), or a list."""

    base: str | None = None
    facets: tuple[tuple[str, str], ...] = ()
    is_list: bool = False
    item: str | Simple | None = None


Model = Complex | Simple


@dataclass(frozen=True)
class Header:
    """A soap:header resolved down to its global element."""

    part: str
    element: str
    type: str
    nillable: bool
    use: str | None


@dataclass(frozen=True)
class Side:
    """The input or output of an operation."""

    body_parts: str
    body_use: str | None
    wrapper: str | None
    wrapper_type: str  # "anonymous" or the named type's QName
    content: Model | None
    headers: tuple[Header, ...]


@dataclass(frozen=True)
class Operation:
    """An operation merged from portType and SOAP binding."""

    action: str | None
    style: str
    faults: tuple[str, ...]
    input: Side | None
    output: Side | None


@dataclass
class Contract:
    """Everything compared for one agent."""

    operations: dict[str, Operation]
    types: dict[str, Model]  # every named type defined
    reachable: set[str]  # the ones an operation can reach: what is compared
    elements: dict[str, tuple[str, bool]]
    wrapper_types: set[str]


def _qname(node: etree._Element, value: str | None) -> str | None:
    """Resolve a prefixed QName through the node's in-scope namespaces."""
    if value is None:
        return None
    prefix, _, local = value.strip().rpartition(":")
    ns = node.nsmap.get(prefix or None)
    if prefix and ns is None:
        return f"{{?{prefix}}}{local}"
    return f"{{{ns}}}{local}" if ns else local


def _bool(value: str | None) -> bool:
    return value in ("true", "1")


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _kids(node: etree._Element) -> Iterator[etree._Element]:
    """XSD children, skipping annotations, comments and foreign elements."""
    for child in node:
        if isinstance(child.tag, str) and child.tag.startswith(XS) and child.tag != f"{XS}annotation":
            yield child


def _parse_field(el: etree._Element, qualified: bool) -> Field:
    occurs = el.get("minOccurs", "1"), el.get("maxOccurs", "1")
    if el.tag != f"{XS}element":  # xs:any or a nested compositor
        inner = _parse_particles(el, qualified) if _local(el) in COMPOSITORS else el.get("namespace", "##any")
        return Field(f"<{_local(el)}>", inner, *occurs)
    name = el.get("name") or f"ref {_qname(el, el.get('ref'))}"
    form = el.get("form")
    is_qualified = qualified if form is None else form == "qualified"
    return Field(name, _element_type(el), *occurs, nillable=_bool(el.get("nillable")), qualified=is_qualified)


def _element_type(el: etree._Element) -> str | Model:
    """Named type QName, or the model of an anonymous type."""
    if el.get("type"):
        return _qname(el, el.get("type")) or ANY_TYPE
    for child in _kids(el):
        if child.tag == f"{XS}complexType":
            return _parse_complex(child)
        if child.tag == f"{XS}simpleType":
            return _parse_simple(child)
    return ANY_TYPE


def _parse_particles(group: etree._Element, qualified: bool) -> Complex:
    other = () if _local(group) == "sequence" else (f"compositor {_local(group)}",)
    return Complex(fields=tuple(_parse_field(c, qualified) for c in _kids(group)), other=other)


def _parse_complex(ct: etree._Element) -> Complex:
    schema = next(ct.iterancestors(f"{XS}schema"), None)
    qualified = schema is not None and schema.get("elementFormDefault") == "qualified"
    body, base, other = ct, None, [f"{a} {ct.get(a)}" for a in ("mixed", "abstract") if _bool(ct.get(a))]
    for content in _kids(ct):
        if _local(content) in ("complexContent", "simpleContent"):
            other += [f"{_local(content)} mixed"] if _bool(content.get("mixed")) else []
            body = next(_kids(content))
            base = _qname(body, body.get("base"))
            other += [] if _local(body) == "extension" else [f"{_local(content)} {_local(body)}"]
    fields: tuple[Field, ...] = ()
    for child in _kids(body):
        if _local(child) in COMPOSITORS:
            group = _parse_particles(child, qualified)
            fields, other = group.fields, other + list(group.other)
        elif _local(child) != "attribute":
            other.append(f"<{_local(child)}>")
        else:
            name = child.get("name") or f"ref {_qname(child, child.get('ref'))}"
            other.append(f"attribute {name} {fmt(_qname(child, child.get('type')))} {child.get('use', 'optional')}")
    return Complex(base, fields, tuple(other))


def _parse_simple(st: etree._Element) -> Simple:
    for child in _kids(st):
        if _local(child) == "restriction":
            facets = tuple((_local(f), f.get("value", "")) for f in _kids(child))
            return Simple(_qname(child, child.get("base")), facets)
        if _local(child) == "list":
            inner = next(_kids(child), None)
            item = _qname(child, child.get("itemType")) if inner is None else _parse_simple(inner)
            return Simple(is_list=True, item=item)
        if _local(child) == "union":
            return Simple(f"union {child.get('memberTypes', '')}")
    return Simple()


class _Doc:
    """Index of one WSDL document: global types, elements and messages by QName."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.root = tree.getroot()
        self.types: dict[str, etree._Element] = {}
        self.elements: dict[str, etree._Element] = {}
        for schema in self.root.iter(f"{XS}schema"):
            for child in _kids(schema):
                name = f"{{{schema.get('targetNamespace', '')}}}{child.get('name')}"
                if child.tag == f"{XS}element":
                    self.elements[name] = child
                elif _local(child) in ("complexType", "simpleType"):
                    self.types[name] = child
        tns = self.root.get("targetNamespace", "")
        self.messages = {f"{{{tns}}}{m.get('name')}": m for m in self.root.iter(f"{WSDL}message")}

    def model(self, name: str) -> Model:
        node = self.types[name]
        return _parse_complex(node) if _local(node) == "complexType" else _parse_simple(node)

    def element_signature(self, name: str) -> tuple[str, bool]:
        """(type QName, or "" when anonymous; nillable) of a global element."""
        el = self.elements.get(name)
        return (UNDEFINED, False) if el is None else (_qname(el, el.get("type")) or "", _bool(el.get("nillable")))

    def part_element(self, message: str | None, part: str | None) -> str:
        msg = self.messages.get(message or "")
        node = None if msg is None else next((p for p in msg.iter(f"{WSDL}part") if p.get("name") == part), None)
        if node is None:
            return UNDEFINED
        return _qname(node, node.get("element")) or f"type {_qname(node, node.get('type'))}"


def _refs(node: etree._Element) -> Iterator[str]:
    """Every type QName referenced anywhere below node."""
    for el in node.iter(f"{XS}*"):
        for attr in ("type", "base", "itemType"):
            if el.get(attr):
                yield _qname(el, el.get(attr)) or ""
        yield from (_qname(el, member) or "" for member in el.get("memberTypes", "").split())


def _reachable(doc: _Doc, roots: Iterable[str]) -> set[str]:
    """Named types reachable from the root elements, including derived (known) types."""
    derived: dict[str, list[str]] = defaultdict(list)
    for name, node in doc.types.items():
        for ext in node.iter(f"{XS}extension", f"{XS}restriction"):
            derived[_qname(ext, ext.get("base")) or ""].append(name)
    stack = [ref for r in roots if r in doc.elements for ref in _refs(doc.elements[r])]
    seen: set[str] = set()
    while stack:
        name = stack.pop()
        if name not in seen and name in doc.types:
            seen.add(name)
            stack += [*_refs(doc.types[name]), *derived.get(name, ())]
    return seen


def _side(doc: _Doc, io: etree._Element | None, bound: etree._Element | None) -> Side | None:
    """One direction of an operation: body part(s), wrapper content and headers."""
    if io is None:
        return None
    message = _qname(io, io.get("message"))
    headers = [] if bound is None else list(bound.iter(f"{SOAP}header"))
    in_headers = {h.get("part") for h in headers if _qname(h, h.get("message")) == message}
    body = None if bound is None else bound.find(f"{SOAP}body")
    wanted = None if body is None or body.get("parts") is None else body.get("parts", "").split()
    msg = doc.messages.get(message or "")
    names = [p.get("name", "") for p in ([] if msg is None else msg.iter(f"{WSDL}part"))]
    names = [n for n in names if n not in in_headers and (wanted is None or n in wanted)]
    parts = {n: doc.part_element(message, n) for n in names}
    wrapper = parts.get("parameters", next(iter(parts.values()), None))
    el = doc.elements.get(wrapper or "")
    content = UNDEFINED if el is None else _element_type(el)
    wrapper_type = content if isinstance(content, str) else "anonymous"
    if isinstance(content, str):
        content = doc.model(content) if content in doc.types else None
    body_parts = ", ".join(f"{n}={fmt(e)}" for n, e in parts.items()) or "none"
    use = None if body is None else body.get("use")
    return Side(body_parts, use, wrapper, wrapper_type, content, tuple(_header(doc, h) for h in headers))


def _header(doc: _Doc, header: etree._Element) -> Header:
    part = header.get("part", "")
    element = doc.part_element(_qname(header, header.get("message")), part)
    return Header(part, element, *doc.element_signature(element), header.get("use"))


def _operations(doc: _Doc) -> dict[str, Operation]:
    """Operations by name, from every portType and every SOAP 1.1 binding."""
    abstract = {op.get("name"): op for pt in doc.root.iter(f"{WSDL}portType") for op in pt.iter(f"{WSDL}operation")}
    bindings = [b for b in doc.root.iter(f"{WSDL}binding") if b.find(f"{SOAP}binding") is not None]
    bound = {op.get("name"): (b, op) for b in bindings for op in b.iter(f"{WSDL}operation")}
    result = {}
    for name in [*abstract, *(n for n in bound if n not in abstract)]:
        op, (binding, bop) = abstract.get(name), bound.get(name, (None, None))
        soap_op = None if bop is None else bop.find(f"{SOAP}operation")
        default_style = "document" if binding is None else binding.find(f"{SOAP}binding").get("style", "document")
        result[name] = Operation(
            action=None if soap_op is None else soap_op.get("soapAction"),
            style=default_style if soap_op is None else soap_op.get("style", default_style),
            faults=tuple(sorted(f.get("name", "") for f in ([] if op is None else op.iter(f"{WSDL}fault")))),
            input=_side(doc, _child(op, "input"), _child(bop, "input")),
            output=_side(doc, _child(op, "output"), _child(bop, "output")),
        )
    return result


def _child(node: etree._Element | None, local: str) -> etree._Element | None:
    return None if node is None else node.find(f"{WSDL}{local}")


def extract(tree: etree._ElementTree) -> Contract:
    """Reduce one WSDL document to the compared contract."""
    doc = _Doc(tree)
    operations = _operations(doc)
    sides = [s for op in operations.values() for s in (op.input, op.output) if s]
    roots = [s.wrapper or "" for s in sides] + [h.element for s in sides for h in s.headers]
    return Contract(
        operations,
        {name: doc.model(name) for name in sorted(doc.types)},
        _reachable(doc, roots),
        {name: doc.element_signature(name) for name in doc.elements},
        {s.wrapper_type for s in sides},
    )


def load_dir(path: str | Path) -> dict[str, etree._ElementTree]:
    """Parse every *.wsdl in a directory, keyed by agent (file stem)."""
    return {p.stem: etree.parse(str(p)) for p in sorted(Path(path).glob("*.wsdl"))}


def reference_of(version: int) -> Path:
    """The directory of a contract version's reference WSDL."""
    return DEFAULT_REFERENCE if version == 88 else OLDER_REFERENCE / f"Services{version}"


def load_emitted(version: int = 88) -> dict[str, etree._ElementTree]:
    """The documents soapsvc serves for a contract version; imported lazily so the tool works without it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if version != 88:
        from soapsvc.soap import older

        base = f"http://localhost/Remote/Services{version}"
        return {agent: etree.ElementTree(etree.fromstring(older.document(version, agent, f"{base}/{agent}.svc")))
                for agent in older.OPERATIONS[version]}
    from soapsvc.soap.wsdl import emit_all

    return {agent: etree.ElementTree(etree.fromstring(data)) for agent, data in emit_all().items()}


def fmt(value: object) -> str:
    """Human form of a compared value: QNames with the usual prefixes."""
    if isinstance(value, Complex | Simple):
        return f"anonymous {type(value).__name__.lower()}Type"
    if isinstance(value, bool):
        return str(value).lower()
    if value is None or value == "":
        return "none"
    if isinstance(value, str) and value.startswith("{") and "}" in value:
        ns, local = value[1:].split("}", 1)
        return f"{PREFIXES[ns]}:{local}" if ns in PREFIXES else value
    return str(value)
