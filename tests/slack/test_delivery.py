"""Slack's delivery rules, over real HTTP: signatures, url_verification, retries, 429s, failures."""

from __future__ import annotations

import json
import time

from sqlalchemy import func, select, text

from storage.models import DealUpdate, InboundEvent
from tests.slack.conftest import DANA, DEALS, Workspace
from tests.slack.dialogue import SEED_UPDATE, in_thread


def test_a_forged_signature_is_refused(workspace: Workspace) -> None:
    body = workspace.slack.event_body(workspace.slack.message_event(DANA, SEED_UPDATE, channel=DEALS))
    response = workspace.slack.post(body, "application/json", signature="v0=" + "0" * 64)
    assert response.status == 401
    workspace.server.settle()
    assert workspace.fake.calls_to("chat.postMessage") == []


def test_a_request_older_than_five_minutes_is_refused(workspace: Workspace) -> None:
    body = workspace.slack.event_body(workspace.slack.message_event(DANA, SEED_UPDATE, channel=DEALS))
    response = workspace.slack.post(body, "application/json", timestamp=int(time.time()) - 6 * 60)
    assert response.status == 401
    workspace.server.settle()
    assert workspace.fake.calls_to("chat.postMessage") == []


def test_the_url_verification_challenge_is_answered(workspace: Workspace) -> None:
    body = json.dumps(
        {
            "token": "t",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    response = workspace.slack.post(body, "application/json")
    assert response.status == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_the_same_event_delivered_three_times_records_one_update(workspace: Workspace) -> None:
    slack = workspace.slack
    event = slack.message_event(DANA, SEED_UPDATE, channel=DEALS)
    for retry in (None, "1", "2"):
        headers = {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        assert slack.event(event, event_id="Ev0SAME", headers=headers).status == 200
    workspace.fake.wait_for("chat.postMessage", in_thread(event["ts"]))
    workspace.server.settle()
    assert len(workspace.fake.calls_to("chat.postMessage")) == 1
    with workspace.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(DealUpdate)) == 1
        assert (
            session.scalar(
                select(func.count()).select_from(InboundEvent).where(InboundEvent.event_key.like("event:%"))
            )
            == 1
        )


def test_a_429_from_slack_is_retried_and_the_reply_still_arrives(workspace: Workspace) -> None:
    fake = workspace.fake
    fake.rate_limit_next("chat.postMessage")
    ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    first, second = fake.wait_for("chat.postMessage", in_thread(ts), count=2, timeout=8)
    assert first.response == {"ok": False, "error": "ratelimited"}
    assert second.response["ok"] is True
    assert "Pied Piper" in second.everything_shown
    assert second.at - first.at >= 0.9  # waited for Retry-After: 1


def test_an_internal_failure_gets_an_apology_in_the_thread_not_a_traceback(workspace: Workspace) -> None:
    # A real failure, nothing patched: the update log is out of reach while Dana writes.
    with workspace.db.engine.begin() as connection:
        connection.execute(text("ALTER TABLE deal_updates RENAME TO deal_updates_away"))
    try:
        ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
        [apology] = workspace.fake.wait_for("chat.postMessage", in_thread(ts))
        workspace.server.settle()
    finally:
        with workspace.db.engine.begin() as connection:
            connection.execute(text("ALTER TABLE deal_updates_away RENAME TO deal_updates"))
    assert apology.text.startswith("Sorry, something went wrong")
    assert "Traceback" not in apology.everything_shown
    assert "deal_updates" not in apology.everything_shown


def test_messages_from_bots_and_channel_housekeeping_are_ignored(workspace: Workspace) -> None:
    slack = workspace.slack
    bot_says = slack.message_event(DANA, SEED_UPDATE, channel=DEALS)
    bot_says.update(bot_id="B0OTHER", subtype="bot_message")
    slack.event(bot_says)
    joined = slack.message_event(DANA, "<@U0DANA> has joined the channel", channel=DEALS)
    joined["subtype"] = "channel_join"
    slack.event(joined)
    workspace.server.settle()
    assert workspace.fake.calls_to("chat.postMessage") == []
