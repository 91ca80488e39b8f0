"""A PostgreSQL server of the test's own, in a temp dir, that the test may stop and start.

Like .ci/with-postgres: initdb + pg_ctl, as the `postgres` OS user when run as root. Skipped
only when no PostgreSQL server binaries exist on the machine.

It listens on a Unix socket in its own directory, never on a TCP port: while a test has it
stopped (ten seconds and more), any process on the machine could take a free TCP port, and
starting it again on that port would fail, now and then, with "address already in use".
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, pool, text

from storage.migrate import upgrade


def server_binaries() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin with initdb and pg_ctl, or the ones on PATH."""
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(os.access(Path(directory) / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(directory)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


class PrivatePostgres:
    """initdb'd in a temp dir, on a socket there; `stop()` and `start()` it; `close()` removes it."""

    def __init__(self) -> None:
        binaries = server_binaries()
        if binaries is None:
            pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
        self.bin = binaries
        self.root = Path(tempfile.mkdtemp(prefix="nextstep-pg-fault-"))
        self.root.chmod(0o755)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres")
        self.data = self.root / "data"
        self.port = 5432  # only names the socket file, .s.PGSQL.5432 in `root`
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8"
        )
        self.start()
        admin = create_engine(self.url_for("postgres"), isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE nextstep"))
        admin.dispose()
        self.url = self.url_for("nextstep")
        upgrade(self.url)

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.root}&port={self.port}"

    def start(self) -> None:
        options = f"-c listen_addresses='' -p {self.port} -k {self.root} -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
            "-o",
            options,
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd="/", capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stdout}{result.stderr}")
