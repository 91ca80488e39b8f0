"""Seen under fault injection: each of these used to crash, hang or answer wrongly."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect

from nlp.cli import run as parse_run
from storage.db import make_engine
from storage.migrate import current_revision, head_revision
from tests.ops.support import NEXTSTEP, bare_env, nextstep
from tests.slack.conftest import DANA, DEALS, Workspace
from tests.slack.dialogue import SEED_UPDATE, in_thread


def _parse(*lines: str) -> list[dict[str, object]]:
    out = io.StringIO()
    assert parse_run(io.StringIO("".join(line + "\n" for line in lines)), out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_parse_answers_deeply_nested_json_with_an_error_line_and_goes_on() -> None:
    nested = "[" * 100_000 + "]" * 100_000
    bad, good = _parse(nested, json.dumps({"id": 2, "text": "Hooli: sent the proposal", "deals": ["Hooli"]}))
    assert bad == {"id": None, "error": "ValueError: the line is nested too deeply to be a message"}
    assert good["id"] == 2 and good["deal"] == "Hooli"


def test_parse_is_quick_with_a_100000_character_deal_name_in_the_input() -> None:
    """It took 20 s. Timed against the same run with ordinary names, which loads the parser too
    (1.2 s cold, 0.3 s warm here), so a busy machine slows both alike."""
    line = {"id": 1, "text": "Acme: call them Friday"}
    started = time.perf_counter()
    [ordinary] = _parse(json.dumps({**line, "deals": ["Acme"]}))
    floor = time.perf_counter() - started
    started = time.perf_counter()
    [result] = _parse(json.dumps({**line, "deals": ["A" * 100_000, "Acme"]}))
    took = time.perf_counter() - started
    assert took < 3 * floor + 1.0, f"{took:.2f} s against {floor:.2f} s with ordinary names"
    assert result["deal"] == ordinary["deal"] == "Acme" and result["next_step"]


def test_a_non_numeric_slack_timestamp_is_unauthorized_not_a_server_error(workspace: Workspace) -> None:
    body = workspace.slack.event_body(workspace.slack.message_event(DANA, SEED_UPDATE, channel=DEALS))
    response = workspace.slack.post(body, "application/json", headers={"X-Slack-Request-Timestamp": "abc"})
    assert response.status == 401
    assert workspace.fake.calls_to("chat.postMessage") == []


def test_two_migrations_at_once_on_sqlite_take_turns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/team.db"
    env = bare_env(DATABASE_URL=url)
    runs = [
        subprocess.Popen(
            [*NEXTSTEP, "migrate"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(run.wait(timeout=120), run.communicate()) for run in runs]
    for code, (_out, err) in results:
        assert code == 0, err
    assert current_revision(url) == head_revision()
    assert "deals" in inspect(make_engine(url)).get_table_names()


def test_a_read_only_database_logs_one_line_per_failed_write_and_the_person_gets_the_apology(
    tmp_path: Path,
) -> None:
    path = tmp_path / "team.db"
    assert nextstep("migrate", cwd=tmp_path, env=bare_env(DATABASE_URL=f"sqlite:///{path}")).returncode == 0
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    result = nextstep(
        "run",
        cwd=tmp_path,
        env=bare_env(DATABASE_URL=read_only, NEXTSTEP_NO_SCHEDULER="1"),
        stdin=SEED_UPDATE + "\n",
    )
    assert result.returncode == 0
    [line] = result.stderr.strip().splitlines()
    assert line.endswith("the database refused: attempt to write a readonly database")
    assert "Sorry, something went wrong on my side" in result.stdout


@pytest.mark.parametrize("value", ["deal:²", "update:١٢", "deal:99999999999999999999"])
def test_a_validly_signed_slack_button_with_a_malformed_value_gets_a_short_reply_and_no_traceback(
    workspace: Workspace, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    [confirmation] = workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    button = {**confirmation.button("it's on them"), "value": value}
    before = len(workspace.fake.calls)
    with caplog.at_level(logging.INFO):
        response = workspace.slack.press(DANA, button, channel=DEALS, message=confirmation.as_message())
        assert response.status == 200
        workspace.fake.wait_for({"chat.postMessage", "chat.postEphemeral", "chat.update"}, since=before)
        workspace.server.settle()
    [answer] = workspace.fake.calls[before:]
    assert answer.text == "I couldn't read that button; please try again from a newer message."
    assert not [record for record in caplog.records if record.exc_info]
