"""zeep, generated from the reference WSDL, against soapsvc under gunicorn."""

from __future__ import annotations

from tests.interop.zeep_clients import credentials, login, service


def test_get_system_info_fields_arrive(server: str) -> None:
    answer = service(server, "SoPrincipal").GetSystemInfo()
    info = answer.body.SystemInfo
    assert answer.header.Succeeded is True
    assert info.CompanyName == "soapsvc tenant Cust00000"
    assert info.DatabaseType == "SQLite"
    assert info.AssemblyVersion and info.FileVersion and info.BuildLabel.startswith("soapsvc-")
    assert info.DatabaseVersion > 0
    assert info.BuildType == "Release"
    assert info.IsUnicode is True
    assert info.AccumulatedNextCheckDate.year == 2099


def test_tenant_from_url(server: str) -> None:
    info = service(server, "SoPrincipal", tenant="Cust12345").GetSystemInfo().body.SystemInfo
    assert info.CompanyName == "soapsvc tenant Cust12345"
    assert info.DatabaseName == "Cust12345"


def test_unimplemented_operation_answers_netserver_error(server: str) -> None:
    ticket = login(server, "Cust12345")
    answer = service(server, "Contact", tenant="Cust12345").GetAddress(1, _soapheaders=credentials(ticket))
    assert answer.header.Succeeded is False
    info = answer.header.ExceptionInfo
    assert "Contact.GetAddress is not implemented in soapsvc" in info.Message
    assert info.ExceptionType == "NotImplementedException"
    assert answer.body.Response is None


def test_operation_with_several_results_fails_cleanly(server: str) -> None:
    answer = service(server, "BlobManager").ReadBlob(BlobId=1, _soapheaders=credentials(login(server)))
    assert answer.header.Succeeded is False
    assert "BlobManager.ReadBlob" in answer.header.ExceptionInfo.Message


def test_timezone_header_is_echoed(server: str) -> None:
    tz = {"SoTimeZoneId": 42, "SoTimeZoneLocationCode": "NOOSL"}
    answer = service(server, "Contact").GetContactEntity(1, _soapheaders={"TimeZone": tz, **credentials(login(server))})
    assert answer.header.TimeZone.SoTimeZoneId == 42
    assert answer.header.TimeZone.SoTimeZoneLocationCode == "NOOSL"
