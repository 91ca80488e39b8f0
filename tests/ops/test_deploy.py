"""The container without Docker: the entrypoint's order, compose's services and settings, the user."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import yaml

from tests.ops.support import ROOT

ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


def _fake_nextstep(bin_dir: Path, log: Path, fail_on: str = "") -> None:
    """A `nextstep` that writes its arguments to `log` (and fails on `fail_on`)."""
    script = bin_dir / "nextstep"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{log}"\n'
        f'if [ "$1" = "{fail_on}" ]; then echo "nextstep $1: cannot migrate" >&2; exit 1; fi\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def _entrypoint(
    tmp_path: Path, *args: str, fail_on: str = ""
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    log = tmp_path / "calls.log"
    _fake_nextstep(tmp_path, log, fail_on)
    env = {"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), *args], env=env, capture_output=True, text=True, timeout=30
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def test_the_entrypoint_migrates_then_runs(tmp_path: Path) -> None:
    result, calls = _entrypoint(tmp_path)
    assert result.returncode == 0, result.stderr
    assert calls == ["migrate", "run"]


def test_a_failed_migration_stops_the_container_before_it_serves(tmp_path: Path) -> None:
    result, calls = _entrypoint(tmp_path, fail_on="migrate")
    assert result.returncode == 1
    assert calls == ["migrate"]
    assert "cannot migrate" in result.stderr


def test_arguments_run_another_command_in_the_container(tmp_path: Path) -> None:
    _result, calls = _entrypoint(tmp_path, "export", "--format", "jsonl")
    assert calls == ["export --format jsonl"]


def test_the_image_runs_as_a_user_who_is_not_root() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert users, "the Dockerfile sets no USER: the app would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert re.search(r"^FROM python:3\.\d+-slim", dockerfile, re.MULTILINE)
    assert 'ENTRYPOINT ["nextstep-entrypoint"]' in dockerfile
    assert "COPY docker/entrypoint.sh /usr/local/bin/nextstep-entrypoint" in dockerfile
    assert "--constraint constraints.txt ." in dockerfile  # the app itself, from the repo, pinned


def test_compose_runs_nextstep_beside_postgresql_with_the_settings_the_app_reads() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"nextstep", "postgres"}
    app, db = services["nextstep"], services["postgres"]
    assert app["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "healthcheck" in app and "/readyz" in " ".join(app["healthcheck"]["test"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    [volume] = db["volumes"]
    name, _, mount = volume.partition(":")
    assert name in compose["volumes"] and mount == "/var/lib/postgresql/data"  # a named volume
    env = app["environment"]
    assert env["DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env["DATABASE_URL"]
    example = (ROOT / ".env.example").read_text()
    read_by_app = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    platform = {name for name in read_by_app if name.startswith(("SLACK_", "MICROSOFT_"))}
    assert platform and platform - {"SLACK_API_URL"} <= set(env), "compose drops a platform setting"
    assert {"PORT", "LOG_LEVEL", "LOG_FORMAT"} <= set(env)
    assert set(env) <= read_by_app, f"compose sets variables the app never reads: {set(env) - read_by_app}"
