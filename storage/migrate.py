"""`nextstep migrate`: bring the database schema up to date with Alembic, from any directory.

The Alembic config is built in code (not read from ./alembic.ini), so this works from any
working directory and from an installed wheel, whose package carries storage/migrations.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import MetaData, create_engine, make_url, pool, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from storage.db import database_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# slack_sdk's SQLAlchemy installation and OAuth-state stores, with their default table names
# (revision 0002_slack_stores creates them so OAuth installs live in the same database).
SLACK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})

# pg_advisory_lock key held while migrating ("nextstep" in ASCII, as a bigint).
MIGRATION_LOCK_KEY = int.from_bytes(b"nextstep", "big")

log = logging.getLogger(__name__)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """For autogenerate: leave slack_sdk's tables alone (they exist in the database, not in our models)."""
    table_name = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return not (reflected and compare_to is None and table_name in SLACK_TABLES)


def alembic_config(url: str | None = None) -> Config:
    """Alembic's config for `url` (default: DATABASE_URL or ./nextstep.db), independent of the CWD."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates '%': a percent-encoded password must survive it.
    config.set_main_option("sqlalchemy.url", _resolve(url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    """Create the database if it is a new SQLite file, then apply every migration up to head.

    On PostgreSQL an advisory lock makes replicas that start together migrate one at a time:
    the first applies the revisions, the others then find the schema at head.
    """
    resolved = _resolve(url)
    _ensure_sqlite_dir(resolved)
    with migration_lock(resolved):
        _upgrade(resolved)


def _upgrade(resolved: str) -> None:
    config = alembic_config(resolved)
    engine = create_engine(resolved, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                connection.commit()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
    finally:
        engine.dispose()  # closing the connection also releases the advisory lock


@contextmanager
def migration_lock(url: str) -> Iterator[None]:
    """On a SQLite file, an exclusive lock on `<file>.migrate.lock` while migrating.

    Two `nextstep migrate` (or a migrate and a first `nextstep run`) at once then take
    turns, where both would otherwise create the same tables and one fail with
    "table already exists". PostgreSQL's advisory lock does this inside `upgrade`.
    """
    path = _sqlite_file(url)
    if path is None:
        yield
        return
    import fcntl

    with open(path.with_name(path.name + ".migrate.lock"), "a+b") as lock_file:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)


def current_revision(url: str | None = None) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    engine = create_engine(_resolve(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None, "storage/migrations has no revisions"
    return head


def slack_store_metadata() -> MetaData:
    """The tables slack_sdk's SQLAlchemy stores expect, built by slack_sdk itself."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    installs, states = SQLAlchemyInstallationStore, SQLAlchemyOAuthStateStore
    metadata = MetaData()
    installs.build_installations_table(metadata, installs.default_installations_table_name)
    installs.build_bots_table(metadata, installs.default_bots_table_name)
    states.build_oauth_states_table(metadata, states.default_table_name)
    return metadata


def safe_url(url: str) -> str:
    """The URL with its password hidden, fit to print."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable DATABASE_URL>"


def main(argv: list[str]) -> int:
    """`nextstep migrate [--quiet]`: one line on success, a short error (never a traceback) on failure."""
    parser = argparse.ArgumentParser(prog="nextstep migrate", description="Bring the schema up to date.")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)

    from dotenv import find_dotenv, load_dotenv

    load_dotenv(find_dotenv(usecwd=True), override=False)  # the .env `nextstep run` reads
    url = database_url()
    try:
        _ensure_sqlite_dir(url)
        before = current_revision(url) if not args.quiet else None
        upgrade(url)
    except (SQLAlchemyError, CommandError, OSError) as exc:
        log.debug("migration failed", exc_info=True)
        print(f"nextstep migrate: cannot migrate {safe_url(url)}: {_reason(exc)}", file=sys.stderr)
        return 1
    if not args.quiet:
        head = head_revision()
        if before == head:
            print(f"Database {safe_url(url)} is up to date ({head}).")
        else:
            print(f"Database {safe_url(url)} migrated from {before or 'empty'} to {head}.")
    return 0


def _resolve(url: str | None) -> str:
    return database_url({"DATABASE_URL": url} if url else None)


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory ones."""
    parsed = make_url(url)
    database = parsed.database
    in_file = bool(database) and database != ":memory:" and not str(database).startswith("file:")
    if parsed.get_backend_name() == "sqlite" and database and in_file:
        return Path(database).expanduser()
    return None


def _ensure_sqlite_dir(url: str) -> None:
    path = _sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def _reason(exc: BaseException) -> str:
    """The first line of the underlying driver's message, without SQLAlchemy's boilerplate."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
