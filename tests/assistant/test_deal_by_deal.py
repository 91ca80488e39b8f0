"""One message, several deals; the question we ask belongs to the very next message; new deals.

PRODUCT.md "Updating a deal" 3, 5, 6 and 8. Messages whose reading the dialogue relies on are
scripted as PARSING.md reads them (`talk` + `scripted`); the rest go through the real parser.
"""

from __future__ import annotations

import re
from datetime import date

from nlp.types import DealUpdate
from tests.assistant.scripted import ScriptedParser
from tests.assistant.transcript import Chat

RECAP = "Monday recap:\n• Hooli: sent the proposal, they decide Friday\n• Aviato: waiting on their legal"


def _hooli_and_aviato(talk: Chat) -> None:
    dana = talk.rep("dana")
    dana.says("new lead: Hooli")
    dana.says("new lead: Aviato")


def _script_recap(scripted: ScriptedParser) -> None:
    scripted.says(
        RECAP,
        DealUpdate(
            deal="Hooli", owner="prospect", next_step="decision", due=date(2026, 11, 27), stage="proposal"
        ),
        DealUpdate(deal="Aviato", owner="prospect", next_step="their legal review", stage="negotiation"),
    )


def test_a_recap_updates_each_deal_and_confirms_every_one_on_its_own_line(
    talk: Chat, scripted: ScriptedParser
) -> None:
    _hooli_and_aviato(talk)
    _script_recap(scripted)
    dana, maria = talk.rep("dana"), talk.manager("maria")

    seen = dana.says(RECAP)
    assert seen.kinds == ["confirmation"]
    lines = seen.replies[0].text.splitlines()
    assert lines[0] == "Updated 2 deals:"
    assert lines[1].startswith("• Hooli · next step: decision · on them · due Fri 27 Nov")
    assert lines[2].startswith("• Aviato · next step: their legal review · on them")
    assert seen.labels == ["undo all"]  # one undo for the whole message

    assert "decision" in maria.says("Hooli?").text
    aviato = maria.says("Aviato?").text
    assert "their legal review" in aviato and "negotiation" in aviato
    assert "decision" not in aviato


def test_undo_takes_back_every_deal_of_the_message(talk: Chat, scripted: ScriptedParser) -> None:
    _hooli_and_aviato(talk)
    _script_recap(scripted)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    seen = dana.says(RECAP)

    undone = dana.presses(seen, "undo all").text
    assert "Undone" in undone and "Now: Hooli" in undone and "Now: Aviato" in undone
    assert "decision" not in maria.says("Hooli?").text
    assert "their legal review" not in maria.says("Aviato?").text
    assert "already taken back" in dana.presses(seen, "undo all").text


def test_typed_undo_takes_back_the_whole_recap_too(talk: Chat, scripted: ScriptedParser) -> None:
    _hooli_and_aviato(talk)
    _script_recap(scripted)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    dana.says(RECAP)
    assert "Now: Hooli" in dana.says("undo").text
    assert "decision" not in maria.says("Hooli?").text
    assert "their legal review" not in maria.says("Aviato?").text


def test_a_redelivered_recap_is_recorded_once(talk: Chat, scripted: ScriptedParser) -> None:
    _hooli_and_aviato(talk)
    _script_recap(scripted)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    first = dana.says(RECAP)
    assert dana.says_again(first, RECAP).silent
    history = maria.says("history of Aviato").text
    assert history.count("Monday recap") == 2  # the section and the text each show it once


def test_a_deleted_recap_retracts_every_deal(talk: Chat, scripted: ScriptedParser) -> None:
    _hooli_and_aviato(talk)
    _script_recap(scripted)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    dana.deletes(dana.says(RECAP))
    assert "decision" not in maria.says("Hooli?").text
    assert "their legal review" not in maria.says("Aviato?").text


def test_a_recap_with_an_unknown_name_applies_the_rest_and_asks_about_it(
    talk: Chat, scripted: ScriptedParser
) -> None:
    _hooli_and_aviato(talk)
    text = "Hooli: signed! Globex: intro call went well"
    scripted.says(text, DealUpdate(deal="Hooli", stage="won"), DealUpdate(deal="Globex", stage="qualified"))
    dana, maria = talk.rep("dana"), talk.manager("maria")

    seen = dana.says(text)
    assert "Hooli · won" in seen.text
    assert "Is Globex a new deal?" in seen.text
    assert "won" in maria.says("Hooli?").text

    created = dana.says("yes")
    assert "New deal Globex (yours)" in created.text
    assert "qualified" in maria.says("Globex?").text
    assert "won" in maria.says("Hooli?").text  # answering did not apply Hooli's part twice


# -- a pending question belongs to the very next message ------------------------------------------
def test_a_question_about_a_deal_drops_the_pending_which_deal(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper", channel="C-OTHER")
    dana.says("new lead: Aviato", channel="C-OTHER")
    dana.says("Aviato: we need to send the usage data by Friday", channel="C-OTHER")

    question = dana.says("they delivered")
    assert question.kinds == ["question"]
    answer = dana.says("Aviato?")
    assert answer.kinds[0] == "answer"
    assert "send the usage data" in answer.text and "on us" in answer.text
    assert "“they delivered” unstored" in answer.text  # said, not silently dropped
    # Aviato's step was left alone, and the old question is gone.
    assert "send the usage data" in maria.says("Aviato?").text
    assert "they delivered" not in maria.says("history of Aviato").text
    assert "already answered" in dana.presses(question, "Aviato").text


def test_a_pending_question_is_answered_by_a_deals_name_or_its_number(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper", channel="C-OTHER")
    dana.says("new lead: Hooli", channel="C-OTHER")
    question = dana.says("they want a demo on Thursday")
    names = question.labels
    assert "Hooli" in names
    seen = dana.says(str(names.index("Hooli") + 1))
    assert seen.kinds == ["confirmation"] and "Hooli" in seen.text
    assert "Thu 26 Nov" in maria.says("Hooli?").text

    # Elsewhere (nothing discussed there yet) the same again, answered with a name in lower case.
    assert dana.says("they sent the signed NDA back", channel="C-THIRD").kinds == ["question"]
    by_name = dana.says("pied piper", channel="C-THIRD")
    assert by_name.kinds == ["confirmation"] and "Pied Piper" in by_name.text


def test_a_typed_no_to_which_deal_stores_nothing(chat: Chat) -> None:
    dana = chat.rep("dana")
    dana.says("new lead: Pied Piper", channel="C-OTHER")
    dana.says("new lead: Hooli", channel="C-OTHER")
    dana.says("they want a demo on Thursday")
    assert "nothing was stored" in dana.says("no").text
    assert "demo" not in chat.manager("maria").says("Hooli?").text


# -- new deals --------------------------------------------------------------------------------------
def test_yes_new_deal_creates_the_deal_and_applies_the_message_once(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    question = dana.says("Globex: we need to send the pricing by Friday")
    assert "Is Globex a new deal?" in question.text

    seen = dana.says("yes, new deal")
    assert "New deal Globex (yours)" in seen.text and "Fri 27 Nov" in seen.text
    pipeline = dana.says("my pipeline").text
    assert "Globex" in pipeline and not re.search(r"\byes\b", pipeline, re.IGNORECASE)
    # Answering twice changes nothing: the question is gone, and "yes" is never a deal.
    assert dana.says("yes, new deal").silent
    assert "already answered" in dana.presses(question, "yes").text
    history = maria.says("history of Globex").text
    assert history.count("send the pricing") == 2  # the section and the text: one update


def test_a_typed_no_to_a_new_deal_says_nothing_was_stored(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    dana.says("Globex: we need to send the pricing by Friday")
    assert "nothing was stored" in dana.says("no").text
    assert "don't know a deal called Globex" in maria.says("Globex?").text


def test_a_new_lead_named_after_a_known_deal_is_a_new_deal(talk: Chat, scripted: ScriptedParser) -> None:
    dana, maria = talk.rep("dana"), talk.manager("maria")
    dana.says("new lead: Hooli")
    dana.says("Hooli: we need to send the pricing by Friday")
    scripted.says("new lead: Hooli Labs", DealUpdate(deal="Hooli Labs", is_new_deal=True, stage="lead"))

    seen = dana.says("new lead: Hooli Labs")
    assert "New deal Hooli Labs (yours)" in seen.text
    assert "send the pricing" in maria.says("Hooli?").text
    assert "Rep: dana" in maria.says("Hooli Labs?").text


def test_a_fresh_workspaces_first_labelled_message_creates_its_deal(chat: Chat) -> None:
    seen = chat.rep("dana").says("Pied Piper: we need to add cost estimates to the proposal")
    assert "didn't catch" not in seen.text
    assert "New deal Pied Piper (yours)" in seen.text
    assert "Pied Piper" in chat.manager("maria").says("what's waiting on us?").text


def test_a_labelled_message_about_an_unknown_name_offers_a_new_deal(chat: Chat) -> None:
    dana = chat.rep("dana")
    dana.says("new lead: Hooli")
    question = dana.says("Pied Piper: we need to add cost estimates to the proposal")
    assert "Is Pied Piper a new deal?" in question.text
    assert "New deal Pied Piper" in dana.presses(question, "yes").text


def test_met_with_a_new_company_offers_it_as_a_new_deal_not_a_list_of_others(chat: Chat) -> None:
    dana = chat.rep("dana")
    for name in ("Vandelay", "Oscorp", "Initech"):
        dana.says(f"new lead: {name}", channel="C-OTHER")
    question = dana.says("Met with Dunder Mifflin today, they want a demo next week")
    assert "Which deal" not in question.text and "Vandelay" not in question.text
    assert "Is Dunder Mifflin a new deal?" in question.text
    seen = dana.says("yes")
    assert "New deal Dunder Mifflin (yours)" in seen.text


def test_a_recaps_question_is_answered_in_the_recaps_thread(talk: Chat, scripted: ScriptedParser) -> None:
    _hooli_and_aviato(talk)
    text = "Hooli: signed! Globex: intro call went well"
    scripted.says(text, DealUpdate(deal="Hooli", stage="won"), DealUpdate(deal="Globex", stage="qualified"))
    dana, maria = talk.rep("dana"), talk.manager("maria")
    recap = dana.says(text)
    seen = dana.says("yes", thread=recap.message_id)  # the question about Globex's part, in its thread
    assert "New deal Globex (yours)" in seen.text
    assert "qualified" in maria.says("Globex?").text


def test_no_to_a_company_met_asks_which_deal_instead_of_dropping_the_update(chat: Chat) -> None:
    dana = chat.rep("dana")
    for name in ("Vandelay", "Oscorp"):
        dana.says(f"new lead: {name}", channel="C-OTHER")
    assert (
        "Is Dunder Mifflin a new deal?" in dana.says("Met with Dunder Mifflin today, they want a demo").text
    )
    which = dana.says("no")
    assert which.kinds == ["question"] and "Which deal" in which.text
    assert "Oscorp" in dana.says("Oscorp").text
    assert "demo" in chat.manager("maria").says("Oscorp?").text


def test_a_recap_that_changes_nothing_says_so(talk: Chat, scripted: ScriptedParser) -> None:
    _hooli_and_aviato(talk)
    text = "Hooli and Aviato: both still leads"
    scripted.says(text, DealUpdate(deal="Hooli", stage="lead"), DealUpdate(deal="Aviato", stage="lead"))
    seen = talk.rep("dana").says(text)
    assert seen.kinds == ["info"] and "Nothing changed" in seen.text
    assert "both still leads" not in talk.manager("maria").says("Hooli?").text


def test_yes_to_which_deal_asks_again_and_the_number_answers(chat: Chat) -> None:
    dana = chat.rep("dana")
    dana.says("new lead: Pied Piper", channel="C-OTHER")
    dana.says("new lead: Hooli", channel="C-OTHER")
    question = dana.says("they want a demo on Thursday")
    assert "Reply with its name or number (1. " in question.text
    again = dana.says("yes")
    assert "Which one?" in again.text
    number = question.labels.index("Hooli") + 1
    assert "Hooli" in dana.says(f"{number}.").text
    assert "Thu 26 Nov" in chat.manager("maria").says("Hooli?").text


def test_an_edited_recap_replaces_what_each_deal_got(talk: Chat, scripted: ScriptedParser) -> None:
    _hooli_and_aviato(talk)
    _script_recap(scripted)
    fixed = "Monday recap:\n• Hooli: they decide Monday"
    scripted.says(
        fixed, DealUpdate(deal="Hooli", owner="prospect", next_step="decision", due=date(2026, 11, 30))
    )
    dana, maria = talk.rep("dana"), talk.manager("maria")
    recap = dana.says(RECAP)

    edited = dana.edits(recap, fixed)
    assert "Mon 30 Nov" in edited.text
    assert "no longer mentions Aviato" in edited.text
    hooli = maria.says("Hooli?").text
    assert "Mon 30 Nov" in hooli and "Fri 27 Nov" not in hooli
    assert "their legal review" not in maria.says("Aviato?").text  # no longer in the message


def test_a_recap_with_two_unknown_names_is_answered_in_order(talk: Chat, scripted: ScriptedParser) -> None:
    _hooli_and_aviato(talk)
    text = "Globex: intro call went well. Initech: they want pricing"
    scripted.says(
        text,
        DealUpdate(deal="Globex", stage="qualified"),
        DealUpdate(deal="Initech", owner="us", next_step="send pricing"),
    )
    dana, maria = talk.rep("dana"), talk.manager("maria")
    asked = dana.says(text)
    assert asked.kinds == ["question"]
    assert "Is Globex a new deal?" in asked.text and "Is Initech a new deal?" in asked.text
    assert "New deal Globex (yours)" in dana.says("yes").text
    assert "New deal Initech (yours)" in dana.says("yes").text
    assert "send pricing" in maria.says("Initech?").text
