"""Shared fixtures: clean, migrated databases on SQLite and PostgreSQL, and a controllable clock.

Every test that uses `db` (or `db_url`) runs twice, as `[sqlite]` and `[postgresql]`.
The PostgreSQL run needs NEXTSTEP_TEST_POSTGRES_URL (`.ci/with-postgres <command>` starts a
throwaway server and sets it); without it the run is skipped locally and FAILS in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import SQLAlchemyError

from storage.db import Database
from tests.support.clock import FakeClock
from tests.support.databases import (
    POSTGRES_ENV,
    PostgresDatabase,
    SqliteTemplate,
    configured_postgres_url,
    in_ci,
)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[PostgresDatabase]:
    server_url = configured_postgres_url()
    if server_url is None:
        reason = f"PostgreSQL tests need {POSTGRES_ENV} (try: .ci/with-postgres .venv/bin/pytest)"
        if in_ci():
            pytest.fail(f"{reason}; in CI a missing server is a failure, not a skip", pytrace=False)
        pytest.skip(reason)
    try:
        database = PostgresDatabase(server_url)
    except SQLAlchemyError as exc:
        pytest.fail(f"cannot set up a test database on {POSTGRES_ENV}: {exc}", pytrace=False)
    yield database
    database.drop()


@pytest.fixture(params=BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: "sqlite" or "postgresql" (skipped or failed without a server)."""
    backend: str = request.param
    if backend == "postgresql":
        request.getfixturevalue("_postgres_database")
    return backend


@pytest.fixture
def db_url(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a clean, migrated database (the same one `db` uses), e.g. for a subprocess."""
    if db_backend == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("_sqlite_template")
        return template.fresh_copy(tmp_path)
    postgres: PostgresDatabase = request.getfixturevalue("_postgres_database")
    postgres.clean()
    return postgres.url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A fresh, empty, migrated Database; parametrized over SQLite and PostgreSQL."""
    database = Database.from_url(db_url)
    yield database
    database.engine.dispose()


@pytest.fixture
def postgres_url(_postgres_database: PostgresDatabase) -> str:
    """A clean, migrated PostgreSQL database's URL, for tests that need a real server
    (e.g. two scheduler processes); skipped locally without a server, failed in CI."""
    _postgres_database.clean()
    return _postgres_database.url


@pytest.fixture
def clock() -> FakeClock:
    """A clock that stands still at Mon 23 Nov 2026 15:00 UTC until the test moves it."""
    return FakeClock()
