"""The test databases themselves: every test starts empty, even after a test broke the schema."""

from __future__ import annotations

from sqlalchemy import create_engine, insert, inspect, pool, text

from storage.db import Database
from storage.models import Base, Workspace
from tests.support.clock import FakeClock
from tests.support.databases import PostgresDatabase, configured_postgres_url


def test_a_broken_schema_is_repaired_before_the_next_test(postgres_url: str, clock: FakeClock) -> None:
    server = configured_postgres_url()
    assert server is not None
    database = PostgresDatabase(server)
    try:
        engine = create_engine(database.url, poolclass=pool.NullPool)
        with engine.begin() as connection:
            connection.execute(
                insert(Workspace).values(platform="slack", external_id="T1", created_at=clock.now())
            )
            connection.execute(text("ALTER TABLE deal_updates RENAME TO deal_updates_away"))
        database.clean()
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
        assert "deal_updates_away" not in inspect(engine).get_table_names()
        with Database(engine).unit_of_work() as session:
            assert session.query(Workspace).count() == 0
        engine.dispose()
    finally:
        database.drop()


def test_each_test_starts_with_an_empty_database_and_ids_from_one(db: Database, clock: FakeClock) -> None:
    # Earlier tests in this session stored workspaces too: none is left, and ids start again.
    with db.unit_of_work() as session:
        assert session.query(Workspace).count() == 0
        workspace = Workspace(platform="console", external_id="console", created_at=clock.now())
        session.add(workspace)
        session.flush()
        assert workspace.id == 1
