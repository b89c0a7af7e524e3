"""ForeignSystem with zeep from the reference WSDL: a sync scenario (an app and its devices keep keys for
contacts and persons and find the records back by key), and what is refused: unknown app, device, table or
record, a second Add of the same key; each refusal changes nothing."""

from __future__ import annotations

import pytest

from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

APP = "ErpSync"


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def app_with_device(agents: Agents, device: str = "Ledger") -> int:
    app = ok(agents.ForeignSystem.CreateDefaultForeignAppEntity())
    app.Name = APP
    saved = ok(agents.ForeignSystem.SaveForeignAppEntity(app))
    ok(agents.ForeignSystem.SaveForeignDevice({"Name": device}, APP))
    return saved.ForeignAppId


def keys(answer: object) -> list:
    found = ok(answer)
    return [] if found is None else found.ForeignKey


def devices(answer: object) -> list:
    found = ok(answer)
    return [] if found is None else found.ForeignDevice


def key(name: str, value: str, table: str, record: int) -> dict[str, object]:
    return {"Key": name, "Value": value, "TableName": table, "RecordId": record}


def test_sync_scenario_keys_on_contacts_and_persons_found_back(server: Server, agents: Agents) -> None:
    fs = agents.ForeignSystem
    app_id = app_with_device(agents)
    assert ok(fs.GetAppByName(APP)).ForeignAppId == app_id
    device = ok(fs.GetDeviceByName(APP, "Ledger"))
    assert (device.ForeignAppId, device.DeviceIdentifier or "", device.CreatedBy) == (app_id, "", "ADMIN")
    saved = ok(fs.SaveForeignKey(key("erp.id", "C-1001", "contact", 2), APP, "Ledger", ""))
    assert (saved.Key, saved.Value, saved.TableName, saved.RecordId) == ("erp.id", "C-1001", "contact", 2)
    ok(fs.AddForeignKey(key("erp.id", "P-77", "person", 4), APP, "Ledger", ""))
    ok(fs.SaveForeignKey(key("erp.id", "C-1002", "contact", 3), APP, "Ledger", ""))
    # found back by value, by record, by device and by app
    assert ok(fs.GetKeyByValue(APP, "Ledger", "erp.id", "C-1002", "contact")).RecordId == 3
    assert ok(fs.GetKeyByValue(APP, "Ledger", "erp.id", "P-77", "person")).RecordId == 4
    assert fs.GetKeyByValue(APP, "Ledger", "erp.id", "C-1002", "person").body.Response is None
    assert ok(fs.GetKeyValue(APP, "Ledger", "erp.id", "contact", 2)) == "C-1001"
    assert ok(fs.GetKey(APP, "Ledger", "erp.id", "person", 4)).Value == "P-77"
    assert sorted(k.Value for k in keys(fs.GetDeviceKeys(APP, "Ledger"))) == ["C-1001", "C-1002", "P-77"]
    on_table = keys(fs.GetDeviceKeysOnDeviceIdentifierTable(APP, "Ledger", "", "contact"))
    assert sorted(k.RecordId for k in on_table) == [2, 3]
    # the value changes by Save; a second device of the app keeps keys of its own
    ok(fs.SaveForeignKey(key("erp.id", "C-2002", "contact", 3), APP, "Ledger", ""))
    assert ok(fs.GetKeyByValue(APP, "Ledger", "erp.id", "C-2002", "contact")).RecordId == 3
    assert fs.GetKeyByValue(APP, "Ledger", "erp.id", "C-1002", "contact").body.Response is None
    ok(fs.AddDeviceByIdentifier(APP, "Outlook", "PC-7"))
    ok(fs.SaveForeignKey(key("entry", "AAMk-1", "contact", 2), APP, "Outlook", "PC-7"))
    assert [k.Value for k in keys(fs.GetDeviceKeysOnDeviceIdentifier(APP, "Outlook", "PC-7"))] == ["AAMk-1"]
    assert ok(fs.GetKeyByValueAndIdentifier(APP, "Outlook", "PC-7", "entry", "AAMk-1", "contact")).RecordId == 2
    assert len(keys(fs.GetApplicationKeys(APP))) == 4
    on_contact = {p.Key: p.Value for p in ok(fs.GetAllForeignKeysOnEntity("contact", 2)).StringKeyValuePair}
    assert on_contact == {f"{APP}/Ledger/erp.id": "C-1001", f"{APP}/Outlook[PC-7]/entry": "AAMk-1"}
    assert {d.Name for d in ok(fs.GetForeignAppEntity(app_id)).Devices.ForeignDevice} == {"Ledger", "Outlook"}
    # deleting a key, then a device with its keys, then the app
    ok(fs.DeleteForeignKeyOnName(APP, "Ledger", "", "erp.id", "person", 4))
    assert fs.GetKey(APP, "Ledger", "erp.id", "person", 4).body.Response is None
    ok(fs.DeleteDeviceByIdentifier(APP, "Outlook", "PC-7"))
    assert len(keys(fs.GetApplicationKeys(APP))) == 2
    ok(fs.DeleteForeignAppEntity(app_id))
    assert fs.GetAppByName(APP).body.Response is None
    assert fs.GetForeignDevice(device.ForeignDeviceId).body.Response is None
    # another tenant never saw any of it
    assert Agents(server, new_tenant()).ForeignSystem.GetAppByName(APP).body.Response is None


def test_unknown_app_device_table_or_record_refused_and_nothing_written(agents: Agents) -> None:
    fs = agents.ForeignSystem
    app_with_device(agents)
    refused(fs.SaveForeignKey(key("erp.id", "X", "contact", 2), "NoSuchApp", "Ledger", ""), "NoSuchApp")
    refused(fs.SaveForeignKey(key("erp.id", "X", "contact", 2), APP, "NoSuchDevice", ""), "NoSuchDevice")
    refused(fs.SaveForeignKey(key("erp.id", "X", "contact", 2), APP, "Ledger", "PC-1"), "PC-1")
    refused(fs.SaveForeignKey(key("erp.id", "X", "nosuchtable", 2), APP, "Ledger", ""), "nosuchtable")
    refused(fs.SaveForeignKey(key("erp.id", "X", "contact", 9999), APP, "Ledger", ""), "contact 9999")
    refused(fs.SaveForeignKey(key("", "X", "contact", 2), APP, "Ledger", ""), "Key")
    refused(fs.GetDeviceKeys("NoSuchApp", "Ledger"), "NoSuchApp")
    refused(fs.SaveForeignDevice({"Name": "Other"}, "NoSuchApp"), "NoSuchApp")
    assert keys(fs.GetDeviceKeys(APP, "Ledger")) == []
    assert [d.Name for d in devices(fs.GetApplicationDevices(APP))] == ["Ledger"]
    ok(fs.AddForeignKey(key("erp.id", "C-1", "contact", 2), APP, "Ledger", ""))
    refused(fs.AddForeignKey(key("erp.id", "C-9", "contact", 2), APP, "Ledger", ""), "already has")
    assert ok(fs.GetKeyValue(APP, "Ledger", "erp.id", "contact", 2)) == "C-1"


def test_app_names_and_devices_are_unique(agents: Agents) -> None:
    fs = agents.ForeignSystem
    app_with_device(agents)
    refused(fs.SaveForeignAppEntity({"Name": APP}), "already")
    refused(fs.SaveForeignAppEntity({"Name": ""}), "Name")
    refused(fs.SaveForeignDevice({"Name": "Ledger"}, APP), "already")
    refused(fs.AddDeviceByIdentifier(APP, "", "PC-1"), "Name")
    moved = ok(fs.SaveDeviceByIdentifier(APP, "Ledger", "", {"Name": "Ledger", "DeviceIdentifier": "PC-2"}))
    assert ok(fs.GetDeviceByIdentifier(APP, "Ledger", "PC-2")).ForeignDeviceId == moved.ForeignDeviceId
    assert fs.GetDeviceByName(APP, "Ledger").body.Response is None
    assert len(devices(fs.GetApplicationDevices(APP))) == 1
