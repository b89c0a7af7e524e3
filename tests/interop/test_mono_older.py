"""Mono's svcutil (WCF ClientBase, DataContractSerializer) generated from the Services87 REFERENCE WSDL, at
/Remote/Services87: the same C# program as test_mono's svcutil client, its header and address code
compiled for Services87 (WCF reads a header or a field of another namespace as null, silently)."""

from __future__ import annotations

from pathlib import Path

from tests.interop import mono
from tests.interop.test_mono import NOT_IMPLEMENTED
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

