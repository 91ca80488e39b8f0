"""A database that accepts connections and never answers is treated as down: Slack still gets
its ack in time, and the delivery is kept in the spool."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.durable.readiness import Readiness
from adapters.durable.spool import Spool
from adapters.slack.inbox import CONTEXT_KEY, SlackInbox, Stored
from storage.db import Database


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join(2)
    for connection in accepted:
        connection.close()
    listener.close()


SLACK_ACK_SECONDS = 3.0


class Context(dict[str, Any]):
    bot_user_id = "U0NEXTSTEP"


def test_a_hanging_database_does_not_hold_up_the_ack_and_the_delivery_is_spooled(
    silent_server: int, tmp_path: Path
) -> None:
    db = Database.from_url(f"postgresql://nextstep@127.0.0.1:{silent_server}/nextstep")
    readiness = Readiness()
    spool = Spool(tmp_path / "spool.jsonl")
    inbox = SlackInbox(db, readiness, spool)
    body = {
        "type": "event_callback",
        "team_id": "T0ACME",
        "event_id": "Ev0HANG",
        "event": {
            "type": "message",
            "user": "U0DANA",
            "text": "Pied Piper: sent the proposal",
            "ts": "1.000001",
            "channel": "C0DEALS",
            "channel_type": "channel",
        },
    }
    context = Context()
    handed_on: list[bool] = []

    async def next_middleware() -> None:
        handed_on.append(True)

    async def deliver() -> float:
        started = time.monotonic()
        await inbox.middleware(body, context, None, next_middleware)
        return time.monotonic() - started

    # Slack's limit for the ack is 3 s: the insert gets STORE_SECONDS of it, the rest is for
    # the spool's fsync, which a disk shared with other work can stretch past a second.
    assert asyncio.run(deliver()) < SLACK_ACK_SECONDS
    assert handed_on == [True]  # bolt goes on to ack
    assert context[CONTEXT_KEY] == Stored("event:Ev0HANG", None)
    assert [record["delivery_key"] for record in spool.take()] == ["event:Ev0HANG"]
    assert readiness.state()[0] is False
    db.engine.dispose()
