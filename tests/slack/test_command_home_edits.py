"""/nextstep, the App Home, edits and deletions, and a clarification answered by button."""

from __future__ import annotations

import time

from adapters.slack.app import BRIDGE_KEY
from tests.slack.conftest import DANA, DEALS, MAX, Workspace
from tests.slack.dialogue import SEED_UPDATE, in_thread
from tests.slack.fake_slack import TEAM_ID, Call


def for_user(user_id: str):
    def match(call: Call) -> bool:
        return bool(call.get("user_id") == user_id)

    return match


def ask_in_channel(workspace: Workspace, question: str) -> str:
    ts = workspace.slack.say(MAX, question, channel=DEALS)
    [answer] = workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    return answer.everything_shown


def test_slash_command_help_is_answered_only_to_the_asker(workspace: Workspace) -> None:
    hook = workspace.fake.hook_url("help")
    assert workspace.slack.command(DANA, "help", channel=DEALS, response_url=hook).status == 200
    [answer] = workspace.fake.wait_for("response_url")
    assert answer.get("response_type") == "ephemeral"
    assert "Pied Piper" in answer.everything_shown  # the example of an update
    assert workspace.fake.calls_to("chat.postMessage") == []


def test_slash_command_my_deals_lists_the_reps_deals(workspace: Workspace) -> None:
    ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    hook = workspace.fake.hook_url("my-deals")
    workspace.slack.command(DANA, "my deals", channel=DEALS, response_url=hook)
    [answer] = workspace.fake.wait_for("response_url")
    assert "Pied Piper" in answer.everything_shown
    assert "cost estimates" in answer.everything_shown


def test_slash_command_waiting_on_us(workspace: Workspace) -> None:
    ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    workspace.slack.command(MAX, "waiting on us", channel=DEALS, response_url=workspace.fake.hook_url("w"))
    [answer] = workspace.fake.wait_for("response_url")
    assert "Pied Piper" in answer.everything_shown


def test_opening_the_app_home_publishes_the_viewers_deals(workspace: Workspace) -> None:
    ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    # The update does not rebuild Dana's home on its way (that waits for a quiet moment);
    # opening the tab publishes it at once.
    assert not workspace.fake.calls_to("views.publish")
    event = {"type": "app_home_opened", "user": DANA.id, "channel": "D0DANA", "tab": "home"}
    assert workspace.slack.event(event).status == 200
    [published] = workspace.fake.wait_for("views.publish", for_user(DANA.id))
    view = published.get("view")
    assert view["type"] == "home"
    shown = str(view)
    assert "On us" in shown
    assert "Pied Piper" in shown


def test_a_burst_of_updates_refreshes_the_open_home_once_after_it(workspace: Workspace) -> None:
    bridge = workspace.server.web_app[BRIDGE_KEY]  # type: ignore[index]
    bridge.homes.delay = 3.0  # longer than the three updates take
    updates = (
        SEED_UPDATE,
        "Pied Piper: sent the estimates, they decide by Friday",
        "Pied Piper: they want a security review, I'll book it for Tuesday",
    )
    for text in updates:
        ts = workspace.slack.say(DANA, text, channel=DEALS)
        workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    assert not workspace.fake.calls_to("views.publish")
    [published] = workspace.fake.wait_for("views.publish", for_user(DANA.id), timeout=10)
    shown = str(published.get("view"))
    assert "Pied Piper" in shown and "security review" in shown
    time.sleep(0.5)
    assert len(workspace.fake.calls_to("views.publish")) == 1


def test_a_manager_with_no_deals_sees_an_empty_home(workspace: Workspace) -> None:
    event = {"type": "app_home_opened", "user": MAX.id, "channel": "D0MAX", "tab": "home"}
    workspace.slack.event(event)
    [published] = workspace.fake.wait_for("views.publish", for_user(MAX.id))
    assert "no open deals" in str(published.get("view"))


def test_editing_the_message_re_records_the_update(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    ts = slack.say(DANA, SEED_UPDATE, channel=DEALS)
    fake.wait_for("chat.postMessage", in_thread(ts))
    edited_text = "Pied Piper: still waiting on engineering for cost estimates, should have them Monday"
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": DEALS,
        "channel_type": "channel",
        "hidden": True,
        "ts": slack.next_ts(),
        "message": {
            "type": "message",
            "user": DANA.id,
            "text": edited_text,
            "ts": ts,
            "edited": {"user": DANA.id, "ts": slack.next_ts()},
            "team": TEAM_ID,
        },
        "previous_message": {"type": "message", "user": DANA.id, "text": SEED_UPDATE, "ts": ts},
    }
    assert slack.event(edit).status == 200
    fake.wait_for("chat.postMessage", in_thread(ts), count=2)
    assert "30 Nov" in ask_in_channel(workspace, "Pied Piper?")


def test_deleting_the_message_retracts_its_update(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    ts = slack.say(DANA, SEED_UPDATE, channel=DEALS)
    fake.wait_for("chat.postMessage", in_thread(ts))
    delete = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": DEALS,
        "channel_type": "channel",
        "hidden": True,
        "ts": slack.next_ts(),
        "deleted_ts": ts,
        "previous_message": {"type": "message", "user": DANA.id, "text": SEED_UPDATE, "ts": ts},
    }
    assert slack.event(delete).status == 200
    workspace.server.settle()
    assert "cost estimates" not in ask_in_channel(workspace, "Pied Piper?")
    assert len(fake.calls_to("chat.postMessage", in_thread(ts))) == 1  # a deletion answers nothing


def test_a_clarification_is_answered_by_button(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    for update in (SEED_UPDATE, "new lead: Initech, intro call went well"):
        ts = slack.say(DANA, update, channel=DEALS)
        fake.wait_for("chat.postMessage", in_thread(ts))
    ts = slack.say(DANA, "sent them the contract, they sign by Friday", channel=DEALS)
    [question] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert "Which deal" in question.text
    labels = [b["text"]["text"] for b in question.buttons()]
    assert {"Pied Piper", "Initech"} <= set(labels)
    response = slack.press(DANA, question.button("Initech"), channel=DEALS, message=question.as_message())
    assert response.status == 200
    [answered] = fake.wait_for("chat.update")
    assert answered.get("ts") == question.response["ts"]  # the question now shows the answer
    assert "Initech" in answered.everything_shown
    assert "Which deal" not in answered.everything_shown
    assert "contract" in ask_in_channel(workspace, "Initech?")


def test_an_unknown_name_is_confirmed_as_a_new_deal_by_button(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    ts = slack.say(DANA, SEED_UPDATE, channel=DEALS)
    fake.wait_for("chat.postMessage", in_thread(ts))
    ts = slack.say(DANA, "Globex: sent them the proposal, they decide next week", channel=DEALS)
    [question] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert "new deal" in question.text
    slack.press(DANA, question.button("yes"), channel=DEALS, message=question.as_message())
    [answered] = fake.wait_for("chat.update")
    assert "Globex" in answered.everything_shown
    assert "proposal" in ask_in_channel(workspace, "Globex?")
