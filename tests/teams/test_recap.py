"""Teams: a recap about several deals confirmed deal by deal, undone as one; a question answered by
typing in its reply chain."""

from __future__ import annotations

from datetime import date

import pytest

from nlp import MessageParser
from nlp.types import DealUpdate
from tests.assistant.scripted import ScriptedParser
from tests.support.clock import FakeClock
from tests.teams.conftest import DANA, MAX
from tests.teams.harness import TeamsHarness, Tenant
from tests.teams.test_dialogue import answer_to

RECAP = "recap: Hooli: sent the proposal, they decide Friday. Aviato: waiting on their legal"


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


def test_a_recap_is_confirmed_deal_by_deal_and_undone_as_one(teams: TeamsHarness, tenant: Tenant) -> None:
    for name in ("Hooli", "Aviato"):
        answer_to(teams, tenant.channel_post(DANA, f"new lead: {name}"))
    recap = tenant.channel_post(DANA, RECAP)
    confirmation = answer_to(teams, recap)
    assert "Hooli · next step: decision · on them" in confirmation.shown
    assert "Aviato · next step: their legal review · on them" in confirmation.shown
    assert confirmation.card is not None
    assert [a["title"] for a in confirmation.card["actions"]] == ["undo all"]

    status, _ = teams.post(tenant.submit(DANA, confirmation, "undo all", incoming=recap))
    assert status in (200, 201, 202)
    sent = teams.connector.wait_for(lambda sent: any("Undone" in s.shown for s in sent))
    [undone] = [s for s in sent if "Undone" in s.shown]
    assert "Now: Hooli" in undone.shown and "Now: Aviato" in undone.shown
    assert undone.conversation_id == confirmation.conversation_id  # in the recap's reply chain
    assert "decision" not in answer_to(teams, tenant.channel_post(MAX, "Hooli?")).shown
    assert "their legal review" not in answer_to(teams, tenant.channel_post(MAX, "Aviato?")).shown


def test_which_deal_is_answered_by_typing_its_name_in_the_reply_chain(
    teams: TeamsHarness, tenant: Tenant, clock: FakeClock
) -> None:
    answer_to(teams, tenant.channel_post(DANA, "new lead: Hooli, intro call went well"))
    answer_to(teams, tenant.channel_post(DANA, "new lead: Aviato, intro call went well"))
    clock.advance(minutes=5)

    unnamed = tenant.channel_post(DANA, "sent them the revised quote, they decide next week")
    assert "Which deal" in answer_to(teams, unnamed).shown
    typed = tenant.channel_post(DANA, "Aviato", root=unnamed["id"])
    applied = answer_to(teams, typed)
    assert "Aviato" in applied.shown and "on them" in applied.shown
    assert "on them" in answer_to(teams, tenant.channel_post(MAX, "Aviato?")).shown
