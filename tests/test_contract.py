"""The contract: generated code and emitted WSDL are what the reference says, and nothing drifted."""

from __future__ import annotations

import subprocess
import sys

from lxml import etree

from soapsvc.soap.wsdl import emit_all
from tests.conftest import REFERENCE, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import contract_parity  # noqa: E402

COMMITTED = ROOT / "wsdl" / "services88"
ADDRESS = "http://localhost:8000/Remote/Services88"


def test_generated_contract_is_what_the_generator_writes() -> None:
    run = subprocess.run([sys.executable, "tools/gen_contract.py", "--check"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, f"re-run `make contract-code`:\n{run.stdout}{run.stderr}"


def test_committed_wsdl_is_what_the_server_emits() -> None:
    emitted = emit_all(ADDRESS)
    committed = {p.stem: p.read_bytes() for p in COMMITTED.glob("*.wsdl")}
    assert set(committed) == set(emitted)
    stale = sorted(a for a in emitted if committed[a] != emitted[a])
    assert not stale, f"wsdl/services88 drifted from the server for {stale}: run `make wsdl`"


def test_emitted_wsdl_equals_the_reference() -> None:
    emitted = {a: etree.ElementTree(etree.fromstring(b)) for a, b in emit_all(ADDRESS).items()}
    report = contract_parity.compare(contract_parity.load_dir(REFERENCE), emitted)
    assert report.differences == []
    assert (report.agents_equal, report.agents_total) == (60, 60)
    assert (report.operations_equal, report.operations_total) == (2029, 2029)
    assert (report.types_equal, report.types_total) == (759, 759)


def test_coverage_table_is_current() -> None:
    run = subprocess.run([sys.executable, "tools/coverage.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
