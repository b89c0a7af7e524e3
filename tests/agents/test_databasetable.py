"""DatabaseTable and CustomObject with zeep from the reference WSDL: rows of the `y_` extra tables inserted,
read, updated, upserted and deleted, typed columns, tenant isolation; an unknown table or column, or a value
of the wrong type, refused with nothing written; a foreign key on an extra table's row."""

from __future__ import annotations

import pytest

from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

EQ = "y_equipment"


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def values(**cells: str) -> dict[str, object]:
    return {"StringKeyValuePair": [{"Key": k, "Value": v} for k, v in cells.items()]}


def plain(dictionary: object) -> dict[str, str]:
    return {p.Key: p.Value or "" for p in dictionary.StringKeyValuePair}


def row(agents: Agents, row_id: int) -> dict[str, str] | None:
    found = ok(agents.DatabaseTable.ReadRow(EQ, row_id))
    return None if found is None else plain(found.Values)


def table(agents: Agents) -> dict[str, dict[str, str]]:
    objects = {}
    for row_id in range(1, 12):
        found = row(agents, row_id)
        if found is not None:
            objects[found["x_serial"]] = found
    return objects


def strings(*names: str) -> dict[str, object]:
    return {"string": list(names)}


def data(*rows: list[str]) -> dict[str, object]:
    return {"ArrayOfstring": [{"string": list(r)} for r in rows]}


def test_rows_inserted_read_updated_and_deleted(server: Server, agents: Agents) -> None:
    db = agents.DatabaseTable
    first = ok(db.InsertRow(EQ, values(x_name="Drill", x_serial="S-1", x_count="3", x_price="12.50",
                                       x_bought="2024-03-01T10:30:00", x_active="false")))
    assert row(agents, first) == {"id": str(first), "x_name": "Drill", "x_serial": "S-1", "x_count": "3",
                                  "x_price": "12.5", "x_bought": "2024-03-01T10:30:00", "x_active": "0"}
    second = ok(db.InsertRow("Y_Equipment", values(x_name="Saw", x_serial="S-2")))
    assert (row(agents, second)["x_count"], row(agents, second)["x_active"]) == ("1", "1")  # the defaults
    ok(db.UpdateRow(EQ, second, values(x_price="99", x_active="1")))
    assert (row(agents, second)["x_price"], row(agents, second)["x_name"]) == ("99", "Saw")
    ok(db.DeleteRow(EQ, first))
    assert row(agents, first) is None
    assert Agents(server, new_tenant()).DatabaseTable.ReadRow(EQ, second).body.Response is None


def test_wrong_table_column_or_type_refused_and_nothing_written(agents: Agents) -> None:
    db = agents.DatabaseTable
    kept = ok(db.InsertRow(EQ, values(x_name="Drill", x_serial="S-1", x_count="3")))
    before = table(agents)
    refused(db.InsertRow("y_nosuch", values(x_name="A")), "y_nosuch")
    refused(db.InsertRow("contact", values(name="A")), "contact")
    refused(db.InsertRow(EQ, values(x_name="A", x_colour="red")), "x_colour")
    for column, bad in (("x_count", "4.5"), ("x_price", "abc"), ("x_bought", "yesterday"), ("x_active", "yes"),
                        ("x_name", "N" * 81)):
        refused(db.InsertRow(EQ, values(x_serial="S-9", **{column: bad})), column)
        refused(db.UpdateRow(EQ, kept, values(x_serial="S-9", **{column: bad})), column)
    refused(db.InsertRow(EQ, values(id="7", x_name="A")), "id")
    refused(db.UpdateRow(EQ, 999, values(x_name="A")), "999")
    refused(db.DeleteRow(EQ, 999), "999")
    refused(db.Insert(EQ, strings("x_serial", "x_count"), data(["S-5", "5"], ["S-6", "six"])), "x_count")
    refused(db.Insert(EQ, strings("x_serial", "x_count"), data(["S-5"])), "1 values")
    refused(db.Upsert(EQ, strings("x_serial", "x_count"), strings("x_serial"), data(["S-1", "1"], ["S-7", "x"]),
                      "DeleteRow", True), "x_count")
    refused(db.Upsert(EQ, strings("x_serial"), strings("x_name"), data(["S-1"]), "NoChange", False), "Keys")
    assert table(agents) == before


def test_bulk_insert_upsert_delete_and_truncate(agents: Agents) -> None:
    db = agents.DatabaseTable
    done = ok(db.Insert(EQ, strings("x_serial", "x_name", "x_count"), data(["S-1", "Drill", "1"], ["S-2", "Saw", "2"],
                                                                     ["S-3", "Axe", "3"])))
    assert (done.Success, done.Inserts) == (True, 3)
    upserted = ok(db.Upsert(EQ, strings("x_serial", "x_count"), strings("x_serial"),
                            data(["S-1", "1"], ["S-2", "20"], ["S-4", "4"]), "DeleteRow", True))
    assert (upserted.Inserts, upserted.Updates, upserted.Deletes) == (1, 1, 1)
    actions = {s.RowKeys.string[0]: s.Action for s in upserted.RowStatus.UpsertRowStatus}
    assert actions == {"S-1": "NoUpdateNeeded", "S-2": "Updated", "S-4": "Inserted", "S-3": "Deleted"}
    rows = table(agents)
    assert {serial: r["x_count"] for serial, r in rows.items()} == {"S-1": "1", "S-2": "20", "S-4": "4"}
    assert rows["S-2"]["x_name"] == "Saw"  # a column the upsert did not send is kept
    zeroed = ok(db.Upsert(EQ, strings("x_serial", "x_count"), strings("x_serial"), data(["S-4", "5"]),
                          "ZeroColumns", False))
    assert (zeroed.Updates, zeroed.RowStatus) == (3, None)
    assert {serial: r["x_count"] for serial, r in table(agents).items()} == {"S-1": "0", "S-2": "0", "S-4": "5"}
    ids = [int(r["id"]) for r in table(agents).values()]
    assert ok(db.Delete(EQ, {"int": ids[:1] + [999]})).Deletes == 1
    assert ok(db.Truncate(EQ)).Deletes == 2
    assert table(agents) == {}


def test_custom_objects_are_the_rows_with_their_definition(agents: Agents) -> None:
    co = agents.CustomObject
    definition = ok(co.GetCustomObjectDefinition(EQ))
    assert {f.FieldName: f.FieldType for f in definition.Fields.CustomObjectField} == {
        "x_name": "String", "x_serial": "String", "x_count": "Int", "x_price": "Double", "x_bought": "DateTime",
        "x_active": "Bool"}
    assert {m.TableName for m in ok(co.GetCustomObjectsMetadata()).CustomObjectMetadata} == {EQ, "y_rental"}
    blank = ok(co.CreateDefaultCustomObject(EQ))
    assert (blank.Id, plain(blank.Values)["x_count"]) == (0, "1")
    blank.Values = values(x_name="Drill", x_serial="S-1", x_price="2.5")
    saved = ok(co.SaveCustomObject(EQ, blank))
    assert plain(saved.Values)["x_price"] == "2.5" and row(agents, saved.Id)["x_name"] == "Drill"
    saved.Values = values(x_price="two")
    refused(co.SaveCustomObject(EQ, saved), "x_price")
    assert plain(ok(co.GetCustomObject(EQ, saved.Id)).Values)["x_price"] == "2.5"
    refused(co.GetCustomObject("y_nosuch", 1), "y_nosuch")
    assert ok(co.HasScreenChooser(EQ, True)) is False
    ok(co.DeleteCustomObject(EQ, saved.Id))
    assert co.GetCustomObject(EQ, saved.Id).body.Response is None


def test_foreign_key_on_an_extra_table_row(agents: Agents) -> None:
    fs = agents.ForeignSystem
    ok(fs.SaveForeignAppEntity({"Name": "Rental"}))
    ok(fs.SaveForeignDevice({"Name": "Web"}, "Rental"))
    row_id = ok(agents.DatabaseTable.InsertRow(EQ, values(x_name="Drill")))
    ok(fs.SaveForeignKey({"Key": "sku", "Value": "D-1", "TableName": EQ, "RecordId": row_id}, "Rental", "Web", ""))
    assert ok(fs.GetKeyByValue("Rental", "Web", "sku", "D-1", EQ)).RecordId == row_id
    refused(fs.SaveForeignKey({"Key": "sku", "Value": "D-2", "TableName": EQ, "RecordId": row_id + 1}, "Rental",
                              "Web", ""), str(row_id + 1))
