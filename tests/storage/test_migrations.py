"""Migrations: `alembic upgrade head` on an empty database gives exactly the models' schema."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, inspect, pool

from storage.migrate import (
    SLACK_TABLES,
    alembic_config,
    current_revision,
    head_revision,
    include_object,
    slack_store_metadata,
    upgrade,
)
from storage.models import Base
from tests.support.databases import PostgresDatabase, configured_postgres_url

REPO = Path(__file__).resolve().parents[2]


def schema_diffs(url: str, metadata: MetaData, include: Any) -> list[Any]:
    """What autogenerate would still change: [] means the database matches `metadata`."""
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "compare_server_default": True, "include_object": include},
            )
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def only_slack_tables(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    table_name = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table_name in SLACK_TABLES


@pytest.fixture
def empty_url(db_backend: str, tmp_path: Path) -> Iterator[str]:
    """A database nobody has migrated yet."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = configured_postgres_url()
    assert server is not None, "db_backend skips (or fails, in CI) without a server"
    database = PostgresDatabase(server, migrate=False)
    yield database.url
    database.drop()


def test_upgrade_head_builds_exactly_the_models_schema(db_url: str) -> None:
    # db_url's database was empty until the session ran `alembic upgrade head` on it.
    assert current_revision(db_url) == head_revision()
    assert schema_diffs(db_url, Base.metadata, include_object) == []


def test_slack_oauth_stores_get_the_tables_slack_sdk_expects(db_url: str) -> None:
    assert set(inspect(create_engine(db_url, poolclass=pool.NullPool)).get_table_names()) >= SLACK_TABLES
    assert schema_diffs(db_url, slack_store_metadata(), only_slack_tables) == []


def test_every_revision_downgrades_and_upgrades_again(empty_url: str) -> None:
    config = alembic_config(empty_url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = create_engine(empty_url, poolclass=pool.NullPool)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    command.upgrade(config, "head")
    assert schema_diffs(empty_url, Base.metadata, include_object) == []


@pytest.fixture
def empty_postgres_url(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL database nobody has migrated yet (skipped locally, failed in CI, without a server)."""
    server = configured_postgres_url()
    assert server is not None
    database = PostgresDatabase(server, migrate=False)
    yield database.url
    database.drop()


def test_replicas_starting_together_migrate_one_at_a_time(empty_postgres_url: str) -> None:
    errors: list[BaseException] = []

    def start_replica() -> None:
        try:
            upgrade(empty_postgres_url)
        except BaseException as exc:
            errors.append(exc)

    replicas = [threading.Thread(target=start_replica) for _ in range(3)]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.join(timeout=120)
    assert [r for r in replicas if r.is_alive()] == [], "a replica is still waiting"
    assert errors == []
    assert current_revision(empty_postgres_url) == head_revision()
    assert schema_diffs(empty_postgres_url, Base.metadata, include_object) == []


def test_the_migrations_have_one_head() -> None:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert heads == [head_revision()], (
        f"several heads: {heads}; give the newest revision the right down_revision"
    )


def nextstep_migrate(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `nextstep migrate` as a person would, from some other directory."""
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, str(REPO / "app.py"), "migrate", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_nextstep_migrate_creates_a_new_sqlite_database_from_any_directory(tmp_path: Path) -> None:
    database = tmp_path / "data" / "deals.db"
    first = nextstep_migrate(database_url=f"sqlite:///{database}", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"Database sqlite:///{database} migrated from empty to {head_revision()}."
    assert database.exists()

    again = nextstep_migrate(database_url=f"sqlite:///{database}", cwd=tmp_path)
    assert again.stdout.strip() == f"Database sqlite:///{database} is up to date ({head_revision()})."

    quiet = nextstep_migrate("--quiet", database_url=f"sqlite:///{database}", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_nextstep_migrate_explains_an_unreachable_database_without_a_traceback(tmp_path: Path) -> None:
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    result = nextstep_migrate(database_url="postgresql+psycopg://rep:secret@127.0.0.1:9/deals", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "nextstep migrate: cannot migrate postgresql+psycopg://rep:***@127.0.0.1:9/deals"
    )
    assert "Traceback" not in result.stderr
    assert "secret" not in result.stderr
