"""The fault suite (issue 16): under a write load, `kill -9` of a gunicorn worker three times (gunicorn
starts another) and of the master three times (its workers end; `soapsvc serve` is started again on the
same database and port, with no step in between). After each: every save that was acknowledged is in the
database with the values sent and read back by the server, the database is sound (SQLite's integrity
check, PostgreSQL's amcheck of the contact indexes), and no client got a wrong answer (a refused or reset
connection, an HTTP error or an unsuccessful save are what a kill may cause). On SQLite and on PostgreSQL;
acknowledged against found is printed (`pytest -s`)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.crash import Load, Serve, integrity, read_back, stored
from tests.hostile import soap_ticket

KILLS = 3
START = [0.0]
SAMPLE = 5  # of the oldest and of the newest acknowledged saves, read back through the server


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """(the database URL, the `soapsvc serve` options that select it): a file of its own or a cluster."""
    if request.param == "sqlite":
        path = tmp_path / "crash.sqlite3"
        yield f"sqlite:///{path}", ["--db-path", str(path)]
        return
    from tests.pgcluster import PgCluster, require_postgres

    require_postgres()
    with PgCluster() as pg:
        yield pg.url, ["--database-url", pg.url]


def test_acknowledged_saves_survive_kill_9_of_workers_and_master(storage: tuple[str, list[str]]) -> None:
    db_url, options = storage
    tenant = "CrashSql" if db_url.startswith("sqlite") else "CrashPg"
    server = Serve(free_port(), options)
    START[0] = time.monotonic()
    server.start()
    load = Load(server.base, tenant, soap_ticket(server.base, tenant)).start()
    rows: list[str] = []
    try:
        load.wait_acks(10)
        for i in range(1, KILLS + 1):
            killed, fresh = server.kill_worker()
            load.wait_acks(10)
            rows.append(_checked(f"worker kill {i} (pid {killed}, new {fresh})", load, db_url, tenant, server))
        for i in range(1, KILLS + 1):
            workers = server.kill_master()
            rows.append(_checked(f"master kill {i}, down (workers {workers} gone)", load, db_url, tenant))
            server.start()
            load.wait_acks(10)
            rows.append(_checked(f"master kill {i}, started again", load, db_url, tenant, server))
    finally:
        load.stop()
        print(f"\n{tenant}: {len(load.sent)} saves sent, {len(load.acked)} acknowledged")
        print("\n".join(rows))
        print(f"  not acknowledged, by what the client saw: {load.failed}")
        server.stop()
    assert not load.wrong, load.wrong[:5]
    rows.append(_checked("after the load", load, db_url, tenant))
    ours = {name for name, _dept in load.acked.values()}
    lost = [name for name, _dept in stored(db_url, tenant).values() if name not in ours]
    print(f"{rows[-1]}\n  committed but never acknowledged (the answer lost to a kill): {len(lost)}")
    assert all(" missing 0," in row and row.endswith("integrity ok") for row in rows), rows


def _checked(label: str, load: Load, db_url: str, tenant: str, server: Serve | None = None) -> str:
    """One line: acknowledged against found in the database, committed but never acknowledged, integrity.
    With the server up, the oldest and newest acknowledged saves are read through it too."""
    acked, found = load.snapshot(), stored(db_url, tenant)
    missing = {k: v for k, v in acked.items() if found.get(k) != v}
    if server is not None:
        sample = sorted(acked)[:SAMPLE] + sorted(acked)[-SAMPLE:]
        missing |= {k: acked[k] for k in sample if read_back(server.base, tenant, load.ticket, k) != acked[k]}
    return (f"  {time.monotonic() - START[0]:5.1f} s {label}: acknowledged {len(acked)}, "
            f"found {len(acked) - len(missing)}, missing {len(missing)}, integrity {integrity(db_url)}")
