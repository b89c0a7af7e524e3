"""tools/contract_parity.py: the reference equals itself, and each kind of drift is reported and counted.

The reference is parsed and reduced once per module; each mutation test deep-copies one agent, changes
one thing, and re-extracts only that agent, so the whole module runs in a few seconds.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "wsdl" / "reference" / "services88"
NS = {
    "xs": "http://www.w3.org/2001/XMLSchema",
    "wsdl": "http://schemas.xmlsoap.org/wsdl/",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
}


def _load_tool() -> ModuleType:
    """tools/ is not a package: load the module from its file, as `python tools/contract_parity.py` does."""
    if "contract_parity" in sys.modules:
        return sys.modules["contract_parity"]
    spec = importlib.util.spec_from_file_location("contract_parity", ROOT / "tools" / "contract_parity.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["contract_parity"] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


cp = _load_tool()
Trees = dict[str, etree._ElementTree]
Contracts = dict[str, "cp.Contract"]


@pytest.fixture(scope="module")
def reference() -> Trees:
    return cp.load_dir(REFERENCE)


@pytest.fixture(scope="module")
def contracts(reference: Trees) -> Contracts:
    return {agent: cp.extract(tree) for agent, tree in reference.items()}


def one(root: etree._Element, xpath: str) -> etree._Element:
    found = root.xpath(xpath, namespaces=NS)
    assert len(found) == 1, f"{xpath} matched {len(found)}"
    return found[0]


def complex_type(root: etree._Element, name: str) -> etree._Element:
    return one(root, f"//xs:schema/xs:complexType[@name='{name}']")


def wrapper_field(root: etree._Element, wrapper: str, field: str) -> etree._Element:
    return one(root, f"//xs:schema/xs:element[@name='{wrapper}']//xs:element[@name='{field}']")


def run(reference: Trees, contracts: Contracts, agent: str, mutate: Callable[[etree._Element], None]) -> cp.Report:
    """Compare the reference with itself, except for one mutated copy of `agent`."""
    tree = copy.deepcopy(reference[agent])
    mutate(tree.getroot())
    return cp.compare_contracts(contracts, {**contracts, agent: cp.extract(tree)})


def counts(report: cp.Report) -> tuple[int, int, int]:
    return report.agents_equal, report.operations_equal, report.types_equal


def test_reference_equals_itself(contracts):
    """compare() is compare_contracts() after extract(); the CLI test goes through compare() itself."""
    report = cp.compare_contracts(contracts, contracts)
    assert (report.agents_equal, report.agents_total) == (60, 60)
    assert (report.operations_equal, report.operations_total) == (2029, 2029)
    assert (report.types_equal, report.types_total) == (759, 759)
    assert report.simple_types_equal == report.simple_types_total == 200  # 199 tns enums + ser:duration
    assert report.differences == []
    assert cp.format_report(report) == ["agents: 60/60 equal", "operations: 2029/2029 equal", "types: 759/759 equal"]


def test_changed_min_occurs_in_a_type(reference, contracts):
    def mutate(root):
        one(complex_type(root, "LicenseInfo"), ".//xs:element[@name='SerialNr']").set("minOccurs", "1")

    report = run(reference, contracts, "SoPrincipal", mutate)
    assert counts(report) == (59, 2029, 758)
    assert report.differences == [
        "SoPrincipal: type tns:LicenseInfo: field 'SerialNr' minOccurs: expected 0, found 1"
    ]


def test_renamed_wrapper_field(reference, contracts):
    def mutate(root):
        wrapper_field(root, "AuthenticateUsernamePassword", "UserName").set("name", "Username")

    report = run(reference, contracts, "SoPrincipal", mutate)
    assert counts(report) == (59, 2028, 759)
    prefix = "SoPrincipal: operation AuthenticateUsernamePassword: input wrapper:"
    assert report.differences == [
        f"{prefix} missing field 'UserName' (xs:string minOccurs=0 maxOccurs=1 nillable=true)",
        f"{prefix} extra field 'Username' (xs:string minOccurs=0 maxOccurs=1 nillable=true)",
    ]


def test_shared_output_wrapper_counts_every_operation(reference, contracts):
    """SoPrincipal's four Authenticate* operations share the AuthenticateResponse wrapper."""

    def mutate(root):
        wrapper_field(root, "AuthenticateResponse", "AuthenticationSucceeded").set("nillable", "true")

    report = run(reference, contracts, "SoPrincipal", mutate)
    assert counts(report) == (59, 2025, 759)
    assert len(report.differences) == 4
    assert all(
        line.endswith("output wrapper: field 'AuthenticationSucceeded' nillable: expected false, found true")
        for line in report.differences
    )


def test_reordered_fields_in_a_shared_type(reference, contracts):
    """TableRight appears in most agents; one drifting copy makes the type unequal."""

    def mutate(root):
        sequence = one(complex_type(root, "TableRight"), "xs:sequence")
        sequence.append(sequence[0])  # Mask moves after Reason

    report = run(reference, contracts, "Contact", mutate)
    assert counts(report) == (59, 2029, 758)
    assert report.differences == [
        "Contact: type tns:TableRight: field order differs at position 1: expected 'Mask', found 'Reason'"
    ]


def test_changed_soap_action(reference, contracts):
    def mutate(root):
        one(root, "//wsdl:binding/wsdl:operation[@name='GetSystemInfo']/soap:operation").set("soapAction", "urn:x")

    report = run(reference, contracts, "SoPrincipal", mutate)
    assert counts(report) == (59, 2028, 759)
    expected = "http://www.superoffice.net/ws/crm/NetServer/Services88/SoPrincipal/GetSystemInfo"
    assert report.differences == [f"SoPrincipal: operation GetSystemInfo: soapAction: expected {expected}, found urn:x"]


def test_removed_header_part(reference, contracts):
    def mutate(root):
        output = one(root, "//wsdl:binding/wsdl:operation[@name='GetSystemInfo']/wsdl:output")
        header = one(output, "soap:header[@part='TimeZone']")
        header.getparent().remove(header)

    report = run(reference, contracts, "SoPrincipal", mutate)
    assert counts(report) == (59, 2028, 759)
    assert report.differences == [
        "SoPrincipal: operation GetSystemInfo: output missing header part 'TimeZone' (tns:TimeZone type tns:SoTimeZone)"
    ]


def test_changed_header_element_type(reference, contracts):
    """Every operation of Contact has a TimeZone header both ways: all of them differ."""

    def mutate(root):
        one(root, "//xs:schema/xs:element[@name='TimeZone']").set("type", "xs:string")

    report = run(reference, contracts, "Contact", mutate)
    operations = len(contracts["Contact"].operations)
    assert counts(report) == (59, 2029 - operations, 759)
    for side in ("input", "output"):
        line = f"{side} header part 'TimeZone' type: expected tns:SoTimeZone, found xs:string"
        assert f"Contact: operation GetContact: {line}" in report.differences
    assert len(report.differences) == 2 * operations + 1
    assert "Contact: global element tns:TimeZone: type: expected tns:SoTimeZone, found xs:string" in report.differences


def test_enumeration_order_is_compared(reference, contracts):
    def mutate(root):
        restriction = one(root, "//xs:schema/xs:simpleType[@name='UserType']/xs:restriction")
        restriction.append(restriction[0])

    report = run(reference, contracts, "SoPrincipal", mutate)
    assert counts(report) == (59, 2029, 759)  # the printed count is over complex types only
    assert report.simple_types_equal == report.simple_types_total - 1
    assert report.differences == [
        "SoPrincipal: type tns:UserType: enumeration value order differs at position 1: expected 'Unknown', "
        "found 'InternalAssociate'"
    ]


def test_removed_operation(reference, contracts):
    def mutate(root):
        for op in root.xpath("//wsdl:portType/wsdl:operation[@name='GetSystemInfo'] | "
                             "//wsdl:binding/wsdl:operation[@name='GetSystemInfo']", namespaces=NS):
            op.getparent().remove(op)

    report = run(reference, contracts, "SoPrincipal", mutate)
    assert counts(report)[:2] == (59, 2028)
    assert report.differences[0] == "SoPrincipal: operation GetSystemInfo: missing from emitted"


def test_missing_agent_counts_all_its_operations_and_types(contracts):
    emitted = {agent: c for agent, c in contracts.items() if agent != "SoPrincipal"}
    report = cp.compare_contracts(contracts, emitted)
    principal = contracts["SoPrincipal"]
    complex_types = sum(isinstance(principal.types[n], cp.Complex) for n in principal.reachable)
    assert counts(report) == (59, 2029 - len(principal.operations), 759 - complex_types)
    assert report.differences == ["SoPrincipal: missing from emitted (5 operations)"]


def test_extra_known_type_and_missing_global_element(reference, contracts):
    """A type derived from a reachable type is reachable (WCF known types); global elements don't count."""

    def mutate(root):
        schema = one(root, "//xs:schema[@targetNamespace='http://www.superoffice.net/ws/crm/NetServer/Services88']")
        extra = etree.SubElement(schema, f"{{{NS['xs']}}}complexType", name="ExtraCarrier")
        content = etree.SubElement(extra, f"{{{NS['xs']}}}complexContent")
        etree.SubElement(content, f"{{{NS['xs']}}}extension", base="tns:Carrier")
        schema.remove(one(schema, "xs:element[@name='SoCredentials']"))

    report = run(reference, contracts, "SoPrincipal", mutate)
    assert counts(report) == (59, 2029, 759)
    assert report.differences == [
        "SoPrincipal: type tns:ExtraCarrier: not in reference (complexType)",
        "SoPrincipal: global element tns:SoCredentials: missing from emitted",
    ]


def test_ignored_details_make_no_difference(reference, contracts):
    """Prefixes, annotations, wsaw:Action, input/output names, soap:address and schema order are ignored."""
    text = etree.tostring(reference["SoPrincipal"]).decode()
    text = text.replace("xmlns:q1=", "xmlns:zz=").replace('"q1:', '"zz:')
    root = etree.fromstring(text)
    for node in root.xpath("//xs:annotation | //xs:import | //soap:address", namespaces=NS):
        node.getparent().remove(node)
    for node in root.xpath("//wsdl:operation/wsdl:input | //wsdl:operation/wsdl:output", namespaces=NS):
        node.attrib.pop("{http://www.w3.org/2006/05/addressing/wsdl}Action", None)
        node.attrib.pop("name", None)
    schema = root.find(".//xs:schema", NS)
    schema[:] = list(reversed(schema))
    report = cp.compare_contracts(contracts, {**contracts, "SoPrincipal": cp.extract(etree.ElementTree(root))})
    assert report.differences == []


def test_cli_counts_exit_code_and_differences(tmp_path, capsys, contracts):
    ref_dir, emitted_dir = tmp_path / "ref", tmp_path / "emitted"
    for directory in (ref_dir, emitted_dir):
        directory.mkdir()
        for agent in ("SoPrincipal", "TimeZone"):
            (directory / f"{agent}.wsdl").symlink_to(REFERENCE / f"{agent}.wsdl")
    ops = len(contracts["SoPrincipal"].operations) + len(contracts["TimeZone"].operations)
    types = len({n for a in ("SoPrincipal", "TimeZone") for n in contracts[a].reachable
                 if isinstance(contracts[a].types[n], cp.Complex)})
    args = ["--reference", str(ref_dir), "--emitted", str(emitted_dir)]

    assert cp.main(args) == 0
    assert capsys.readouterr().out.splitlines() == [
        "agents: 2/2 equal", f"operations: {ops}/{ops} equal", f"types: {types}/{types} equal"
    ]

    (emitted_dir / "TimeZone.wsdl").unlink()
    assert cp.main(args) == 1
    out = capsys.readouterr().out.splitlines()
    timezone_ops = len(contracts["TimeZone"].operations)
    assert out[:2] == ["agents: 1/2 equal", f"operations: {ops - timezone_ops}/{ops} equal"]
    assert out[3:] == [f"TimeZone: missing from emitted ({timezone_ops} operations)"]


def test_format_report_caps_the_difference_list():
    report = cp.Report(differences=[f"line {i}" for i in range(205)])
    lines = cp.format_report(report)
    assert len(lines) == 3 + 200 + 1 and lines[-1] == "... and 5 more"
    assert len(cp.format_report(report, None)) == 3 + 205
