"""Dialogues in a Slack workspace, over real HTTP: what Slack's Web API receives from Nextstep."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import DealUpdate
from tests.slack.conftest import DANA, DANA_DM, DEALS, MAX, Workspace
from tests.slack.dialogue import SEED_UPDATE, in_thread
from tests.slack.fake_slack import BOT_USER_ID


def test_seed_dialogue_rep_updates_manager_asks_rep_is_not_pinged(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake

    update_ts = slack.say(DANA, SEED_UPDATE, channel=DEALS)
    [confirmation] = fake.wait_for("chat.postMessage", in_thread(update_ts))
    shown = confirmation.everything_shown
    assert "Pied Piper" in shown
    assert "cost estimates" in shown
    assert "on us" in shown
    assert "Fri 27 Nov" in shown
    labels = [b["text"]["text"] for b in confirmation.buttons()]
    assert {"it's on them", "snooze 1w", "park", "undo"} <= set(labels)

    question_ts = slack.say(MAX, "Pied Piper?", channel=DEALS)
    [answer] = fake.wait_for("chat.postMessage", in_thread(question_ts))
    shown = answer.everything_shown
    assert "cost estimates" in shown
    assert "on us" in shown
    assert "27 Nov" in shown
    assert "Dana" in shown  # updated ... by Dana

    workspace.server.settle()
    posts = fake.calls_to("chat.postMessage")
    assert len(posts) == 2, [p.text for p in posts]
    assert fake.calls_to("conversations.open") == []
    assert all(p.get("channel") == DEALS for p in posts)
    assert fake.calls_to("chat.postEphemeral") == []


def test_a_direct_message_update_is_confirmed_in_the_dm(workspace: Workspace) -> None:
    ts = workspace.slack.say(
        DANA, "Hooli: sent them the proposal, they decide next week", channel=DANA_DM, channel_type="im"
    )
    [confirmation] = workspace.fake.wait_for("chat.postMessage", in_thread(ts, DANA_DM))
    assert "Hooli" in confirmation.everything_shown
    assert "on them" in confirmation.everything_shown or "prospect" in confirmation.everything_shown


def test_a_mention_is_answered_without_the_bots_own_name(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    slack.say(DANA, SEED_UPDATE, channel=DEALS)
    fake.wait_for("chat.postMessage")
    ts = slack.next_ts()
    # In a channel the app is in, Slack sends the same message twice: as message and app_mention.
    text = f"<@{BOT_USER_ID}> Pied Piper?"
    slack.event(slack.message_event(MAX, text, channel=DEALS, ts=ts, event_type="app_mention"))
    slack.event(slack.message_event(MAX, text, channel=DEALS, ts=ts))
    [answer] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert "cost estimates" in answer.everything_shown
    workspace.server.settle()
    assert len(fake.calls_to("chat.postMessage", in_thread(ts))) == 1
    assert BOT_USER_ID not in [c.get("user") for c in fake.calls_to("users.info")]


def test_names_and_time_zones_come_from_users_info_once(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    slack.say(DANA, SEED_UPDATE, channel=DEALS)
    fake.wait_for("chat.postMessage")
    ts = slack.say(DANA, "Pied Piper?", channel=DEALS)
    fake.wait_for("chat.postMessage", in_thread(ts))
    looked_up = [c.get("user") for c in fake.calls_to("users.info")]
    assert looked_up.count(DANA.id) == 1


def test_slack_markup_is_read_as_plain_text(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    fake.wait_for("chat.postMessage", in_thread(slack.say(DANA, SEED_UPDATE, channel=DEALS)))
    text = "Pied Piper: sent <https://docs.example.com/q/17|the quote> :rocket: to their CFO, cc <@U0MAX>"
    fake.wait_for("chat.postMessage", in_thread(slack.say(DANA, text, channel=DEALS)))
    with workspace.db.unit_of_work() as session:
        latest = session.scalars(select(DealUpdate.raw_text).order_by(DealUpdate.id.desc())).first()
    assert latest == "Pied Piper: sent the quote to their CFO, cc @Max"
    assert MAX.id in [c.get("user") for c in fake.calls_to("users.info")]
