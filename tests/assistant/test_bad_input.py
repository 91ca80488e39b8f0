"""Bad input gets a clear reply or silence, never a traceback, and loses nothing stored."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from assistant.core import Assistant
from nlp import MessageParser
from nlp.types import ParsedMessage
from storage.db import Database
from storage.models import Deal
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock

SEED = "Pied Piper: waiting on engineering for cost estimates, should have them Friday"

BAD_INPUTS = [
    pytest.param("", id="empty"),
    pytest.param("   \n\t  ", id="whitespace"),
    pytest.param("Pied Piper " * 4546, id="50000-characters"),
    pytest.param("🚀🔥💯", id="only-emoji"),
    pytest.param("\x00\x07\x1b[31m\x7f", id="control-characters"),
    pytest.param("Robert'); DROP TABLE deals;--", id="sql-looking"),
    pytest.param("' OR 1=1; DELETE FROM deal_updates WHERE '1'='1", id="sql-delete"),
    pytest.param("Яндекс: отправили предложение", id="cyrillic"),
    pytest.param("株式会社テスト 来週デモ", id="japanese"),
    pytest.param("عرض تقديمي يوم الجمعة", id="arabic"),
]


def _seeded(chat: Chat) -> None:
    dana = chat.rep("dana")
    dana.says("new lead: Pied Piper")
    dana.says(SEED)


def _still_there(chat: Chat) -> None:
    answer = chat.manager("maria").says("Pied Piper?").text
    assert "on us" in answer and "Fri 27 Nov" in answer
    assert (
        "by dana: “Pied Piper: waiting on engineering for cost estimates, should have them Friday”" in answer
    )


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_in_a_channel(chat: Chat, text: str) -> None:
    _seeded(chat)
    seen = chat.rep("dana").says(text)
    assert seen.kinds in ([], ["info"], ["question"], ["confirmation"], ["answer"])
    assert "Traceback" not in seen.text
    _still_there(chat)


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_as_a_command_edit_and_direct_message(chat: Chat, text: str) -> None:
    _seeded(chat)
    dana = chat.rep("dana")
    assert dana.command(text).kinds == ["info"]
    direct = dana.says(text, direct=True)
    assert "error" not in direct.kinds
    _still_there(chat)


def test_empty_text_is_ignored_and_a_huge_message_gets_a_clear_reply(chat: Chat) -> None:
    dana = chat.rep("dana")
    assert dana.says("").silent
    assert dana.says("  \t ").silent
    huge = dana.says("Pied Piper " * 4546)
    assert "too long" in huge.text


def test_chit_chat_in_a_channel_is_ignored_but_a_direct_message_gets_a_hint(chat: Chat) -> None:
    dana = chat.rep("dana")
    assert dana.says("thank you!").silent
    assert "help" in dana.says("thank you!", direct=True).text


def test_unreadable_button_values_get_a_clear_reply(chat: Chat) -> None:
    _seeded(chat)
    dana = chat.rep("dana")
    seen = dana.says("Pied Piper: we need to send the pricing by Friday")
    from dataclasses import replace

    from tests.assistant.transcript import Seen

    broken = replace(
        seen.replies[0], buttons=tuple(replace(b, value="garbage:'; DROP") for b in seen.replies[0].buttons)
    )
    forged = Seen(type(seen.outcome)([broken]), seen.message_id)
    assert "couldn't read that button" in dana.presses(forged, "undo").text
    _still_there_after_pricing(chat)


def _still_there_after_pricing(chat: Chat) -> None:
    assert "pricing" in chat.manager("maria").says("Pied Piper?").text


class ExplodingParser:
    """A parser that fails, to show an unexpected error is apologised for and rolled back."""

    def __init__(self, real: MessageParser) -> None:
        self.real = real
        self.explode = False

    def parse(self, text: str, **kwargs: object) -> ParsedMessage:
        if self.explode:
            raise RuntimeError("parser fell over")
        return self.real.parse(text, **kwargs)  # type: ignore[arg-type]


def test_an_unexpected_error_is_logged_and_apologised_for(
    db: Database, parser: MessageParser, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    exploding = ExplodingParser(parser)
    chat = Chat(Assistant(db, exploding, clock), clock)  # type: ignore[arg-type]
    _seeded(chat)
    exploding.explode = True
    with caplog.at_level(logging.ERROR, logger="assistant.core"):
        seen = chat.rep("dana").says("Pied Piper: sent the proposal")
    assert seen.kinds == ["error"]
    assert "Sorry" in seen.text and "Traceback" not in seen.text
    assert "parser fell over" in caplog.text and "Pied Piper: sent the proposal" in caplog.text
    exploding.explode = False
    _still_there(chat)


def test_workspaces_never_see_each_others_deals(assistant: Assistant, clock: FakeClock, db: Database) -> None:
    ours = Chat(assistant, clock, workspace_id="T-OURS")
    theirs = Chat(assistant, clock, workspace_id="T-THEIRS")
    ours.rep("dana").says("new lead: Pied Piper")
    ours.rep("dana").says(SEED)
    theirs.rep("gavin").says("new lead: Pied Piper")
    theirs.rep("gavin").says("Pied Piper: sent the proposal, waiting on their CFO")

    assert "cost estimates" in ours.manager("maria").says("Pied Piper?").text
    answer = theirs.manager("maria").says("Pied Piper?").text
    assert "on them" in answer and "cost estimates" not in answer and "dana" not in answer
    assert "Pied Piper" not in theirs.manager("maria").says("what's waiting on us?").text
    assert "no update of yours" in theirs.rep("dana").says("undo").text
    with db.unit_of_work() as session:
        assert len(session.scalars(select(Deal)).all()) == 2
