"""Contract parity: compare the WSDL soapsvc emits with SuperOffice's reference WSDL, per agent.

Both sides are reduced to a model of what a generated client (svcutil, zeep, wsimport)
binds to, then compared.  Per operation: soapAction, style, faults, body parts (name and
element), body/header `use`, wrapper element names and whether the wrapper type is
anonymous, the wrapper's children (name, order, resolved type, minOccurs, maxOccurs,
nillable, form) and the header parts (name, element, its type and nillable).  Per type:
every named type reachable from the operations (field, base and list item types, plus
types derived from a reachable type, which WCF exports as known types), field by field,
including anonymous nested types (dictionary KeyValuePair elements), base types, facets
and enumeration values in order, and the list (flags enum) flag.  Global elements are
compared for presence, type and nillable.

QNames are always resolved through the element's nsmap to {namespace}local.  Defaults
are normalised (minOccurs/maxOccurs absent == "1", nillable absent == false, element
without type == xs:anyType, an empty xs:sequence == no particle), since no client can
tell them apart.  The printed `types:` count is over complexTypes (759 in the reference);
simpleTypes are compared and reported too, and counted in Report.simple_types_*.  Type
and global-element lines are printed once per distinct difference, with the agents it
occurs in.  Exit status: 0 when there is no difference at all, else 1.

Ignored on purpose, because no generated client sees them:
- namespace prefixes and where they are declared (WCF's q1, q2 ... are numbering noise);
- attribute order, the order of top-level schema children, xs:import elements
  (everything is looked up by QName and all schemas are inline);
- xs:annotation/xs:appinfo content (WCF's EnumerationValue, ActualType, IsDictionary,
  IsValueType hints only steer DataContractSerializer importers; the wire is the same);
- WS-Policy and WS-Addressing decorations (wsaw:Action, wsam, wsp): BasicHttpBinding
  never sends WS-Addressing headers;
- the `name` attribute on wsdl:input/wsdl:output and wsdl:message names (SoPrincipal
  shares one message between four operations): internal links, never on the wire;
- wsdl:documentation, the soap:address location (deployment specific) and the
  definitions/service/port/binding/portType names;
- named types no operation can reach (WCF always emits ser:char and ser:guid) and
  global xs:attribute declarations (ser:FactoryType/Id/Ref), which nothing references.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

XS_NS = "http://www.w3.org/2001/XMLSchema"
XS, WSDL, SOAP = f"{{{XS_NS}}}", "{http://schemas.xmlsoap.org/wsdl/}", "{http://schemas.xmlsoap.org/wsdl/soap/}"
PREFIXES = {
    "http://www.superoffice.net/ws/crm/NetServer/Services88": "tns",
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


@dataclass
class Report:
    """Counts (totals come from the reference) and readable difference lines."""

    agents_equal: int = 0
    agents_total: int = 0
    operations_equal: int = 0
    operations_total: int = 0
    types_equal: int = 0
    types_total: int = 0
    simple_types_equal: int = 0
    simple_types_total: int = 0
    differences: list[str] = field(default_factory=list)


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
            other.append(f"attribute {name} {_fmt(_qname(child, child.get('type')))} {child.get('use', 'optional')}")
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
    body_parts = ", ".join(f"{n}={_fmt(e)}" for n, e in parts.items()) or "none"
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


def load_emitted() -> dict[str, etree._ElementTree]:
    """The documents soapsvc emits; imported lazily so the tool works without it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from soapsvc.soap.wsdl import emit_all

    return {agent: etree.ElementTree(etree.fromstring(data)) for agent, data in emit_all().items()}


def _fmt(value: object) -> str:
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


def _changed(label: str, expected: object, found: object) -> list[str]:
    return [] if expected == found else [f"{label}: expected {_fmt(expected)}, found {_fmt(found)}"]


def _attrs(prefix: str, exp: object, got: object, names: str) -> list[str]:
    """_changed for each named attribute of two objects."""
    pairs = (
        (LABELS.get(name, name.replace("_", " ")), getattr(exp, name), getattr(got, name)) for name in names.split()
    )
    return [line for label, e, g in pairs for line in _changed(f"{prefix}{label}", e, g)]


def _diff_named(label: str, expected: list[tuple[str, str]], found: list[tuple[str, str]]) -> list[str]:
    """Missing, extra, then the first reordered item of two (name, description) lists."""
    exp_names, got_names = [n for n, _ in expected], [n for n, _ in found]
    lines = [f"missing {label} '{n}'{d}" for n, d in expected if n not in got_names]
    lines += [f"extra {label} '{n}'{d}" for n, d in found if n not in exp_names]
    common = set(exp_names) & set(got_names)
    pairs = zip([n for n in exp_names if n in common], [n for n in got_names if n in common], strict=False)
    for i, (e, g) in enumerate(pairs):
        if e != g:
            return [*lines, f"{label} order differs at position {i + 1}: expected '{e}', found '{g}'"]
    return lines


def _described(f: Field) -> tuple[str, str]:
    return f.name, f" ({_fmt(f.type)} minOccurs={f.min_occurs} maxOccurs={f.max_occurs} nillable={_fmt(f.nillable)})"


def diff_fields(expected: tuple[Field, ...], found: tuple[Field, ...]) -> list[str]:
    """Field membership and order, then per-field type/occurs/nillable/form."""
    lines = _diff_named("field", [_described(f) for f in expected], [_described(f) for f in found])
    got = {f.name: f for f in found}
    for exp in (f for f in expected if f.name in got):
        label, g = f"field '{exp.name}'", got[exp.name]
        if isinstance(exp.type, Complex | Simple) and type(exp.type) is type(g.type):
            lines += [f"{label} (anonymous type): {line}" for line in diff_model(exp.type, g.type)]
        else:
            lines += _changed(f"{label} type", exp.type, g.type)
        lines += _attrs(f"{label} ", exp, g, "min_occurs max_occurs nillable qualified")
    return lines


def diff_model(exp: Model | None, got: Model | None) -> list[str]:
    """Readable differences between two type models."""
    if exp == got:
        return []
    if isinstance(exp, Complex) and isinstance(got, Complex):
        return (
            _changed("base type", exp.base, got.base)
            + _changed("other", exp.other, got.other)
            + diff_fields(exp.fields, got.fields)
        )
    if isinstance(exp, Simple) and isinstance(got, Simple):
        return _diff_simple(exp, got)
    return _changed("kind", type(exp).__name__, type(got).__name__)


def _diff_simple(exp: Simple, got: Simple) -> list[str]:
    lines = _changed("is list (flags enum)", exp.is_list, got.is_list) + _changed("base type", exp.base, got.base)
    if isinstance(exp.item, Simple) and isinstance(got.item, Simple):
        lines += [f"list item: {line}" for line in _diff_simple(exp.item, got.item)]
    else:
        lines += _changed("list item type", exp.item, got.item)
    enums = [[(v, "") for k, v in s.facets if k == "enumeration"] for s in (exp, got)]
    lines += _diff_named("enumeration value", *enums)
    facets = [[f for f in s.facets if f[0] != "enumeration"] for s in (exp, got)]
    return lines + _changed("facets", *facets)


def diff_operation(exp: Operation, got: Operation) -> list[str]:
    """Readable differences between two operations."""
    lines = _changed("soapAction", exp.action, got.action) + _attrs("", exp, got, "style faults")
    for label, e, g in (("input", exp.input, got.input), ("output", exp.output, got.output)):
        if e is None or g is None:
            lines += _changed(f"{label} wrapper", e and e.wrapper, g and g.wrapper)
            continue
        lines += _attrs(f"{label} ", e, g, "body_parts body_use wrapper wrapper_type")
        lines += [f"{label} wrapper: {line}" for line in diff_model(e.content, g.content)]
        lines += [f"{label} {line}" for line in _diff_headers(e.headers, g.headers)]
    return lines


def _diff_headers(exp: tuple[Header, ...], got: tuple[Header, ...]) -> list[str]:
    def described(headers: tuple[Header, ...]) -> list[tuple[str, str]]:
        return [(h.part, f" ({_fmt(h.element)} type {_fmt(h.type)})") for h in headers]

    lines = _diff_named("header part", described(exp), described(got))
    found = {h.part: h for h in got}
    for e in (h for h in exp if h.part in found):
        lines += _attrs(f"header part '{e.part}' ", e, found[e.part], "element type nillable use")
    return lines


Groups = dict[tuple[str, str], list[str]]


def _group(groups: Groups, subject: str, lines: list[str], agent: str) -> None:
    """Collect type/element lines so each distinct line is printed once, with its agents."""
    for line in lines:
        groups.setdefault((subject, line), []).append(agent)


def _grouped_lines(groups: Groups) -> list[str]:
    def shown(agents: list[str]) -> str:
        return ", ".join(agents[:4]) + (f" (+{len(agents) - 4} more)" if len(agents) > 4 else "")

    return [f"{shown(agents)}: {subject}: {line}" for (subject, line), agents in sorted(groups.items())]


def _compare_ops(agent: str, ref: Contract, emi: Contract, out: list[str]) -> int:
    """Append operation differences; return the number of equal operations."""
    out += [f"{agent}: operation {n}: missing from emitted" for n in ref.operations if n not in emi.operations]
    out += [f"{agent}: operation {n}: not in reference" for n in emi.operations if n not in ref.operations]
    equal = 0
    for name in (n for n in ref.operations if n in emi.operations):
        lines = diff_operation(ref.operations[name], emi.operations[name])
        out += [f"{agent}: operation {name}: {line}" for line in lines]
        equal += not lines
    return equal


def _compare_types(agent: str, ref: Contract, emi: Contract, groups: Groups) -> set[str]:
    """Group type differences; return the types that differ (or are extra) in this agent."""
    bad = set()
    for name in ref.reachable:
        model, got = ref.types[name], emi.types.get(name)
        lines = diff_model(model, got) if got is not None else [f"missing from emitted ({_kind(model)})"]
        _group(groups, f"type {_fmt(name)}", lines, agent)
        bad |= {name} if lines else set()
    for name in emi.reachable - ref.reachable - emi.wrapper_types:  # named wrappers are reported per operation
        where = "not in reference" if name not in ref.types else "reachable only in emitted"
        _group(groups, f"type {_fmt(name)}", [f"{where} ({_kind(emi.types[name])})"], agent)
        bad.add(name)
    return bad


def _kind(model: Model) -> str:
    return "complexType" if isinstance(model, Complex) else "simpleType"


def _compare_elements(agent: str, ref: Contract, emi: Contract, groups: Groups) -> None:
    """Global elements: missing, extra, and type/nillable of named-type ones."""
    for name, (type_name, nillable) in ref.elements.items():
        got = emi.elements.get(name)
        if got is None:
            lines = ["missing from emitted"]
        elif type_name and got[0]:  # anonymous wrapper types are compared per operation
            lines = _changed("type", type_name, got[0]) + _changed("nillable", nillable, got[1])
        else:
            lines = []
        _group(groups, f"global element {_fmt(name)}", lines, agent)
    for name in emi.elements.keys() - ref.elements.keys():
        _group(groups, f"global element {_fmt(name)}", ["not in reference"], agent)


def compare(reference: dict[str, etree._ElementTree], emitted: dict[str, etree._ElementTree]) -> Report:
    """Compare emitted WSDL documents with the reference, per agent."""
    return compare_contracts(
        {agent: extract(tree) for agent, tree in reference.items()},
        {agent: extract(tree) for agent, tree in emitted.items()},
    )


def compare_contracts(ref: dict[str, Contract], emi: dict[str, Contract]) -> Report:
    """compare() on already extracted contracts (lets tests extract the reference once)."""
    report = Report(agents_total=len(ref), operations_total=sum(len(c.operations) for c in ref.values()))
    type_groups: Groups = {}
    element_groups: Groups = {}
    unequal: set[str] = set()
    for agent in sorted(ref):
        r, e = ref[agent], emi.get(agent)
        if e is None:
            report.differences.append(f"{agent}: missing from emitted ({len(r.operations)} operations)")
            unequal |= r.reachable
            continue
        ops_equal = _compare_ops(agent, r, e, report.differences)
        bad_types = _compare_types(agent, r, e, type_groups)
        _compare_elements(agent, r, e, element_groups)
        unequal |= bad_types & r.reachable
        report.operations_equal += ops_equal
        report.agents_equal += ops_equal == len(r.operations) == len(e.operations) and not bad_types
    report.differences += [f"{agent}: not in reference" for agent in sorted(emi.keys() - ref.keys())]
    report.differences += _grouped_lines(type_groups) + _grouped_lines(element_groups)
    kinds = {name: _kind(contract.types[name]) for contract in ref.values() for name in contract.reachable}
    for kind, prefix in (("complexType", "types"), ("simpleType", "simple_types")):
        names = [n for n, k in kinds.items() if k == kind]
        setattr(report, f"{prefix}_total", len(names))
        setattr(report, f"{prefix}_equal", sum(n not in unequal for n in names))
    return report


def format_report(report: Report, limit: int | None = 200) -> list[str]:
    """The three count lines, then the differences (capped at limit unless None)."""
    lines = [
        f"agents: {report.agents_equal}/{report.agents_total} equal",
        f"operations: {report.operations_equal}/{report.operations_total} equal",
        f"types: {report.types_equal}/{report.types_total} equal",
    ]
    shown = report.differences if limit is None else report.differences[:limit]
    more = len(report.differences) - len(shown)
    return lines + shown + ([f"... and {more} more"] if more else [])


def main(argv: list[str] | None = None) -> int:
    """Run the comparison; exit 0 only when no difference was found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="directory of reference *.wsdl")
    parser.add_argument("--emitted", type=Path, help="directory of emitted *.wsdl (default: soapsvc emit_all())")
    parser.add_argument("--all", action="store_true", help="print every difference, not only the first 200")
    args = parser.parse_args(argv)
    emitted = load_dir(args.emitted) if args.emitted else load_emitted()
    report = compare(load_dir(args.reference), emitted)
    print("\n".join(format_report(report, None if args.all else 200)))
    return 1 if report.differences else 0


if __name__ == "__main__":
    sys.exit(main())
