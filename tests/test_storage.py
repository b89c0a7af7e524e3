"""Storage: start-up (an older database is refused with what to do) and the tenants' data versions."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select, update

from soapsvc.store import soprincipal, tenants
from soapsvc.store.db import Database, SchemaError
from soapsvc.store.models import Contact, DataVersion


def test_older_database_is_refused_with_what_to_do(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("create table contact (tenant_id int, id int, name text, primary key (tenant_id, id))")
    with pytest.raises(SchemaError, match="made by an older soapsvc: table contact has no department"):
        Database(f"sqlite:///{path}")


def test_new_database_is_created_with_wal(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    with db.unit() as unit:
        assert unit.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _versions(db: Database) -> dict[str, int]:
    with db.unit() as unit:
        return dict(unit.execute(select(DataVersion.cust_id, DataVersion.version)).all())


def test_only_units_that_change_crm_data_bump_their_tenants_data_version(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'versions.sqlite3'}")
    with db.unit("CustA") as unit:
        tid = tenants.create(unit, "CustA")
    assert _versions(db) == {"CustA": 1}
    with db.unit("CustA") as unit:  # reads only
        unit.execute(select(Contact.name)).all()
    with db.unit("CustA") as unit:  # sessions are not CRM data
        soprincipal.add_ticket(unit, "7T:x", tid, 1, dt.datetime.now(dt.UTC))
    assert _versions(db) == {"CustA": 1}
    with pytest.raises(RuntimeError), db.unit("CustA") as unit:  # rolled back: nothing changed
        unit.execute(update(Contact).values(name="gone"))
        raise RuntimeError
    assert _versions(db) == {"CustA": 1}
    with db.unit("CustA") as unit:
        unit.execute(update(Contact).where(Contact.tenant_id == tid, Contact.id == 2).values(name="New"))
    with db.unit() as unit:  # a change that names no tenant counts for every tenant
        unit.execute(update(Contact).where(Contact.tenant_id == tid, Contact.id == 3).values(name="Newer"))
    assert _versions(db) == {"CustA": 2, "*": 1}


def test_an_archive_search_keeps_its_statement_and_reads_rows_each_time(tmp_path) -> None:
    from soapsvc.search import model as q
    from soapsvc.search.providers import provider
    from soapsvc.store import archive

    db = Database(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    with db.unit("CustA") as unit:
        tid = tenants.create(unit, "CustA")
    name = q.Field("contact", "name")

    def query(*args: object) -> q.Query:
        return q.Query(provider("Contact"), (q.Column("name", "string", name, "Name"),),
                       q.Leaf(name, "in", args), (), ("contact",), 0, 50)

    def names(found: q.Query) -> list[str]:
        with db.unit("CustA") as unit:
            return [hit.values[0] for hit in archive.search(unit, tid, found)[0]]

    with db.unit("CustA") as unit:
        unit.execute(update(Contact).where(Contact.tenant_id == tid, Contact.id == 2).values(name="Kept"))
    before = archive._kept_statements.cache_info()
    assert names(query(("Kept",))) == ["Kept"]
    with db.unit("CustA") as unit:
        unit.execute(update(Contact).where(Contact.tenant_id == tid, Contact.id == 2).values(name="Renamed"))
    assert names(query(("Kept",))) == []  # the statement kept, the rows read again
    after = archive._kept_statements.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
    assert names(query(["Renamed"])) == ["Renamed"]  # a list is no key: built for that call only
    assert archive._kept_statements.cache_info().misses == after.misses


def test_an_entity_read_first_in_a_unit_is_what_core_reads_and_later_sees_the_units_writes(any_url: str) -> None:
    """`entities.read` runs a unit's first SELECT on the driver connection (direct.fetch_all): the rows are
    SQLAlchemy's, converted alike (dates, flags), and after a write it reads in the unit's transaction."""
    import uuid

    from soapsvc.store import contact, direct, entities

    db = Database(any_url)
    cust = f"Direct{uuid.uuid4().hex[:8]}"
    with db.unit(cust) as unit:
        tid = tenants.create(unit, cust)
    statements = [(contact.WITH_PERSONS, {"tid": tid, "eid": 2}), (contact.CONTACTS._by_id, {"tid": tid, "eid": 2})]
    for statement, params in statements:
        with db.unit(cust) as unit:
            core = [tuple(row) for row in entities.run(unit, statement, params)]
        assert core and direct.fetch_all(db, statement, params) == core
        assert any(isinstance(v, dt.datetime) for row in core for v in row)  # converted, not the driver's text
    with db.unit(cust) as unit:
        before = db.statements
        assert contact.get_with_persons(unit, tid, 2)[0].values["name"] != "Written"
        assert not unit.in_transaction() and db.statements == before + 1  # read outside the unit's transaction
        unit.execute(update(Contact).where(Contact.tenant_id == tid, Contact.id == 2).values(name="Written"))
        assert contact.get_with_persons(unit, tid, 2)[0].values["name"] == "Written"  # its own write
    with db.unit(cust) as unit:
        assert contact.get_with_persons(unit, tid, 2)[0].values["name"] == "Written"
