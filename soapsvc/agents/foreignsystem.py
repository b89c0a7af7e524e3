"""ForeignSystem: the keys another system (an app, on one of its devices) keeps for CRM records.

Implemented (all 30 operations, hand-written: a key is found by its app, device, name, table and record,
which the kit's id-keyed storage does not know): foreign apps (ForeignAppEntity), their devices
(ForeignDevice) and each device's keys (ForeignKey: key name, key value, table name and record id).
Rules, as NetServer's foreignapp/foreigndevice/foreignkey tables have them: an app has a unique name; a
device belongs to one app and is named by its name and its DeviceIdentifier (the operations without an
identifier mean the device whose identifier is empty); a key belongs to one device and is one per key name,
table and record. An app, device or table the call names that the tenant does not have is refused
(SoValidationException), as is a key for a record that is not there (for the tables whose entities soapsvc
has; a key on a `y_` extra table needs a row of it). Deleting an app deletes its devices and their keys,
deleting a device its keys; deleting what is not there changes nothing (as the entity kit's deletes).
Add* refuses what is already there, Save* creates or updates. The stamps (created/updated, by whom) are
the server's: what a client sends for them is ignored.
Where the docs are silent (soapsvc's choice): GetAllForeignKeysOnEntity keys its dictionary
"<app>/<device>/<key name>" (the device with its identifier: "<device>[<identifier>]" when it has one).
No entity carrier of Services88 has a foreign-key field, so keys are read through this agent only.
"""

from __future__ import annotations

from typing import Any

from soapsvc import clock
from soapsvc.agents import carriers as c
from soapsvc.agents import extra_tables, implements, kit
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import extra
from soapsvc.store import kit as docs

APP, DEVICE, KEY = "ForeignApp", "ForeignDevice", "ForeignKey"  # kit_entity families of their documents
# the tables a key may name, and the carrier whose reader says whether a record is there (None: not checked)
TABLES: dict[str, str | None] = {
    "contact": "ContactEntity", "person": "PersonEntity", "appointment": "AppointmentEntity",
    "sale": "SaleEntity", "project": "ProjectEntity", "document": "DocumentEntity", "selection": None,
    "associate": None, "quote": None, "ticket": None,
}
Doc = dict[str, Any]


# --- stamps ---------------------------------------------------------------------------------------

def _stamp(call: Call, old: Doc | None) -> Doc:
    me, now = call.session.principal.associate_id, clock.now().isoformat()
    if old is None:  # as NetServer's stamps: not updated yet (UpdatedBy nil, UpdatedDate MinValue)
        return {"CreatedDate": now, "CreatedBy": me, "UpdatedBy": 0}
    return {"CreatedDate": old["CreatedDate"], "CreatedBy": old["CreatedBy"], "UpdatedDate": now, "UpdatedBy": me}


def _user_name(call: Call, associate_id: int) -> str:
    who = c.associate(call.session, associate_id) if associate_id else None
    return who.Name if who is not None else ""


def _stamps_as_names(call: Call, doc: Doc) -> dict[str, Any]:
    dates = c.from_doc(t.ForeignDevice, {k: doc[k] for k in ("CreatedDate", "UpdatedDate") if k in doc})
    return {**dates, "CreatedBy": _user_name(call, doc.get("CreatedBy", 0)),
            "UpdatedBy": _user_name(call, doc.get("UpdatedBy", 0))}


# --- apps -----------------------------------------------------------------------------------------

def _apps(call: Call) -> list[tuple[int, Doc]]:
    return docs.all_of(call.db, call.tenant_id, APP)


def _app_named(call: Call, name: str | None, required: bool = True) -> tuple[int, Doc] | None:
    found = next(((i, d) for i, d in _apps(call) if d["Name"] == (name or "")), None)
    if found is None and required:
        raise ValidationError(f"There is no foreign application {name!r} in this tenant: save it with "
                              "SaveForeignAppEntity first.", field="ApplicationName", value=name or "")
    return found


def _app(call: Call, app_id: int, doc: Doc) -> t.ForeignAppEntity:
    dates = c.from_doc(t.ForeignAppEntity, {k: doc[k] for k in ("CreatedDate", "UpdatedDate") if k in doc})
    return c.carrier(t.ForeignAppEntity, dates, ForeignAppId=app_id, Name=doc["Name"],
                     CreatedBy=c.associate(call.session, doc["CreatedBy"]),
                     UpdatedBy=c.associate(call.session, doc["UpdatedBy"]), Devices=_devices_of(call, app_id))


@implements("ForeignSystem", "CreateDefaultForeignAppEntity")
def create_default_app(call: Call) -> t.ForeignAppEntity:
    """The kit's default (created now, by the user), with no devices yet."""
    app = kit.create_default("ForeignAppEntity", "ForeignAppId")(call)
    app.Devices = []
    return app


@implements("ForeignSystem", "SaveForeignAppEntity")
def save_app(call: Call, e: t.ForeignAppEntity | None) -> t.ForeignAppEntity:
    if e is None or not (e.Name or "").strip():
        raise ValidationError("SaveForeignAppEntity needs a ForeignAppEntity with a Name.", field="Name")
    app_id, db, tid = e.ForeignAppId or 0, call.db, call.tenant_id
    same = _app_named(call, e.Name, required=False)
    if same is not None and same[0] != app_id:
        raise ValidationError(f"There is already a foreign application {e.Name!r} (ForeignAppId {same[0]}).",
                              field="Name", value=e.Name)
    if app_id:
        old = docs.get(db, tid, APP, app_id)
        if old is None:
            raise ValidationError(f"There is no ForeignAppEntity {app_id} to update in this tenant: send "
                                  "ForeignAppId 0 to create one.", field="ForeignAppId", value=str(app_id))
        docs.update_doc(db, tid, APP, app_id, {"Name": e.Name, **_stamp(call, old)})
    else:
        app_id = docs.insert(db, tid, APP, lambda _id: {"Name": e.Name, **_stamp(call, None)})
    for device in e.Devices or []:
        _save_device(call, app_id, device.ForeignDeviceId or 0, device.Name, device.DeviceIdentifier)
    return get_app(call, app_id)


@implements("ForeignSystem", "GetForeignAppEntity", replayable=True)
def get_app(call: Call, app_id: int | None) -> t.ForeignAppEntity | None:
    doc = docs.get(call.db, call.tenant_id, APP, app_id or 0)
    return _app(call, app_id or 0, doc) if doc is not None else None


@implements("ForeignSystem", "GetAppByName", replayable=True)
def get_app_by_name(call: Call, name: str | None) -> t.ForeignAppEntity | None:
    found = _app_named(call, name, required=False)
    return _app(call, *found) if found else None


@implements("ForeignSystem", "DeleteForeignAppEntity")
def delete_app(call: Call, app_id: int | None) -> None:
    for device_id, _doc in _device_rows(call, app_id or 0):
        _delete_device(call, device_id)
    docs.delete_ids(call.db, call.tenant_id, APP, [app_id or 0])


# --- devices --------------------------------------------------------------------------------------

def _device_rows(call: Call, app_id: int) -> list[tuple[int, Doc]]:
    return [(i, d) for i, d in docs.all_of(call.db, call.tenant_id, DEVICE) if d["ForeignAppId"] == app_id]


def _device(call: Call, device_id: int, doc: Doc) -> t.ForeignDevice:
    return c.carrier(t.ForeignDevice, _stamps_as_names(call, doc), ForeignDeviceId=device_id, Name=doc["Name"],
                     DeviceIdentifier=doc["DeviceIdentifier"], ForeignAppId=doc["ForeignAppId"],
                     AssociateFullName=_full_name(call, doc["CreatedBy"]))


def _full_name(call: Call, associate_id: int) -> str:
    who = c.associate(call.session, associate_id)
    return who.FullName if who is not None else ""


def _devices_of(call: Call, app_id: int) -> list[t.ForeignDevice]:
    return [_device(call, i, d) for i, d in _device_rows(call, app_id)]


def _find_device(call: Call, app: str | None, name: str | None, identifier: str | None,
                 required: bool = True) -> tuple[int, Doc] | None:
    app_id, _app_doc = _app_named(call, app)  # type: ignore[misc]
    found = next(((i, d) for i, d in _device_rows(call, app_id)
                  if d["Name"] == (name or "") and d["DeviceIdentifier"] == (identifier or "")), None)
    if found is None and required:
        shown = f"{name!r}" + (f" with identifier {identifier!r}" if identifier else "")
        raise ValidationError(f"Foreign application {app!r} has no device {shown}: add it with SaveForeignDevice "
                              "or AddDeviceByIdentifier first.", field="DeviceName", value=name or "")
    return found


def _save_device(call: Call, app_id: int, device_id: int, name: str | None, identifier: str | None) -> int:
    if not (name or "").strip():
        raise ValidationError("A ForeignDevice needs a Name.", field="Name")
    db, tid, identifier = call.db, call.tenant_id, identifier or ""
    same = next((i for i, d in _device_rows(call, app_id) if (d["Name"], d["DeviceIdentifier"]) == (name, identifier)),
                None)
    if same is not None and same != device_id:
        raise ValidationError(f"The application already has a device {name!r} with identifier {identifier!r} "
                              f"(ForeignDeviceId {same}).", field="Name", value=name or "")
    doc = {"Name": name, "DeviceIdentifier": identifier, "ForeignAppId": app_id}
    if not device_id:
        return docs.insert(db, tid, DEVICE, lambda _id: {**doc, **_stamp(call, None)})
    old = docs.get(db, tid, DEVICE, device_id)
    if old is None or old["ForeignAppId"] != app_id:
        raise ValidationError(f"The application has no ForeignDevice {device_id} to update: send ForeignDeviceId 0 "
                              "to create one.", field="ForeignDeviceId", value=str(device_id))
    docs.update_doc(db, tid, DEVICE, device_id, {**doc, **_stamp(call, old)})
    return device_id


def _delete_device(call: Call, device_id: int) -> None:
    keys = [i for i, d in docs.all_of(call.db, call.tenant_id, KEY) if d["DeviceId"] == device_id]
    docs.delete_ids(call.db, call.tenant_id, KEY, keys)
    docs.delete_ids(call.db, call.tenant_id, DEVICE, [device_id])


def _device_answer(call: Call, device_id: int) -> t.ForeignDevice:
    return _device(call, device_id, docs.get(call.db, call.tenant_id, DEVICE, device_id) or {})


@implements("ForeignSystem", "GetForeignDevice", replayable=True)
def get_device(call: Call, device_id: int | None) -> t.ForeignDevice | None:
    doc = docs.get(call.db, call.tenant_id, DEVICE, device_id or 0)
    return _device(call, device_id or 0, doc) if doc is not None else None


@implements("ForeignSystem", "GetApplicationDevices", replayable=True)
def get_application_devices(call: Call, app: str | None) -> list[t.ForeignDevice]:
    app_id, _doc = _app_named(call, app)  # type: ignore[misc]
    return _devices_of(call, app_id)


@implements("ForeignSystem", "GetDeviceByName", replayable=True)
def get_device_by_name(call: Call, app: str | None, name: str | None) -> t.ForeignDevice | None:
    return get_device_by_identifier(call, app, name, "")


@implements("ForeignSystem", "GetDeviceByIdentifier", replayable=True)
def get_device_by_identifier(call: Call, app: str | None, name: str | None, identifier: str | None
                             ) -> t.ForeignDevice | None:
    found = _find_device(call, app, name, identifier, required=False)
    return _device(call, *found) if found else None


@implements("ForeignSystem", "SaveForeignDevice")
def save_device(call: Call, e: t.ForeignDevice | None, app: str | None) -> t.ForeignDevice:
    if e is None:
        raise ValidationError("SaveForeignDevice needs a ForeignDevice.")
    app_id, _doc = _app_named(call, app)  # type: ignore[misc]
    return _device_answer(call, _save_device(call, app_id, e.ForeignDeviceId or 0, e.Name, e.DeviceIdentifier))


@implements("ForeignSystem", "DeleteForeignDevice")
def delete_device(call: Call, e: t.ForeignDevice | None, app: str | None) -> None:
    app_id, _doc = _app_named(call, app)  # type: ignore[misc]
    device_id = (e.ForeignDeviceId or 0) if e is not None else 0
    if any(i == device_id for i, _d in _device_rows(call, app_id)):
        _delete_device(call, device_id)


@implements("ForeignSystem", "AddDeviceByIdentifier")
def add_device_by_identifier(call: Call, app: str | None, name: str | None, identifier: str | None
                             ) -> t.ForeignDevice:
    app_id, _doc = _app_named(call, app)  # type: ignore[misc]
    return _device_answer(call, _save_device(call, app_id, 0, name, identifier))


@implements("ForeignSystem", "SaveDeviceByIdentifier")
def save_device_by_identifier(call: Call, app: str | None, name: str | None, identifier: str | None,
                              e: t.ForeignDevice | None) -> t.ForeignDevice:
    app_id, _doc = _app_named(call, app)  # type: ignore[misc]
    found = _find_device(call, app, name, identifier, required=False)
    new_name = (e.Name if e is not None and e.Name else None) or name
    new_identifier = e.DeviceIdentifier if e is not None and e.DeviceIdentifier is not None else identifier
    return _device_answer(call, _save_device(call, app_id, found[0] if found else 0, new_name, new_identifier))


@implements("ForeignSystem", "DeleteDeviceByIdentifier")
def delete_device_by_identifier(call: Call, app: str | None, name: str | None, identifier: str | None) -> None:
    found = _find_device(call, app, name, identifier)
    _delete_device(call, found[0])  # type: ignore[index]


# --- keys -----------------------------------------------------------------------------------------

def _key(call: Call, doc: Doc) -> t.ForeignKey:
    return c.carrier(t.ForeignKey, _stamps_as_names(call, doc), Key=doc["Key"], Value=doc["Value"],
                     RecordId=doc["RecordId"], TableName=doc["TableName"])


def _keys(call: Call, device_ids: set[int], **match: Any) -> list[tuple[int, Doc]]:
    rows = docs.all_of(call.db, call.tenant_id, KEY)
    return [(i, d) for i, d in rows if d["DeviceId"] in device_ids
            and all(d[k] == v for k, v in match.items() if v is not None)]


def _table(call: Call, name: str | None, record_id: int | None = None) -> str:
    table = (name or "").strip().lower()
    if table not in TABLES and not extra_tables.is_extra(table):
        raise ValidationError(f"There is no table {name!r} a foreign key can name; the tables are: "
                              f"{', '.join(TABLES)} and the tenant's y_ extra tables.", field="TableName",
                              value=name or "")
    if record_id is not None:
        carrier = TABLES.get(table)
        there = extra.get_row(call.db, call.tenant_id, table, record_id) is not None if extra_tables.is_extra(table) \
            else carrier is None or kit.read(call, carrier, record_id) is not None
        if not record_id or not there:
            raise ValidationError(f"There is no {table} {record_id} in this tenant for the foreign key to name.",
                                  field="RecordId", value=str(record_id))
    return table


def _one_key(call: Call, app: str | None, device: str | None, identifier: str | None, name: str | None,
             table: str | None, record_id: int | None) -> Doc | None:
    device_id, _doc = _find_device(call, app, device, identifier)  # type: ignore[misc]
    found = _keys(call, {device_id}, Key=name or "", TableName=_table(call, table), RecordId=record_id or 0)
    return found[0][1] if found else None


@implements("ForeignSystem", "GetKey", replayable=True)
def get_key(call: Call, app: str | None, device: str | None, name: str | None, table: str | None,
            record_id: int | None) -> t.ForeignKey | None:
    return get_key_on_device_identifier(call, app, device, "", name, table, record_id)


@implements("ForeignSystem", "GetKeyOnDeviceIdentifier", replayable=True)
def get_key_on_device_identifier(call: Call, app: str | None, device: str | None, identifier: str | None,
                                 name: str | None, table: str | None, record_id: int | None) -> t.ForeignKey | None:
    doc = _one_key(call, app, device, identifier, name, table, record_id)
    return _key(call, doc) if doc is not None else None


@implements("ForeignSystem", "GetKeyValue", replayable=True)
def get_key_value(call: Call, app: str | None, device: str | None, name: str | None, table: str | None,
                  record_id: int | None) -> str:
    return get_key_value_on_device_identifier(call, app, device, "", name, table, record_id)


@implements("ForeignSystem", "GetKeyValueOnDeviceIdentifier", replayable=True)
def get_key_value_on_device_identifier(call: Call, app: str | None, device: str | None, identifier: str | None,
                                       name: str | None, table: str | None, record_id: int | None) -> str:
    doc = _one_key(call, app, device, identifier, name, table, record_id)
    return doc["Value"] if doc is not None else ""


@implements("ForeignSystem", "GetKeyByValue", replayable=True)
def get_key_by_value(call: Call, app: str | None, device: str | None, name: str | None, value: str | None,
                     table: str | None) -> t.ForeignKey | None:
    return get_key_by_value_and_identifier(call, app, device, "", name, value, table)


@implements("ForeignSystem", "GetKeyByValueAndIdentifier", replayable=True)
def get_key_by_value_and_identifier(call: Call, app: str | None, device: str | None, identifier: str | None,
                                    name: str | None, value: str | None, table: str | None) -> t.ForeignKey | None:
    device_id, _doc = _find_device(call, app, device, identifier)  # type: ignore[misc]
    found = _keys(call, {device_id}, Key=name or "", Value=value or "", TableName=_table(call, table))
    return _key(call, found[0][1]) if found else None


def _write_key(call: Call, e: t.ForeignKey | None, app: str | None, device: str | None,
               identifier: str | None, add: bool) -> t.ForeignKey:
    if e is None or not (e.Key or "").strip():
        raise ValidationError("A ForeignKey needs a Key (its name).", field="Key")
    device_id, _doc = _find_device(call, app, device, identifier)  # type: ignore[misc]
    table = _table(call, e.TableName, e.RecordId or 0)
    doc = {"DeviceId": device_id, "Key": e.Key, "Value": e.Value or "", "TableName": table, "RecordId": e.RecordId}
    db, tid = call.db, call.tenant_id
    old = _keys(call, {device_id}, Key=e.Key, TableName=table, RecordId=e.RecordId)
    if old and add:
        raise ValidationError(f"{table} {e.RecordId} already has the foreign key {e.Key!r} on this device: save "
                              "it with SaveForeignKey to change its value.", field="Key", value=e.Key)
    stamped = {**doc, **_stamp(call, old[0][1] if old else None)}
    if old:
        docs.update_doc(db, tid, KEY, old[0][0], stamped)
    else:
        docs.insert(db, tid, KEY, lambda _id: stamped)
    return _key(call, stamped)


@implements("ForeignSystem", "AddForeignKey")
def add_foreign_key(call: Call, e: t.ForeignKey | None, app: str | None, device: str | None,
                    identifier: str | None) -> t.ForeignKey:
    return _write_key(call, e, app, device, identifier, add=True)


@implements("ForeignSystem", "SaveForeignKey")
def save_foreign_key(call: Call, e: t.ForeignKey | None, app: str | None, device: str | None,
                     identifier: str | None) -> t.ForeignKey:
    return _write_key(call, e, app, device, identifier, add=False)


@implements("ForeignSystem", "DeleteForeignKey")
def delete_foreign_key(call: Call, e: t.ForeignKey | None, app: str | None, device: str | None,
                       identifier: str | None, table: str | None, record_id: int | None) -> None:
    """The key named by the carrier's Key, on the table and record of the parameters (the carrier's own when
    the parameters name none)."""
    name = e.Key if e is not None else None
    table = table or (e.TableName if e is not None else None)
    record_id = record_id or (e.RecordId if e is not None else 0)
    delete_foreign_key_on_name(call, app, device, identifier, name, table, record_id)


@implements("ForeignSystem", "DeleteForeignKeyOnName")
def delete_foreign_key_on_name(call: Call, app: str | None, device: str | None, identifier: str | None,
                               name: str | None, table: str | None, record_id: int | None) -> None:
    device_id, _doc = _find_device(call, app, device, identifier)  # type: ignore[misc]
    found = _keys(call, {device_id}, Key=name or "", TableName=_table(call, table), RecordId=record_id or 0)
    docs.delete_ids(call.db, call.tenant_id, KEY, [i for i, _d in found])


def _device_keys(call: Call, app: str | None, device: str | None, identifier: str | None,
                 **match: Any) -> list[t.ForeignKey]:
    device_id, _doc = _find_device(call, app, device, identifier)  # type: ignore[misc]
    return [_key(call, d) for _i, d in _keys(call, {device_id}, **match)]


@implements("ForeignSystem", "GetDeviceKeys", replayable=True)
def get_device_keys(call: Call, app: str | None, device: str | None) -> list[t.ForeignKey]:
    return _device_keys(call, app, device, "")


@implements("ForeignSystem", "GetDeviceKeysOnDeviceIdentifier", replayable=True)
def get_device_keys_on_identifier(call: Call, app: str | None, device: str | None, identifier: str | None
                                  ) -> list[t.ForeignKey]:
    return _device_keys(call, app, device, identifier)


@implements("ForeignSystem", "GetDeviceKeysOnDeviceIdentifierTable", replayable=True)
def get_device_keys_on_table(call: Call, app: str | None, device: str | None, identifier: str | None,
                             table: str | None) -> list[t.ForeignKey]:
    return _device_keys(call, app, device, identifier, TableName=_table(call, table))


@implements("ForeignSystem", "GetDeviceKeysOnDeviceIdentifierTableRecordId", replayable=True)
def get_device_keys_on_record(call: Call, app: str | None, device: str | None, identifier: str | None,
                              table: str | None, record_id: int | None) -> list[t.ForeignKey]:
    return _device_keys(call, app, device, identifier, TableName=_table(call, table), RecordId=record_id or 0)


@implements("ForeignSystem", "GetApplicationKeys", replayable=True)
def get_application_keys(call: Call, app: str | None) -> list[t.ForeignKey]:
    app_id, _doc = _app_named(call, app)  # type: ignore[misc]
    return [_key(call, d) for _i, d in _keys(call, {i for i, _d in _device_rows(call, app_id)})]


@implements("ForeignSystem", "GetAllForeignKeysOnEntity", replayable=True)
def get_all_foreign_keys_on_entity(call: Call, entity_type: str | None, entity_id: int | None) -> t.StringDictionary:
    table = _table(call, entity_type)
    devices = dict(docs.all_of(call.db, call.tenant_id, DEVICE))
    apps = dict(_apps(call))
    pairs = []
    for _i, d in _keys(call, set(devices), TableName=table, RecordId=entity_id or 0):
        device = devices[d["DeviceId"]]
        shown = device["Name"] + (f"[{device['DeviceIdentifier']}]" if device["DeviceIdentifier"] else "")
        pairs.append(t.StringDictionaryStringKeyValuePair(
            Key=f"{apps[device['ForeignAppId']]['Name']}/{shown}/{d['Key']}", Value=d["Value"]))
    return t.StringDictionary(StringKeyValuePair=pairs)
