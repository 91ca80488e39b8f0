"""Sent once: across a crash between claim and send, after downtime, and when a send fails for now."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.slack.clients import WorkspaceClients, make_client
from adapters.slack.notifier import SlackNotifier
from assistant.scheduler.deliveries import status_of
from storage.db import Database
from storage.models import Delivery
from tests.scheduler.pipeline import Pipeline
from tests.scheduler.support import (
    MONDAY_NINE,
    RecordingNotifier,
    TickServices,
    one_step_due_monday,
    run_through,
    tick,
)
from tests.slack.fake_slack import FakeSlack
from tests.support.clock import FakeClock

QUARTER_HOUR = timedelta(minutes=15)
# Monday 9 Nov 2026, 09:00 in New York (EST) is 14:00 UTC.


class Crash(BaseException):
    """The process dies mid-send (not an error the scheduler could catch and log)."""


def deals_channel(db: Database) -> Pipeline:
    return one_step_due_monday(db, touched_days_before=2)


def statuses(db: Database) -> list[str]:
    """The deliveries ledger's statuses, sorted."""
    with db.unit_of_work() as session:
        return sorted(session.scalars(select(Delivery.status)))


def services(db: Database, notifier: RecordingNotifier) -> TickServices:
    """A fresh "process": new services over the same database, nothing in memory."""
    return TickServices(db, FakeClock(MONDAY_NINE), [notifier])


def test_a_crash_between_claim_and_send_never_sends_twice(db: Database) -> None:
    deals_channel(db)
    dying = RecordingNotifier(fail_with=Crash())
    with pytest.raises(Crash):
        tick(services(db, dying), MONDAY_NINE)

    # The process restarts a minute later and keeps ticking all morning.
    restarted = RecordingNotifier()
    s = services(db, restarted)
    run_through(
        s,
        FakeClock(MONDAY_NINE),
        MONDAY_NINE + timedelta(minutes=1),
        MONDAY_NINE + timedelta(hours=3),
        QUARTER_HOUR,
    )

    # The first claimed message (whichever it was) stays claimed and is never resent;
    # the other due message goes out once.
    kinds = sorted(o.reply.kind for o in restarted.sent)
    assert len(restarted.sent) == 1, kinds
    assert statuses(db) == ["claimed", "sent"]


def test_a_missed_summary_is_sent_once_after_downtime(db: Database) -> None:
    deals_channel(db)
    notifier = RecordingNotifier()
    s = services(db, notifier)
    # Down all Sunday night and Monday morning; back at 13:30 New York time.
    back = MONDAY_NINE + timedelta(hours=4, minutes=30)
    sent = run_through(s, FakeClock(back), back, back + timedelta(hours=12), QUARTER_HOUR)
    summaries = [o for _, o in sent if o.reply.kind == "summary"]
    assert [when for when, o in sent if o.reply.kind == "summary"] == [back]
    assert summaries[0].target.id == "C-deals"
    assert "Pied Piper" in summaries[0].reply.text
    # The due reminder was missed too, and also caught up once.
    assert [when for when, o in sent if "Due today" in (o.reply.title or "")] == [back]


def test_a_summary_missed_by_more_than_the_grace_window_is_dropped(db: Database) -> None:
    deals_channel(db)
    notifier = RecordingNotifier()
    back = MONDAY_NINE + timedelta(hours=12, minutes=15)
    sent = run_through(services(db, notifier), FakeClock(back), back, back + timedelta(hours=6), QUARTER_HOUR)
    assert [o for _, o in sent if o.reply.kind == "summary"] == []


def test_a_send_refused_for_good_is_marked_failed_logged_and_not_retried(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    deals_channel(db)
    broken = RecordingNotifier(fail_with=LookupError("channel_not_found"))
    with caplog.at_level(logging.ERROR):
        assert tick(services(db, broken), MONDAY_NINE) == []
    assert "not retried" in caplog.text and "channel_not_found" in caplog.text
    assert statuses(db) == ["failed", "failed"]
    later = RecordingNotifier()
    assert tick(services(db, later), MONDAY_NINE + timedelta(hours=2)) == []


def slack_notifier(fake: FakeSlack) -> SlackNotifier:
    return SlackNotifier(WorkspaceClients(fake.url, make_client(fake.url, "xoxb-test"), None))


@pytest.mark.parametrize("slack_says", ["503", "429"])
def test_a_summary_slack_turns_down_for_now_is_retried_with_backoff_and_sent_once(
    db: Database, slack_says: str
) -> None:
    deals_channel(db)
    with FakeSlack() as fake:
        if slack_says == "503":
            fake.fail_next("chat.postMessage", times=2, status=503)
        else:  # a storm: the client's own three retries each, then the scheduler's
            fake.rate_limit_next("chat.postMessage", times=8, retry_after=0)
        s = TickServices(db, FakeClock(MONDAY_NINE), [slack_notifier(fake)])
        assert tick(s, MONDAY_NINE) == []
        assert statuses(db) == ["retry", "retry"]
        turned_down = len(fake.calls_to("chat.postMessage"))

        assert tick(s, MONDAY_NINE + timedelta(seconds=30)) == []  # backing off
        assert len(fake.calls_to("chat.postMessage")) == turned_down

        retried = tick(s, MONDAY_NINE + timedelta(minutes=5))
        assert sorted(o.reply.kind for o in retried) == ["reminder", "summary"]
        assert statuses(db) == ["sent", "sent"]
        assert tick(s, MONDAY_NINE + timedelta(hours=3)) == []
        delivered = [c for c in fake.calls_to("chat.postMessage") if c.response.get("ok")]
        assert len(delivered) == 2
        [summary] = [c for c in delivered if c.get("channel") == "C-deals"]
        assert "Pied Piper" in summary.everything_shown


def test_a_workspace_without_a_notifier_for_its_platform_waits(db: Database) -> None:
    deals_channel(db)  # a Slack workspace
    teams_only = RecordingNotifier(platform="teams")
    assert tick(services(db, teams_only), MONDAY_NINE) == []
    # Nothing was claimed: once Slack is connected (within the window) it goes out.
    slack = RecordingNotifier()
    assert len(tick(services(db, slack), MONDAY_NINE + timedelta(minutes=5))) == 2
    assert status_of(db, slack.sent[0].key) == "sent"
