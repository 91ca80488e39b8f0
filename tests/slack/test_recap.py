"""A recap about several deals in Slack: one line per deal in the thread, one undo for the message."""

from __future__ import annotations

from datetime import date

import pytest

from nlp import MessageParser
from nlp.types import DealUpdate
from tests.assistant.scripted import ScriptedParser
from tests.slack.conftest import DANA, DEALS, Workspace
from tests.slack.dialogue import in_thread
from tests.slack.test_buttons import manager_asks, press

RECAP = "recap:\n• Hooli: sent the proposal, they decide Friday\n• Aviato: waiting on their legal"


@pytest.fixture
def parser() -> ScriptedParser:
    """The real parser, with the recap read as PARSING.md reads it (one update per deal)."""
    scripted = ScriptedParser(MessageParser())
    scripted.says(
        RECAP,
        DealUpdate(deal="Hooli", owner="prospect", next_step="decision", due=date(2026, 11, 27)),
        DealUpdate(deal="Aviato", owner="prospect", next_step="their legal review"),
    )
    return scripted


def test_a_recap_is_confirmed_deal_by_deal_and_undone_as_one(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    for name in ("Hooli", "Aviato"):
        fake.wait_for("chat.postMessage", in_thread(slack.say(DANA, f"new lead: {name}", channel=DEALS)))

    ts = slack.say(DANA, RECAP, channel=DEALS)
    [confirmation] = fake.wait_for("chat.postMessage", in_thread(ts))
    shown = confirmation.everything_shown
    assert "Hooli · next step: decision · on them" in shown
    assert "Aviato · next step: their legal review · on them" in shown
    assert [b["text"]["text"] for b in confirmation.buttons()] == ["undo all"]

    assert "Undone" in press(workspace, confirmation, "undo all")
    assert "decision" not in manager_asks(workspace, "Hooli?")
    assert "their legal review" not in manager_asks(workspace, "Aviato?")
