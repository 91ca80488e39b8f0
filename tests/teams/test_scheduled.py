"""The scheduler's own messages reach Teams: the weekly summary in the channel, a due reminder to the rep."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from assistant.scheduler.run import run_due
from storage.models import Delivery
from tests.support.clock import FakeClock
from tests.teams.conftest import DANA
from tests.teams.harness import DEALS_CHANNEL, TeamsHarness, Tenant
from tests.teams.test_dialogue import SEED_UPDATE, answer_to


def test_mondays_summary_is_a_new_post_in_the_deals_channel(
    teams: TeamsHarness, tenant: Tenant, clock: FakeClock
) -> None:
    answer_to(teams, tenant.channel_post(DANA, SEED_UPDATE))
    before = len(teams.connector.sent)

    clock.set(datetime(2026, 11, 30, 9, 1, tzinfo=UTC))  # Monday 09:00 in the workspace's zone (UTC)
    sent = teams.run(run_due(teams.services, clock.now()))

    assert [outbound.reply.kind for outbound in sent] == ["summary"]
    [summary] = teams.connector.sent[before:]
    assert (summary.kind, summary.conversation_id, summary.reply_to_id) == ("send", DEALS_CHANNEL, None)
    assert "Pied Piper" in summary.shown

    assert teams.run(run_due(teams.services, clock.now())) == []  # never twice


def test_a_next_step_due_today_reaches_the_rep_in_a_personal_chat(
    teams: TeamsHarness, tenant: Tenant, clock: FakeClock
) -> None:
    answer_to(teams, tenant.channel_post(DANA, SEED_UPDATE))  # due Fri 27 Nov, on us

    clock.set(datetime(2026, 11, 27, 15, 1, tzinfo=UTC))  # 09:01 in Chicago, Dana's zone
    teams.run(run_due(teams.services, clock.now()))

    created = [s for s in teams.connector.sent if s.kind == "create_conversation"]
    assert [c.body["members"][0]["id"] for c in created] == [DANA.teams_id]
    [reminder] = [s for s in teams.connector.sent if s.kind == "send"]
    assert reminder.conversation_id == created[0].id
    assert "Pied Piper" in reminder.shown
    assert reminder.button("Done")["action"] == "done"


def test_a_summary_the_connector_turns_down_for_now_is_retried_and_posted_once(
    teams: TeamsHarness, tenant: Tenant, clock: FakeClock
) -> None:
    answer_to(teams, tenant.channel_post(DANA, SEED_UPDATE))
    before = len(teams.connector.sent)
    teams.connector.fail_next_sends = 1  # the Bot Connector answers 500 once

    clock.set(datetime(2026, 11, 30, 9, 1, tzinfo=UTC))
    assert teams.run(run_due(teams.services, clock.now())) == []
    assert teams.connector.sent[before:] == []
    assert _statuses(teams) == ["retry"]

    clock.advance(minutes=5)  # past the first backoff
    retried = teams.run(run_due(teams.services, clock.now()))
    assert [outbound.reply.kind for outbound in retried] == ["summary"]
    [summary] = teams.connector.sent[before:]
    assert summary.conversation_id == DEALS_CHANNEL and "Pied Piper" in summary.shown
    assert _statuses(teams) == ["sent"]
    clock.advance(hours=3)
    assert teams.run(run_due(teams.services, clock.now())) == []


def _statuses(teams: TeamsHarness) -> list[str]:
    with teams.services.db.unit_of_work() as session:
        return sorted(session.scalars(select(Delivery.status)))
