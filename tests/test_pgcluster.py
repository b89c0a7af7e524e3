"""PgCluster, the throw-away PostgreSQL the storage tests run on, must start, serve SQLAlchemy and clean up."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.pgcluster import PgCluster, require_postgres


def test_pgcluster_serves_sqlalchemy_and_leaves_nothing_behind() -> None:
    require_postgres()
    with PgCluster() as pg:
        directory = pg.directory
        assert pg.url.startswith("postgresql+psycopg://")
        engine = create_engine(pg.url)
        try:
            with engine.begin() as conn:
                assert conn.execute(text("select 1")).scalar_one() == 1
                conn.execute(text("create table t (id integer primary key, name text not null)"))
                conn.execute(text("insert into t (id, name) values (1, 'ä'), (2, 'b')"))
            with engine.connect() as conn:
                assert conn.execute(text("select id, name from t order by id")).all() == [(1, "ä"), (2, "b")]
        finally:
            engine.dispose()
        assert directory.is_dir()
    assert not directory.exists()
    pg.stop()  # idempotent
