"""Replies wait out Slack's rate limits and outages in the outbox: sent once, never dropped.

Before the outbox, a confirmation that met a fourth 429 in a row was dropped although the
update was stored, and the apology said "nothing was lost, please try again" (so trying
again doubled the update).
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from storage.models import DealUpdate, OutboxMessage
from tests.slack.conftest import DANA, DEALS, Workspace
from tests.slack.dialogue import SEED_UPDATE, in_thread
from tests.slack.fake_slack import Call


def delivered(call: Call) -> bool:
    return bool(call.response.get("ok"))


def stored_updates(workspace: Workspace) -> int:
    with workspace.db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(DealUpdate)) or 0)


def pending_replies(workspace: Workspace) -> int:
    with workspace.db.unit_of_work() as session:
        query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "pending")
        return int(session.scalar(query) or 0)


@pytest.mark.parametrize("storm", [4, 6, 10])
def test_in_a_429_storm_the_confirmation_arrives_once_and_nobody_is_asked_to_try_again(
    workspace: Workspace, storm: int
) -> None:
    fake = workspace.fake
    fake.rate_limit_next("chat.postMessage", times=storm, retry_after=0)
    ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)

    [confirmation] = fake.wait_for(
        "chat.postMessage", lambda c: in_thread(ts)(c) and delivered(c), timeout=40
    )
    time.sleep(1.0)  # anything still queued would go out now

    in_the_thread = fake.calls_to("chat.postMessage", in_thread(ts))
    assert [call.response.get("error") for call in in_the_thread].count("ratelimited") == storm
    assert [call for call in in_the_thread if delivered(call)] == [confirmation]
    assert "Pied Piper" in confirmation.everything_shown
    assert not any("try again" in call.everything_shown.lower() for call in in_the_thread)
    assert stored_updates(workspace) == 1
    assert pending_replies(workspace) == 0


def test_a_confirmation_slack_fails_with_5xx_is_sent_once_it_recovers(workspace: Workspace) -> None:
    fake = workspace.fake
    fake.fail_next("chat.postMessage", times=2, status=503)
    ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)

    first, second, third = fake.wait_for("chat.postMessage", in_thread(ts), count=3, timeout=20)
    assert [first.response.get("ok"), second.response.get("ok"), third.response.get("ok")] == [
        False,
        False,
        True,
    ]
    assert second.at - first.at >= 0.7 and third.at - second.at >= 0.7  # it backed off before each try
    assert "Pied Piper" in third.everything_shown
    assert stored_updates(workspace) == 1
