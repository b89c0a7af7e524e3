"""Write COVERAGE.md: per agent, which operations have hand-written rules, which the entity kit serves, which none.

Generated from the contract catalogue (`soapsvc.contract.catalogue`), the behaviour registry
(`soapsvc.agents`: `GENERIC` is what the kit registered) and `tools/data/usage-ranking.csv` (a copy of the
reference's ranking of operations by public call sites), whose share the covered operations account for
is printed. A test fails when COVERAGE.md is not what this tool writes: run `make coverage`.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from soapsvc import agents  # noqa: E402
from soapsvc.contract import catalogue  # noqa: E402

OUT = ROOT / "COVERAGE.md"
RANKING = ROOT / "tools" / "data" / "usage-ranking.csv"


def kind(key: tuple[str, str]) -> str:
    implemented = agents.load()
    if key in agents.GENERIC:
        return "generic"
    return "rules" if key in implemented else "none"


def call_sites() -> dict[tuple[str, str], int]:
    with RANKING.open(newline="") as f:
        return {(row["agent"], row["operation"]): int(row["callsites"]) for row in csv.DictReader(f)}


def render() -> str:
    per_agent: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key in catalogue.OPERATIONS:
        per_agent[key[0]][kind(key)].append(key[1])
    sites = call_sites()
    covered_sites = sum(n for key, n in sites.items() if kind(key) != "none")
    total_sites = sum(sites.values()) or 1
    counts = {k: sum(len(ops[k]) for ops in per_agent.values()) for k in ("rules", "generic", "none")}
    total = sum(counts.values())
    family_ops = [k for k, op in catalogue.OPERATIONS.items() if op.family is not None]
    family_done = sum(1 for k in family_ops if kind(k) != "none")
    head = [
        "# Coverage",
        "",
        "Written by `tools/coverage.py` (`make coverage`); do not edit by hand.",
        "Every operation of the contract is served. `rules`: hand-written NetServer rules",
        "(`soapsvc/agents/<agent>.py`); `generic`: the entity kit (`soapsvc/agents/kit.py`), from the contract",
        "catalogue; the others answer",
        "NetServer's error (`Succeeded` false, `ExceptionInfo` naming the operation as not implemented).",
        "",
        f"**{total - counts['none']} of {total} operations have behaviour: {counts['rules']} rules, "
        f"{counts['generic']} generic.** Entity-family operations: {family_done} of {len(family_ops)}.",
        f"**Call sites covered: {covered_sites} of {total_sites} ({100 * covered_sites / total_sites:.0f}%)** of "
        "the public call sites counted in `tools/data/usage-ranking.csv`.",
        "",
        "| agent | rules | generic | none | operations |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    rows, details = [], []
    for agent in sorted(per_agent, key=str.lower):
        ops = per_agent[agent]
        n = {k: len(ops[k]) for k in ("rules", "generic", "none")}
        rows.append(f"| {agent} | {n['rules']} | {n['generic']} | {n['none']} | {sum(n.values())} |")
        for k in ("rules", "generic"):
            if ops[k]:
                details.append(f"- **{agent}** ({k}): " + ", ".join(ops[k]))
    return "\n".join([*head, *rows, "", "## Operations with behaviour", "", *details, ""])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if COVERAGE.md is not current")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            print("COVERAGE.md is out of date: run `make coverage`")
            return 1
        return 0
    OUT.write_text(text)
    print("\n".join(text.splitlines()[7:9]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
