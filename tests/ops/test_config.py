"""A configuration that cannot work stops the start: one line naming the setting, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from ops.config import ConfigError, load_settings
from storage.migrate import head_revision
from tests.ops.support import bare_env, nextstep

BROKEN = [
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ({"SLACK_SIGNING_SECRET": "s3cret"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_APP_TOKEN": "xapp-1-A"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_APP_TOKEN": "xoxb-1", "SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
    ({"SLACK_CLIENT_ID": "1.2", "SLACK_SIGNING_SECRET": "s"}, "SLACK_CLIENT_SECRET"),
    ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c"}, "SLACK_SIGNING_SECRET"),
    ({"MICROSOFT_APP_ID": "00000000-0000-0000-0000-000000000001"}, "MICROSOFT_APP_PASSWORD"),
    ({"MICROSOFT_APP_PASSWORD": "pw"}, "MICROSOFT_APP_ID"),
    ({"MICROSOFT_APP_TYPE": "SingleTenent"}, "MICROSOFT_APP_TYPE"),
    (
        {"MICROSOFT_APP_ID": "a", "MICROSOFT_APP_PASSWORD": "p", "MICROSOFT_APP_TYPE": "SingleTenant"},
        "MICROSOFT_APP_TENANT_ID",
    ),
    ({"PORT": "abc"}, "PORT"),
    ({"PORT": "70000"}, "PORT"),
    ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
    ({"DATABASE_URL": "mysql://u:p@h/db"}, "DATABASE_URL"),
    ({"NEXTSTEP_MISSED_RUN_GRACE_HOURS": "twelve"}, "NEXTSTEP_MISSED_RUN_GRACE_HOURS"),
    ({"NEXTSTEP_DEAL_INDEX_MB": "lots"}, "NEXTSTEP_DEAL_INDEX_MB"),
    ({"NEXTSTEP_DEAL_INDEX_MB": "0"}, "NEXTSTEP_DEAL_INDEX_MB"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
]


@pytest.mark.parametrize(("env", "setting"), BROKEN, ids=[s for _e, s in BROKEN])
def test_a_setting_that_cannot_work_is_named(env: dict[str, str], setting: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert raised.value.setting == setting
    assert str(raised.value).startswith(f"{setting}: ")


def test_complete_configurations_load() -> None:
    slack = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "8080"})
    assert slack.slack_configured and slack.port == 8080
    socket = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1-A"})
    assert socket.slack_configured
    teams = load_settings(
        {"MICROSOFT_APP_ID": "a", "MICROSOFT_APP_PASSWORD": "p", "MICROSOFT_APP_TYPE": "multitenant"}
    )
    assert teams.teams_configured
    assert not load_settings({}).any_platform
    assert load_settings({"NEXTSTEP_TEAMS_LOCAL": "1"}).teams_configured


def test_only_a_bot_token_no_longer_opens_the_console_and_exits_0(tmp_path: Path) -> None:
    """It used to fall back to the console silently: the person thought Slack was being served."""
    result = nextstep("run", cwd=tmp_path, env=bare_env(SLACK_BOT_TOKEN="xoxb-1"), stdin="Hooli?\n")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "nextstep run: SLACK_SIGNING_SECRET: is missing: with SLACK_BOT_TOKEN, set it (HTTP) "
        "or SLACK_APP_TOKEN (Socket Mode)"
    ]
    assert result.stdout == ""


def test_port_abc_in_a_dotenv_file_is_one_line_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PORT=abc\n")
    result = nextstep("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "nextstep run: PORT: 'abc' is not a port number (1-65535)"


def test_a_database_that_cannot_be_reached_is_named_with_the_reason(tmp_path: Path) -> None:
    url = "postgresql://nextstep:secret@127.0.0.1:1/nextstep"  # nothing listens on port 1
    result = nextstep("run", cwd=tmp_path, env=bare_env(DATABASE_URL=url), timeout=60)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(
        "nextstep run: DATABASE_URL: cannot reach postgresql+psycopg://nextstep:***@127.0.0.1:1"
    )
    assert "secret" not in line


def test_a_database_url_that_does_not_parse_is_named(tmp_path: Path) -> None:
    result = nextstep("run", cwd=tmp_path, env=bare_env(DATABASE_URL="postgres//oops"))
    assert result.returncode == 2
    assert result.stderr.startswith("nextstep run: DATABASE_URL: does not parse as a database URL")


@pytest.mark.postgres
def test_run_refuses_a_postgresql_database_that_is_not_migrated_and_says_how(tmp_path: Path) -> None:
    from tests.support.databases import PostgresDatabase, configured_postgres_url, in_ci

    server = configured_postgres_url()
    if server is None:
        if in_ci():
            pytest.fail("CI needs NEXTSTEP_TEST_POSTGRES_URL")
        pytest.skip("needs NEXTSTEP_TEST_POSTGRES_URL (try: .ci/with-postgres .venv/bin/pytest)")
    empty = PostgresDatabase(server, migrate=False)
    try:
        result = nextstep("run", cwd=tmp_path, env=bare_env(DATABASE_URL=empty.url), timeout=60)
    finally:
        empty.drop()
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("nextstep run: DATABASE_URL: postgresql+psycopg://")
    assert line.endswith(
        "is at schema empty, this version needs " + head_revision() + ": run `nextstep migrate` first"
    )
