"""Write COVERAGE.md: the operations soapsvc implements, per agent, out of the contract's total.

Generated from the contract (`soapsvc.contract`) and the behaviour registry (`soapsvc.agents`); a test
fails when COVERAGE.md is not what this tool writes. Run `make coverage` after adding behaviour.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from soapsvc import agents  # noqa: E402
from soapsvc.contract.registry import AGENTS  # noqa: E402

OUT = ROOT / "COVERAGE.md"


def operations(agent: str) -> list[str]:
    service = getattr(importlib.import_module(AGENTS[agent]), f"{agent}Service")
    return list(service.public_methods)


def render() -> str:
    implemented = agents.load()
    rows, total, done = [], 0, 0
    details = []
    for agent in AGENTS:
        ops = operations(agent)
        have = [op for op in ops if (agent, op) in implemented]
        total, done = total + len(ops), done + len(have)
        rows.append(f"| {agent} | {len(have)} | {len(ops)} |")
        if have:
            details.append(f"- **{agent}**: " + ", ".join(have))
    head = [
        "# Coverage",
        "",
        "Written by `tools/coverage.py` (`make coverage`); do not edit by hand.",
        "Every operation of the contract is served; the ones below have behaviour, the others answer",
        "NetServer's error (`Succeeded` false, `ExceptionInfo` naming the operation as not implemented).",
        "",
        f"**{done} of {total} operations implemented.**",
        "",
        "| agent | implemented | operations |",
        "| --- | ---: | ---: |",
    ]
    return "\n".join([*head, *rows, "", "## Implemented operations", "", *details, ""])


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
    print(text.splitlines()[6])
    return 0


if __name__ == "__main__":
    sys.exit(main())
