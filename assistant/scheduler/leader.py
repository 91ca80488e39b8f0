"""Exactly one scheduling process: a PostgreSQL session-level advisory lock on its own connection.

The process that holds the lock schedules; the others stay on standby and try again on
every tick. If the leader dies its connection closes and PostgreSQL frees the lock. SQLite
is a single-machine database, so every process there simply leads (the deliveries ledger
still guarantees one send per key).
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from storage.db import ping

log = logging.getLogger(__name__)

# "nxst" as a 64-bit advisory lock key, so it never collides with someone else's small integers.
LOCK_KEY = 0x6E787374_5343_4844


class Leadership:
    """`acquire()` is cheap to call every tick: it checks a held lock is still alive."""

    def __init__(self, engine: Engine, key: int = LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._conn: Connection | None = None

    @property
    def needs_lock(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def holds_lock(self) -> bool:
        """Whether this process holds the lock as of its last `acquire()`."""
        return self._conn is not None

    def acquire(self) -> bool:
        """True when this process is (still) the one that schedules."""
        if not self.needs_lock:
            return True
        if self._conn is not None:
            try:
                ping(self._conn)
                return True
            except SQLAlchemyError:
                log.warning("scheduler lock connection lost; trying to lead again")
                self._drop()
        try:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar())
        except SQLAlchemyError:
            log.exception("could not ask for the scheduler lock")
            return False
        if got:
            self._conn = conn
            log.info("this process now runs the scheduler")
        else:
            conn.close()
        return got

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
        except SQLAlchemyError:
            log.warning("could not release the scheduler lock; closing its connection frees it")
        self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.invalidate()
                conn.close()
            except SQLAlchemyError:
                pass
