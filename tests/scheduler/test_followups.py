"""Follow-ups, as the rep sees them: on the right local morning, once, with something to act on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assistant.messages import ACTION_DELIVERED, ACTION_DONE, ACTION_OWNER_PROSPECT, ACTION_SNOOZE_WEEK
from storage.db import Database
from storage.repositories import UpdateLog
from tests.scheduler.pipeline import Pipeline
from tests.scheduler.support import RecordingNotifier, TickServices, run_through
from tests.support.clock import FakeClock

QUARTER_HOUR = timedelta(minutes=15)


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def setup(db: Database, ws_tz: str = "UTC") -> tuple[Pipeline, TickServices, FakeClock]:
    clock = FakeClock(utc(2026, 1, 5, 12))
    p = Pipeline(db, tz=ws_tz).setup(utc(2025, 12, 1))
    return p, TickServices(db, clock, [RecordingNotifier()]), clock


@pytest.mark.parametrize(
    ("tz", "due", "expected_utc"),
    [
        # New York: EDT (UTC-4) until Sun 1 Nov 2026, EST (UTC-5) from then on.
        ("America/New_York", date(2026, 10, 30), utc(2026, 10, 30, 13)),
        ("America/New_York", date(2026, 11, 2), utc(2026, 11, 2, 14)),
        # Berlin: CET (UTC+1) until Sun 29 Mar 2026, CEST (UTC+2) from then on.
        ("Europe/Berlin", date(2026, 3, 27), utc(2026, 3, 27, 8)),
        ("Europe/Berlin", date(2026, 3, 30), utc(2026, 3, 30, 7)),
    ],
)
def test_a_next_step_on_us_is_a_dm_at_nine_in_the_reps_morning_across_dst(
    db: Database, tz: str, due: date, expected_utc: datetime
) -> None:
    p, services, clock = setup(db)
    p.rep("Dana", utc(2025, 12, 1), tz=tz)
    start = datetime.combine(due - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    p.deal("Pied Piper", "Dana", start, next_step="add cost estimates", next_step_owner="us", due_date=due)

    # Tick every quarter hour over three days around the due date.
    sent = run_through(services, clock, start, start + timedelta(days=3), QUARTER_HOUR)

    assert [when for when, _ in sent] == [expected_utc]
    outbound = sent[0][1]
    assert outbound.target.kind == "person" and outbound.target.id == "U-Dana"
    assert outbound.reply.kind == "reminder"
    assert "add cost estimates" in outbound.reply.text and "due today" in outbound.reply.text
    assert [b.action for b in outbound.reply.buttons] == [
        ACTION_DONE,
        ACTION_SNOOZE_WEEK,
        ACTION_OWNER_PROSPECT,
    ]
    assert outbound.reply.buttons[0].value == f"deal:{p.get('Pied Piper').id}"
    local = expected_utc.astimezone(ZoneInfo(tz))
    assert (local.hour, local.minute, local.date()) == (9, 0, due)


def test_without_a_personal_time_zone_the_workspaces_morning_counts(db: Database) -> None:
    p, services, clock = setup(db, ws_tz="Asia/Tokyo")
    p.rep("Kenji", utc(2025, 12, 1))
    p.deal(
        "Aviato",
        "Kenji",
        utc(2026, 2, 1),
        next_step="send the quote",
        next_step_owner="us",
        due_date=date(2026, 2, 4),
    )
    sent = run_through(services, clock, utc(2026, 2, 3), utc(2026, 2, 5), QUARTER_HOUR)
    assert [when for when, _ in sent] == [utc(2026, 2, 4, 0)]  # 09:00 in Tokyo


def test_a_step_set_today_after_nine_is_not_reminded(db: Database) -> None:
    p, services, clock = setup(db)
    p.rep("Dana", utc(2025, 12, 1))
    p.deal(
        "Hooli",
        "Dana",
        utc(2026, 2, 4, 11),
        next_step="call the CFO",
        next_step_owner="us",
        due_date=date(2026, 2, 4),
    )
    assert run_through(services, clock, utc(2026, 2, 4, 11), utc(2026, 2, 5, 12), QUARTER_HOUR) == []


def test_a_late_prospect_step_asks_whether_they_delivered_with_a_reason_to_call(db: Database) -> None:
    p, services, clock = setup(db, ws_tz="America/Chicago")
    p.rep("Lee", utc(2025, 12, 1))
    p.deal(
        "Endframe",
        "Lee",
        utc(2026, 2, 1),
        next_step="the signed MSA",
        next_step_owner="prospect",
        due_date=date(2026, 2, 6),
    )

    sent = run_through(services, clock, utc(2026, 2, 5), utc(2026, 2, 9), QUARTER_HOUR)

    # Friday was their date; Saturday 09:00 in Chicago (15:00 UTC) it has passed.
    assert [when for when, _ in sent] == [utc(2026, 2, 7, 15)]
    reply = sent[0][1].reply
    assert "Did they deliver?" in reply.text
    assert "reason to call" in reply.text and "the signed MSA" in reply.text
    assert "just following up" not in reply.text.lower()
    assert [b.action for b in reply.buttons] == [ACTION_DELIVERED, ACTION_SNOOZE_WEEK]


def test_a_parked_deal_comes_back_on_its_date_with_why_and_its_last_update(db: Database) -> None:
    p, services, clock = setup(db, ws_tz="Europe/Berlin")
    p.rep("Sam", utc(2025, 12, 1), tz="Europe/Berlin")
    p.deal("Initech", "Sam", utc(2026, 2, 25, 10), stage="qualified", amount=30_000)
    p.update(
        "Initech", utc(2026, 2, 26, 10), park_until=date(2026, 3, 2), park_reason="budget freeze until Q2"
    )

    sent = run_through(services, clock, utc(2026, 3, 1), utc(2026, 3, 3), QUARTER_HOUR)

    assert [when for when, _ in sent] == [utc(2026, 3, 2, 8)]  # 09:00 CET
    reply = sent[0][1].reply
    assert sent[0][1].target.id == "U-Sam"
    assert "Initech is back from the parking lot" in reply.text
    assert "budget freeze until Q2" in reply.text
    assert "Last update (Sam" in reply.text and "update Initech" in reply.text
    deal = p.get("Initech")
    assert deal.park_until is None and deal.park_reason is None
    with db.unit_of_work() as s:
        latest = UpdateLog(s, p.workspace_id).latest_for_deal(deal.id)
        assert latest is not None and latest.author_id is None  # logged as the assistant
        assert latest.changes["park_until"] == ["2026-03-02", None]


def test_a_parked_deal_still_comes_back_after_a_long_outage(db: Database) -> None:
    p, services, clock = setup(db)
    p.rep("Sam", utc(2025, 12, 1))
    p.deal("Initech", "Sam", utc(2026, 1, 5), park_until=date(2026, 3, 2), park_reason="reorg")
    sent = run_through(services, clock, utc(2026, 3, 6, 12), utc(2026, 3, 6, 13), QUARTER_HOUR)
    assert len(sent) == 1 and "reorg" in sent[0][1].reply.text
    assert p.get("Initech").park_until is None


def test_gone_quiet_nudges_each_rep_once_a_week(db: Database) -> None:
    p, services, clock = setup(db)
    p.rep("Dana", utc(2025, 12, 1))
    p.rep("Lee", utc(2025, 12, 1))
    for i in range(7):
        p.deal(f"Quiet {i}", "Dana", utc(2026, 1, 1), stage="qualified")
    p.deal("Busy", "Lee", utc(2026, 1, 1), stage="qualified")
    p.update("Busy", utc(2026, 1, 30), amount=10_000)

    # Two weeks of ticks, hourly: Mondays 09:00 UTC (the workspace's summary slot).
    sent = run_through(services, clock, utc(2026, 2, 1), utc(2026, 2, 15), timedelta(hours=1))

    assert [(when, o.target.id) for when, o in sent] == [
        (utc(2026, 2, 2, 9), "U-Dana"),
        (utc(2026, 2, 9, 9), "U-Dana"),
    ]
    nudge = sent[0][1].reply
    assert nudge.text.startswith("7 of your deals have had no update in 14+ days")
    assert nudge.text.count("• Quiet") == 5 and "…and 2 more" in nudge.text
    # Lee updated "Busy" on 30 Jan: not quiet by either Monday, so Lee is left alone.
    assert all("Busy" not in o.reply.text for _, o in sent)


def test_the_reason_to_call_reads_as_a_sentence_and_one_quiet_deal_is_named(db: Database) -> None:
    p, services, clock = setup(db)
    p.rep("Lee", utc(2025, 12, 1))
    p.deal(
        "Endframe",
        "Lee",
        utc(2026, 2, 1),
        next_step="send the usage data",
        next_step_owner="prospect",
        due_date=date(2026, 2, 6),
    )
    p.deal("Quiet Co", "Lee", utc(2026, 1, 1), stage="qualified")
    sent = run_through(services, clock, utc(2026, 2, 5), utc(2026, 2, 10), timedelta(hours=1))
    texts = [o.reply.text for _, o in sent]
    late = next(t for t in texts if "Did they deliver?" in t)
    assert "your reason to call: ask whether they have sent the usage data." in late
    quiet = next(t for t in texts if "no update in 14+ days" in t)
    assert quiet.startswith("Quiet Co has had no update in 14+ days. A word on it keeps it honest:")
    assert "1 of your" not in quiet
