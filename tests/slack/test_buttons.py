"""The buttons under a confirmation and a clarification question, pressed over real HTTP."""

from __future__ import annotations

import re

from tests.slack.conftest import DANA, DEALS, MAX, Workspace
from tests.slack.dialogue import SEED_UPDATE, in_thread
from tests.slack.fake_slack import Call


def confirmed(workspace: Workspace, text: str = SEED_UPDATE) -> tuple[str, Call]:
    """Dana posts an update; returns its ts and Nextstep's confirmation in the thread."""
    ts = workspace.slack.say(DANA, text, channel=DEALS)
    [confirmation] = workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    return ts, confirmation


ANSWERS = {"chat.postMessage", "chat.update"}


def press(workspace: Workspace, message: Call, label: str) -> str:
    """Dana presses `label` under `message`; returns what Nextstep showed in answer.

    The answer either takes the place of the confirmation (chat.update) or goes into its thread.
    """
    fake, before = workspace.fake, len(workspace.fake.calls)
    response = workspace.slack.press(DANA, message.button(label), channel=DEALS, message=message.as_message())
    assert response.status == 200
    fake.wait_for(ANSWERS, since=before)
    workspace.server.settle()
    answers = fake.calls_to(ANSWERS, since=before)
    for answer in answers:
        assert answer.get("channel") == DEALS
        if answer.method == "chat.update":
            assert answer.get("ts") == message.response["ts"]
        else:
            assert answer.get("thread_ts") == message.get("thread_ts")
    return "\n".join(c.everything_shown for c in answers)


def manager_asks(workspace: Workspace, question: str = "Pied Piper?") -> str:
    ts = workspace.slack.say(MAX, question, channel=DEALS)
    [answer] = workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    return answer.everything_shown


def test_its_on_them_hands_the_next_step_to_the_prospect(workspace: Workspace) -> None:
    _ts, confirmation = confirmed(workspace)
    assert "on them" in press(workspace, confirmation, "it's on them")
    assert "on them" in manager_asks(workspace)


def test_its_on_us_puts_the_ball_back_in_our_court(workspace: Workspace) -> None:
    _ts, confirmation = confirmed(workspace, "Pied Piper: sent them the proposal, they decide next week")
    assert "on them" in confirmation.everything_shown
    assert "on us" in press(workspace, confirmation, "it's on us")
    assert "on us" in manager_asks(workspace)


def test_snooze_moves_the_due_date_a_week(workspace: Workspace) -> None:
    _ts, confirmation = confirmed(workspace)
    assert "Fri 27 Nov" in confirmation.everything_shown
    assert "4 Dec" in press(workspace, confirmation, "snooze")
    assert "4 Dec" in manager_asks(workspace)


def test_park_takes_the_deal_out_of_the_active_pipeline(workspace: Workspace) -> None:
    _ts, confirmation = confirmed(workspace)
    assert "Parked until" in press(workspace, confirmation, "park")
    assert "parked" in manager_asks(workspace).lower()


def test_undo_takes_the_update_back(workspace: Workspace) -> None:
    _ts, confirmation = confirmed(workspace)
    recorded = re.search(r"next step: (.+?) ·", confirmation.text)
    assert recorded, confirmation.text
    assert recorded.group(1) in manager_asks(workspace)
    press(workspace, confirmation, "undo")
    assert recorded.group(1) not in manager_asks(workspace)


def test_the_same_button_press_delivered_twice_counts_once(workspace: Workspace) -> None:
    _ts, confirmation = confirmed(workspace)
    payload_button = confirmation.button("it's on them")
    message = confirmation.as_message()
    slack = workspace.slack
    trigger = "777.888.same"
    for _ in range(2):
        body = slack.press_payload(DANA, payload_button, channel=DEALS, message=message, trigger_id=trigger)
        assert slack.interaction(body).status == 200
    workspace.server.settle()
    assert len(workspace.fake.calls_to(ANSWERS)) == 2  # the confirmation, and one answer to the press
