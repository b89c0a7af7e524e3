"""Mono's svcutil (WCF ClientBase, DataContractSerializer) generated from the Services87 REFERENCE WSDL, at
/Remote/Services87: the same C# program as test_mono's svcutil client, its header and address code
compiled for Services87 (WCF reads a header or a field of another namespace as null, silently). And Mono's wsdl
(SoapHttpClientProtocol, XmlSerializer: a misnamed element reads as null, silently) generated from the Services84
and Services87 reference WSDL: OlderContactWsdl.exe logs in, saves a contact and reads it back, every field sent
compared non-null and equal; the same program built from Services88's reads what the Services87 build saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.agents.support import new_tenant
from tests.interop import mono
from tests.interop.test_mono import NOT_IMPLEMENTED
from tests.interop.test_mono_crm import CONTACT, Run
from tests.interop.zeep_clients import login

OLDER87 = mono.REFERENCE_WSDL.parent / "older" / "Services87"


def _for_services87(source: str, out_dir: Path) -> Path:
    text = (mono.DOTNET_DIR / source).read_text(encoding="utf-8")
    out = out_dir / source
    text = text.replace("Services88", "Services87")  # the namespace constant and the address
    assert "NetServer/Services87" in text or "/Remote/Services87/" in text
    out.write_text(text, encoding="utf-8")
    return out


def test_svcutil_client_of_services87(server: str, tmp_path: Path) -> None:
    mono.require_mono()
    proxies = [mono.svcutil_proxy(mono.reduce_wsdl(OLDER87 / f"{agent}.wsdl", ops, tmp_path / f"{agent}.wsdl"),
                                  f"Ref.{agent}", tmp_path) for agent, ops in mono.SVCUTIL_CLIENT_OPERATIONS.items()]
    sources = [mono.DOTNET_DIR / "SvcutilClient.cs", _for_services87("Output.cs", tmp_path),
               _for_services87("WcfHeaders.cs", tmp_path), *proxies]
    exe = mono.compile_exe(sources, tmp_path / "SvcutilClient87.exe", mono.SVCUTIL_REFS)
    values = mono.parse_output(mono.run_exe(exe, [server, login(server)]))
    assert values["GetSystemInfo.Succeeded"] == "true"
    assert values["GetSystemInfo.SystemInfo.CompanyName"] == "soapsvc tenant Cust00000"
    assert values["GetContactEntity.Succeeded"] == "true"
    assert values["GetContactEntity.Response.Name"] == "soapsvc Demo AS"
    assert values["GetContactEntity.Response.ContactId"] == "1"
    assert values["GetAddress.Succeeded"] == "false"
    assert NOT_IMPLEMENTED in values["GetAddress.ExceptionInfo.Message"]



CONTACT_OPERATIONS = {"SoPrincipal": ["AuthenticateUsernamePassword"],
                      "Contact": ["CreateDefaultContactEntity", "SaveContactEntity", "GetContactEntity"]}
SENT = {k: v for k, v in CONTACT.items() if k.split(".")[0] in ("Name", "Department", "OrgNr", "Phones")}
STAMPS = {"Associate.AssociateId": "1", "Country.CountryId": "578", "Category.Id": "1", "Business.Id": "1",
          "CreatedBy.AssociateId": "1", "CreatedBy.FullName": "Alice Admin"}


@pytest.fixture(scope="module")
def older_wsdl(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """OlderContactWsdl.exe built by Mono's wsdl from the Services84, Services87 and Services88 reference WSDL."""
    mono.require_mono()
    return {version: mono.build_wsdl_program(
        "OlderContactWsdl.cs", CONTACT_OPERATIONS, tmp_path_factory.mktemp(f"wsdl{version}"),
        OLDER87.parent / f"Services{version}" if version < 88 else mono.REFERENCE_WSDL,
        shared=("CrmScenario.cs", "WsdlTenant.cs")) for version in (84, 87, 88)}


def _contact_program(exe: Path, server: str, tenant: str, version: int, *contact_id: str) -> Run:
    args = [server, tenant, f"Services{version}", "ADMIN", "admin", *contact_id]
    run = Run(f"wsdl{version}", mono.parse_output(mono.run_exe(exe, args)), 0, "")
    run.expect("Login", {"AuthenticationSucceeded": "true", "AssociateId": "1"})
    return run


def _response(run: Run, step: str) -> dict[str, str]:
    prefix = f"{step}.Response."
    return {k.removeprefix(prefix): v for k, v in run.values.items() if k.startswith(prefix)}


@pytest.mark.parametrize("version", [84, 87])
def test_wsdl_client_of_older_contract_round_trips_a_contact(
        server: str, older_wsdl: dict[int, Path], version: int) -> None:
    run = _contact_program(older_wsdl[version], server, new_tenant(), version)
    for step in ("Contact.Default", "Contact.Save", "Contact.Get"):
        run.expect(step, {"Succeeded": "true"})
        run.expect(f"{step}.Response", STAMPS)
    run.expect("Contact.Default.Response", {"ContactId": "0", "Name": ""})
    assert int(run["Contact.Save.Response.ContactId"]) > 1
    run.expect("Contact.Save.Response", SENT)
    run.expect("Contact.Get.Response", {**SENT, "ContactId": run["Contact.Save.Response.ContactId"]})
    assert _response(run, "Contact.Get") == _response(run, "Contact.Save")


def test_contact_saved_by_services87_wsdl_client_is_read_by_services88_wsdl_client(
        server: str, older_wsdl: dict[int, Path]) -> None:
    tenant = new_tenant()
    old = _contact_program(older_wsdl[87], server, tenant, 87)
    contact_id = old["Contact.Save.Response.ContactId"]
    now = _contact_program(older_wsdl[88], server, tenant, 88, contact_id)
    now.expect("Contact.Get", {"Succeeded": "true"})
    now.expect("Contact.Get.Response", {**SENT, **STAMPS, "ContactId": contact_id})
    saved, read = _response(old, "Contact.Get"), _response(now, "Contact.Get")
    assert {k: read.get(k, "<missing>") for k in saved} == saved  # every Services87 field, as Services88 reads it
