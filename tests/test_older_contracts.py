"""The older contracts are served equal to their reference (the drift of their data: tests/test_contract.py)."""

from __future__ import annotations

import pytest

from soapsvc.contract.older import OPERATIONS, RETIRED, VERSIONS
from tests.conftest import ROOT
from tests.test_contract_parity_tool import cp


@pytest.mark.parametrize("version", VERSIONS)
def test_parity_tool_reports_each_version(version: int, capsys: pytest.CaptureFixture[str]) -> None:
    agents = len(OPERATIONS[version])
    assert agents == len(list((ROOT / "wsdl" / "reference" / "older" / f"Services{version}").glob("*.wsdl")))
    assert cp.main(["--version", str(version)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Services{version}: agents: {agents}/{agents} equal"
    total = sum(len(ops) for ops in [*OPERATIONS[version].values(), *RETIRED[version].values()])
    assert lines[1] == f"Services{version}: operations: {total}/{total} equal"
    assert len(lines) == 3 and lines[2].startswith(f"Services{version}: types: ")
