"""Logs: one JSON object a line with the event's workspace, platform and id; a refusing database: one line."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy.exc import OperationalError

from ops import logs


def written_by(captured: io.StringIO, logger: str) -> list[str]:
    """The lines `logger` wrote. The handler is the root's, so a record from anywhere else in the
    process lands there too: a pool or a client session from an earlier test that the garbage
    collector finalises just now logs an error, at a moment no test chooses."""
    lines = captured.getvalue().splitlines()
    return [line for line in lines if f" {logger}: " in line or f'"logger": "{logger}"' in line]


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield io.StringIO()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_logs_carry_the_event_into_the_background_work(captured: io.StringIO) -> None:
    logs.configure("INFO", "json", stream=captured)
    log = logging.getLogger("nextstep.test")

    async def background() -> None:
        log.info("recorded the update")

    async def event() -> None:
        logs.bind(platform="slack", workspace="T0ACME", event_id="Ev123")
        await asyncio.get_running_loop().create_task(background())  # started by the listener, after the ack

    asyncio.run(event())
    log.warning("between events")
    first, second = (json.loads(line) for line in written_by(captured, "nextstep.test"))
    assert first["message"] == "recorded the update"
    assert (first["platform"], first["workspace"], first["event_id"]) == ("slack", "T0ACME", "Ev123")
    assert (
        first["level"] == "INFO" and first["logger"] == "nextstep.test" and first["time"].endswith("+00:00")
    )
    assert "workspace" not in second  # the event's context stayed with the event


def test_log_level_hides_what_is_below_it(captured: io.StringIO) -> None:
    logs.configure("WARNING", "text", stream=captured)
    logging.getLogger("nextstep.test").info("chatter")
    with logs.bound(platform="teams", workspace="tenant-1"):
        logging.getLogger("nextstep.test").warning("trouble")
    [line] = written_by(captured, "nextstep.test")
    assert line.endswith("WARNING nextstep.test: trouble [platform=teams workspace=tenant-1]")


def test_a_database_that_refuses_writes_is_one_line_not_a_traceback(captured: io.StringIO) -> None:
    logs.configure("INFO", "text", stream=captured)
    try:
        raise OperationalError("INSERT INTO deals ...", {}, Exception("attempt to write a readonly database"))
    except OperationalError:
        logging.getLogger("assistant.core").exception("failed to handle message (%s)", "console/console")
    [line] = written_by(captured, "assistant.core")
    assert line.endswith(
        "ERROR assistant.core: failed to handle message (console/console): "
        "the database refused: attempt to write a readonly database"
    )


def test_any_other_error_keeps_its_traceback(captured: io.StringIO) -> None:
    logs.configure("INFO", "json", stream=captured)
    try:
        raise KeyError("deal")
    except KeyError:
        logging.getLogger("x").exception("bug")
    [written] = written_by(captured, "x")
    entry = json.loads(written)
    assert "Traceback" in entry["error"] and "KeyError" in entry["error"]
