"""Engines and units of work: SQLite by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///./nextstep.db"


def database_url(env: dict[str, str] | None = None) -> str:
    """The configured database URL; `postgres://` (Heroku-style) is accepted."""
    url = (env if env is not None else os.environ).get("DATABASE_URL") or DEFAULT_URL
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (default: DATABASE_URL or ./nextstep.db) with sane per-dialect settings."""
    url = database_url({"DATABASE_URL": url} if url else None)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A server that does not answer fails in seconds instead of hanging a request (the inbox
    # then keeps the delivery in its spool).
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # A read-only file cannot switch to WAL: keep its journal and let reads work; each write
    # then fails on its own ("attempt to write a readonly database") and is answered as such.
    with contextlib.suppress(sqlite3.OperationalError):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass
class SharedUnit:
    """One transaction that every `unit_of_work()` inside `Database.one_unit()` joins.

    `error` is what failed inside, even when the code that failed caught it (the core
    turns its failures into an apology): then nothing of the unit is committed.
    """

    db: Database
    session: Session
    error: BaseException | None = None
    discarded: bool = False

    def discard(self) -> None:
        """Roll the unit back when it ends (what it did turned out to be done already)."""
        self.discarded = True


_SHARED: ContextVar[SharedUnit | None] = ContextVar("nextstep_shared_unit", default=None)


class Database:
    """The engine plus a session factory; `unit_of_work()` commits or rolls back as one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str | None = None) -> Database:
        return cls(make_engine(url))

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        shared = _SHARED.get()
        if shared is not None and shared.db is self:
            try:
                yield shared.session
                shared.session.flush()
            except BaseException as error:
                shared.error = shared.error or error
                raise
            return
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def one_unit(self) -> Iterator[SharedUnit]:
        """Everything inside, the `unit_of_work()`s of the code called too, commits as one.

        So a chat delivery's ledger entry, the update it makes and the replies to send are
        stored together or not at all. Committed only when nothing inside failed.
        """
        session = self._sessions()
        shared = SharedUnit(self, session)
        token = _SHARED.set(shared)
        try:
            yield shared
            if shared.error is None and not shared.discarded:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
        finally:
            _SHARED.reset(token)
            session.close()

    def ping(self) -> None:
        """Run `SELECT 1` on a fresh connection; raises when the database does not answer."""
        ping(self.engine)

    def reachable(self) -> bool:
        """Whether a fresh connection can run a query now (False while the server is down)."""
        try:
            self.ping()
        except Exception:
            return False
        return True


def ping(target: Engine | Connection) -> None:
    """The one database liveness query (`SELECT 1`), on a new connection of `target` or on it."""
    if isinstance(target, Engine):
        with target.connect() as connection:
            connection.execute(_PING)
    else:
        target.execute(_PING)


_PING = text("SELECT 1")
