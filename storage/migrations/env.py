"""Alembic's entry point: runs migrations against `sqlalchemy.url` or DATABASE_URL.

The schema is `storage.models.Base.metadata`; slack_sdk's OAuth tables live in the same
database (revision 0002) but are not ours to autogenerate, so comparisons skip them.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from storage.db import database_url
from storage.migrate import include_object
from storage.models import Base
from storage.types import UTCDateTime

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    configured = config.get_main_option("sqlalchemy.url")
    return database_url({"DATABASE_URL": configured} if configured else None)


def render_item(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    """Write UTCDateTime as a plain timestamptz, so revisions never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_item=render_item,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    """Print the SQL (`alembic upgrade head --sql`) instead of running it."""
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        include_object=include_object,
        literal_binds=True,
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate over a given connection (tests) or a fresh engine.

    The engine is plain on purpose: SQLite's foreign keys stay off while batch mode
    re-creates a table, so ON DELETE CASCADE never fires during a migration.
    """
    given: Connection | None = config.attributes.get("connection")
    if given is not None:
        _configure(given)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
