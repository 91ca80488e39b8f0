"""When unsure, the assistant asks one short question and applies the answer; undo, edit, delete."""

from __future__ import annotations

from assistant.core import Assistant
from nlp import MessageParser
from storage.db import Database
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock


def _two_acmes(chat: Chat) -> None:
    dana = chat.rep("dana")
    dana.says("new lead: Acme Robotics")
    dana.says("new lead: Acme Health")


def test_an_ambiguous_deal_is_asked_about_and_a_button_answers(chat: Chat) -> None:
    _two_acmes(chat)
    dana, maria = chat.rep("dana"), chat.manager("maria")
    question = dana.says("Acme: sent the proposal, they decide by Friday")
    assert question.kinds == ["question"]
    assert "Acme Robotics" in question.text and "Acme Health" in question.text
    assert set(question.labels) == {"Acme Robotics", "Acme Health"}

    confirmation = dana.presses(question, "Acme Health")
    assert "Acme Health" in confirmation.text
    assert "Fri 27 Nov" in confirmation.text
    assert "Fri 27 Nov" in maria.says("Acme Health?").text
    assert "Fri 27 Nov" not in maria.says("Acme Robotics?").text
    # The question is answered: pressing again changes nothing.
    assert "already answered" in dana.presses(question, "Acme Robotics").text


def test_an_ambiguous_deal_can_be_answered_by_typing_its_name(chat: Chat) -> None:
    _two_acmes(chat)
    dana, maria = chat.rep("dana"), chat.manager("maria")
    question = dana.says("Acme: sent the proposal, they decide by Friday")
    assert question.kinds == ["question"]
    confirmation = dana.says("Acme Robotics", thread=question.message_id)
    assert confirmation.kinds == ["confirmation"]
    assert "Acme Robotics" in confirmation.text
    assert "proposal" in maria.says("Acme Robotics?").text


def test_the_pending_question_survives_a_restart(
    chat: Chat, db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    _two_acmes(chat)
    question = chat.rep("dana").says("Acme: sent the proposal, they decide by Friday")
    restarted = Chat(Assistant(db, parser, clock), clock)
    confirmation = restarted.rep("dana").presses(question, "Acme Robotics")
    assert "Acme Robotics" in confirmation.text
    assert "Fri 27 Nov" in restarted.manager("maria").says("Acme Robotics?").text


def test_an_unknown_name_asks_whether_it_is_a_new_deal(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    question = dana.says("Globex: sent the proposal")
    assert question.kinds == ["question"]
    assert "Is Globex a new deal?" in question.text

    yes = dana.presses(question, "yes")
    assert "Globex" in yes.text and "New deal" in yes.text
    assert "Rep: dana" in maria.says("Globex?").text


def test_no_to_a_new_deal_stores_nothing(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    question = dana.says("Globex: sent the proposal")
    assert "won't create Globex" in dana.presses(question, "no").text
    assert "don't know a deal called Globex" in maria.says("Globex?").text


def test_a_typed_yes_creates_the_new_deal(chat: Chat) -> None:
    dana = chat.rep("dana")
    dana.says("new lead: Pied Piper")
    question = dana.says("Globex: sent the proposal")
    assert "Globex" in dana.says("yes", thread=question.message_id).text
    assert "Globex" in dana.says("my pipeline").text


def test_no_deal_named_applies_to_the_deal_being_discussed(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    dana.says("new lead: Hooli")
    first = dana.says("Hooli: sent the proposal")
    seen = dana.says("they want a demo on Thursday", thread=first.message_id)
    assert "Hooli" in seen.text
    assert "demo" in maria.says("Hooli?").text


def test_the_very_first_deal_of_a_workspace_is_created_without_asking(chat: Chat) -> None:
    seen = chat.rep("dana").says("Globex: sent the proposal")
    assert seen.kinds == ["confirmation"]
    assert "New deal Globex (yours)" in seen.text


def test_no_deal_named_and_several_open_asks_which(chat: Chat) -> None:
    dana = chat.rep("dana")
    dana.says("new lead: Pied Piper, intro call went well", channel="C-OTHER")
    dana.says("new lead: Hooli, intro call went well", channel="C-OTHER")
    question = dana.says("they want a demo on Thursday")
    assert question.kinds == ["question"]
    assert {"Pied Piper", "Hooli"} <= set(question.labels)
    assert "Pied Piper" in dana.presses(question, "Pied Piper").text


def test_undo_reverts_the_authors_last_update(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    dana.says("Pied Piper: waiting on engineering for cost estimates, should have them Friday")
    dana.says("Pied Piper: sent the proposal, they decide next week")
    assert "on them" in maria.says("Pied Piper?").text

    undone = dana.says("undo")
    assert "Undone" in undone.text
    answer = maria.says("Pied Piper?")
    assert "cost estimates" in answer.text and "on us" in answer.text
    assert "Fri 27 Nov" in answer.text
    assert "sent the proposal" not in maria.says("history of Pied Piper").text


def test_undo_with_nothing_to_undo(chat: Chat) -> None:
    assert "no update of yours to undo" in chat.rep("dana").says("undo").text


def test_an_edited_message_replaces_its_update(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    original = dana.says("Pied Piper: we need to send the pricing by Friday")
    assert "Fri 27 Nov" in original.text

    edited = dana.edits(original, "Pied Piper: we need to send the pricing by Thursday")
    assert "Thu 26 Nov" in edited.text
    answer = maria.says("Pied Piper?")
    assert "Thu 26 Nov" in answer.text and "Fri 27 Nov" not in answer.text
    history = maria.says("history of Pied Piper").text
    assert "Thursday" in history and "by Friday" not in history


def test_a_deleted_message_retracts_its_update(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    dana.says("Pied Piper: we need to send the pricing by Friday")
    oops = dana.says("Pied Piper: sent the contract, waiting on their legal")
    dana.deletes(oops)
    answer = maria.says("Pied Piper?")
    assert "pricing" in answer.text and "on us" in answer.text
    assert "their legal" not in maria.says("history of Pied Piper").text


def test_a_duplicate_delivery_is_recorded_once(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    first = dana.says("Pied Piper: we need to send the pricing by Friday")
    again = dana.says_again(first, "Pied Piper: we need to send the pricing by Friday")
    assert again.silent
    history = maria.says("history of Pied Piper").replies[0]
    pricing = [line for line in history.sections[0].lines if "send the pricing" in line]
    assert len(pricing) == 1
