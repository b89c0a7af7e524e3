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

Every contract version soapsvc serves is compared: Services88 (the document built from the Spyne contract)
and Services84-87 (what `soapsvc.soap.older` serves: the version's reference with the request's address;
its answers are fitted to the same reference by the rewrite there). Each report line starts with the
version; `--version N` compares one, `--reference`/`--emitted` two directories (lines without prefix).

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
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml import etree  # noqa: E402
from wsdl_contract import (  # noqa: E402
    DEFAULT_REFERENCE,
    LABELS,
    Complex,
    Contract,
    Field,
    Header,
    Model,
    Operation,
    Simple,
    extract,
    fmt,
    load_dir,
    load_emitted,
    reference_of,
)

VERSIONS = (88, 84, 85, 86, 87)


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


def _changed(label: str, expected: object, found: object) -> list[str]:
    return [] if expected == found else [f"{label}: expected {fmt(expected)}, found {fmt(found)}"]


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
    return f.name, f" ({fmt(f.type)} minOccurs={f.min_occurs} maxOccurs={f.max_occurs} nillable={fmt(f.nillable)})"


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
        return [(h.part, f" ({fmt(h.element)} type {fmt(h.type)})") for h in headers]

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
        _group(groups, f"type {fmt(name)}", lines, agent)
        bad |= {name} if lines else set()
    for name in emi.reachable - ref.reachable - emi.wrapper_types:  # named wrappers are reported per operation
        where = "not in reference" if name not in ref.types else "reachable only in emitted"
        _group(groups, f"type {fmt(name)}", [f"{where} ({_kind(emi.types[name])})"], agent)
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
        _group(groups, f"global element {fmt(name)}", lines, agent)
    for name in emi.elements.keys() - ref.elements.keys():
        _group(groups, f"global element {fmt(name)}", ["not in reference"], agent)


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
    parser.add_argument("--version", type=int, choices=VERSIONS, help="one contract version (default: each)")
    args = parser.parse_args(argv)
    limit = None if args.all else 200
    if args.emitted or args.reference != DEFAULT_REFERENCE:
        emitted = load_dir(args.emitted) if args.emitted else load_emitted()
        report = compare(load_dir(args.reference), emitted)
        print("\n".join(format_report(report, limit)))
        return 1 if report.differences else 0
    failed = False
    for version in [args.version] if args.version else VERSIONS:
        report = compare(load_dir(reference_of(version)), load_emitted(version))
        print("\n".join(f"Services{version}: {line}" for line in format_report(report, limit)))
        failed |= bool(report.differences)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
