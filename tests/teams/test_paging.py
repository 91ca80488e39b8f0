"""A long list in Teams: the first page on a card with the total and a More button; pressing it
(Action.Submit) and typing "more" in the reply chain show the next pages."""

from __future__ import annotations

from datetime import timedelta

from storage.db import Database
from tests.scheduler.pipeline import Pipeline
from tests.support.clock import FakeClock
from tests.teams.conftest import MAX
from tests.teams.fake_connector import Sent
from tests.teams.harness import TENANT_ID, TeamsHarness, Tenant
from tests.teams.test_dialogue import answer_to


def _many_deals_waiting_on_us(db: Database, clock: FakeClock, count: int) -> None:
    start = clock.now() - timedelta(days=count)
    p = Pipeline(db, platform="teams", external_id=TENANT_ID).setup(start)
    p.rep("Dana", start)
    for i in range(1, count + 1):
        p.deal(
            f"Acme{i:02d}",
            "Dana",
            start + timedelta(days=i - 1),
            next_step="send the proposal",
            next_step_owner="us",
        )


def test_a_long_list_pages_with_the_more_button_and_typed_more(
    teams: TeamsHarness, tenant: Tenant, db: Database, clock: FakeClock
) -> None:
    _many_deals_waiting_on_us(db, clock, 25)
    question = tenant.channel_post(MAX, "what's waiting on us?")
    first = answer_to(teams, question)
    assert "Waiting on us, longest first (25)" in first.shown
    assert "…and 15 more" in first.shown
    assert "Acme01" in first.shown and "Acme11" not in first.shown

    before = len(teams.connector.sent)
    status, _ = teams.post(tenant.submit(MAX, first, "More (15 left)", incoming=question))
    assert status in (200, 201, 202)
    second = _next_card(teams, before)
    assert "(11–20 of 25)" in second.shown
    assert "Acme11" in second.shown and "Acme01" not in second.shown
    assert second.conversation_id == first.conversation_id  # in the same reply chain

    root = question["id"]
    third = answer_to(teams, tenant.channel_post(MAX, "more", root=root))
    assert "(21–25 of 25)" in third.shown
    assert "That's all 25." in (third.card or {}).get("fallbackText", "")
    assert not (third.card or {}).get("actions")


def _next_card(teams: TeamsHarness, before: int) -> Sent:
    sent = teams.connector.wait_for(lambda all_sent: len(all_sent) > before)
    return sent[before]
