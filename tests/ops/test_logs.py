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
    first, second = (json.loads(line) for line in captured.getvalue().splitlines())
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
    [line] = captured.getvalue().splitlines()
    assert line.endswith("WARNING nextstep.test: trouble [platform=teams workspace=tenant-1]")


def test_a_database_that_refuses_writes_is_one_line_not_a_traceback(captured: io.StringIO) -> None:
    logs.configure("INFO", "text", stream=captured)
    try:
        raise OperationalError("INSERT INTO deals ...", {}, Exception("attempt to write a readonly database"))
    except OperationalError:
        logging.getLogger("assistant.core").exception("failed to handle message (%s)", "console/console")
    [line] = captured.getvalue().splitlines()
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
    entry = json.loads(captured.getvalue())
    assert "Traceback" in entry["error"] and "KeyError" in entry["error"]
