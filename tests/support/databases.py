"""Throwaway, migrated test databases: a SQLite template file and a PostgreSQL database per session.

Migrations run once per session per backend (the real `alembic upgrade head`); each test then
gets a clean database: a copy of the SQLite template, or the PostgreSQL one truncated.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, pool, text

from storage.db import database_url
from storage.migrate import upgrade

POSTGRES_ENV = "NEXTSTEP_TEST_POSTGRES_URL"


def in_ci() -> bool:
    """True when the CI variable says so (CI=true on the CI machine)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def configured_postgres_url() -> str | None:
    """The server tests may use, from NEXTSTEP_TEST_POSTGRES_URL, or None when unset."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    return database_url({"DATABASE_URL": url}) if url else None


class SqliteTemplate:
    """A migrated SQLite file; each test gets its own copy (cheaper than migrating again)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.db"
        upgrade(f"sqlite:///{self.path}")

    def fresh_copy(self, directory: Path, name: str = "nextstep.db") -> str:
        target = directory / name
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"


class PostgresDatabase:
    """A database of its own on the test server for this session, migrated once, emptied per test.

    A test that changes the schema (renames a table to provoke a failure, say) and leaves it
    broken costs only itself: the next `clean()` notices and migrates the schema afresh.
    """

    def __init__(self, server_url: str, *, migrate: bool = True) -> None:
        base = make_url(server_url)
        self.name = f"nextstep_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self._admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = base.set(database=self.name).render_as_string(hide_password=False)
        self._engine: Engine = create_engine(self.url, pool_size=1, max_overflow=0)
        self._tables: set[str] = set()
        if migrate:
            upgrade(self.url)
            self._tables = self._current_tables()

    def clean(self) -> None:
        """Empty every table and restart ids; connections a previous test leaked are closed first."""
        self._close_other_connections()
        if self._current_tables() != self._tables:
            self._rebuild()
        tables = ", ".join(f'"{table}"' for table in sorted(self._tables))
        with self._engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '30s'"))
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))

    def drop(self) -> None:
        self._engine.dispose()
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self._admin.dispose()

    def _current_tables(self) -> set[str]:
        with self._engine.connect() as connection:
            names = connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            return set(names) - {"alembic_version"}

    def _close_other_connections(self) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )

    def _rebuild(self) -> None:
        with self._engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        upgrade(self.url)
