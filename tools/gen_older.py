"""Render `soapsvc/contract/older.py`: what Services84-87 lack or say differently, against Services88.

soapsvc serves the older contracts through the Services88 behaviour (see `soapsvc/soap/older.py`), so
all it needs of an older contract is how it differs, read from SuperOffice's WSDL of each version in
`wsdl/reference/older/Services8N/` (each compared with `wsdl/reference/services88/` with its namespace
read as Services88's):
- per agent, the operations the version has that Services88 also has (the ones served), in order, and
  the ones it has that Services88 retired (not served: no behaviour knows them);
- per named type whose own fields differ, the version's field names in its order;
- fields whose primitive type differs (UserGroup.Deleted is a short before 8.7);
- request parameters renamed (List.GetTaskList's TaskIds is SoTaskIds in Services88).
Any other kind of difference (a complex field retyped, a changed answer wrapper, a nested anonymous type)
stops the tool: the rewrite could not carry it, and it must be looked at rather than silently served.

`python tools/gen_contract.py` (`make contract-code`) writes it with the rest of soapsvc/contract and its
`--check` (run by the tests) reports its drift; `python tools/gen_older.py [--check]` does this file alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml import etree  # noqa: E402
from wsdl_contract import Complex, Contract, Field, extract  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OLDER = ROOT / "wsdl" / "reference" / "older"
CURRENT = ROOT / "wsdl" / "reference" / "services88"
OUT = ROOT / "soapsvc" / "contract" / "older.py"
VERSIONS = (84, 85, 86, 87)
NS = "http://www.superoffice.net/ws/crm/NetServer/Services{}"


def load(directory: Path, version: int) -> dict[str, Contract]:
    """Every agent's contract, the version's namespace read as Services88's so that names compare."""
    old, new = NS.format(version).encode(), NS.format(88).encode()
    return {p.stem: extract(etree.ElementTree(etree.fromstring(p.read_bytes().replace(old, new))))
            for p in sorted(directory.glob("*.wsdl"))}


def _local(qname: object) -> str:
    return str(qname).rsplit("}", 1)[-1]


class Differences:
    """One version's differences from Services88."""

    def __init__(self, version: int, old: dict[str, Contract], new: dict[str, Contract]) -> None:
        self.version = version
        self.operations: dict[str, tuple[str, ...]] = {}
        self.retired: dict[str, tuple[str, ...]] = {}
        self.fields: dict[str, tuple[str, ...]] = {}
        self.retyped: dict[tuple[str, str], str] = {}
        self.renamed: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        for agent, contract in old.items():
            current = new[agent]
            self.operations[agent] = tuple(n for n in contract.operations if n in current.operations)
            if retired := tuple(n for n in contract.operations if n not in current.operations):
                self.retired[agent] = retired
            for name in self.operations[agent]:
                self.operation(agent, name, contract, current)
            for name, model in contract.types.items():
                if name in contract.reachable and name in current.types:
                    self.type(_local(name), model, current.types[name])

    def fail(self, what: str) -> None:
        raise SystemExit(f"Services{self.version}: {what}: the rewrite of soapsvc/soap/older.py cannot carry it")

    def operation(self, agent: str, name: str, contract: Contract, current: Contract) -> None:
        old, new = contract.operations[name], current.operations[name]
        if old.output != new.output:
            self.fail(f"{agent}.{name} answers another wrapper")
        was, now = old.input.content.fields, new.input.content.fields
        renames = []
        for i, field in enumerate(was):
            if i >= len(now) or (field.name != now[i].name and field.type != now[i].type):
                self.fail(f"{agent}.{name} parameter {field.name}")
            if field.name != now[i].name:
                renames.append((field.name, now[i].name))
        if renames:
            self.renamed[(agent, name)] = tuple(renames)

    def type(self, name: str, old: object, new: object) -> None:
        if not (isinstance(old, Complex) and isinstance(new, Complex)):
            return  # simple types: enumerations a version lacks values of are the docstring's known difference
        if old.base != new.base:
            self.fail(f"type {name} derives from another type")
        current = {f.name: f for f in new.fields}
        for field in old.fields:
            self.field(name, field, current.get(field.name))
        names = tuple(f.name for f in old.fields)
        if names != tuple(f.name for f in new.fields):
            self.fields[name] = names

    def field(self, owner: str, field: Field, current: Field | None) -> None:
        if current is None:
            self.fail(f"field {owner}.{field.name} is not in Services88")
        if field.type == current.type:
            return
        if isinstance(field.type, Complex) or isinstance(current.type, Complex) or "XMLSchema}" not in field.type:
            self.fail(f"field {owner}.{field.name} has another type")
        self.retyped[(owner, field.name)] = _local(field.type)


def render(versions: list[Differences]) -> str:
    lines = [
        '"""GENERATED by tools/gen_older.py from wsdl/reference/older and wsdl/reference/services88. Do not edit.',
        "",
        "How each older contract differs from Services88, as plain data (its use: soapsvc/soap/older.py).",
        '"""',
        "",
        "# ruff: noqa: E501",
        "",
        f"VERSIONS = {tuple(d.version for d in versions)!r}",
        "",
    ]
    tables = (
        ("OPERATIONS", "dict[int, dict[str, tuple[str, ...]]]",
         "per agent, the operations the version shares with Services88, in its order", "operations"),
        ("RETIRED", "dict[int, dict[str, tuple[str, ...]]]",
         "per agent, the operations the version has and Services88 retired (not served)", "retired"),
        ("FIELDS", "dict[int, dict[str, tuple[str, ...]]]",
         "the named types whose own fields differ from Services88's: the version's, in its order", "fields"),
        ("RETYPED", "dict[int, dict[tuple[str, str], str]]",
         "(type, field) whose XML Schema type differs: the version's", "retyped"),
        ("RENAMED", "dict[int, dict[tuple[str, str], tuple[tuple[str, str], ...]]]",
         "(agent, operation): (the version's parameter name, Services88's)", "renamed"),
    )
    for name, hint, doc, attr in tables:
        lines += [f"# {doc}", f"{name}: {hint} = {{"]
        for d in versions:
            lines.append(f"    {d.version}: {{")
            lines += [f"        {key!r}: {value!r}," for key, value in getattr(d, attr).items()]
            lines.append("    },")
        lines += ["}", ""]
    return "\n".join(lines)


def generate() -> str:
    """The text of soapsvc/contract/older.py (tools/gen_contract.py writes and drift-checks it with the rest)."""
    new = load(CURRENT, 88)
    return render([Differences(v, load(OLDER / f"Services{v}", v), new) for v in VERSIONS])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file would change")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT.relative_to(ROOT)} is stale: run python tools/gen_older.py")
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
