"""The weekly summary, read the way the channel reads it on Monday morning."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from assistant.messages import Reply, Section
from assistant.summary import build_summary
from storage.db import Database
from tests.scheduler.pipeline import Pipeline

NY = ZoneInfo("America/New_York")


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=NY)


def summary(db: Database, p: Pipeline, now: datetime) -> Reply:
    with db.unit_of_work() as s:
        from storage.models import Channel, Workspace

        ws = s.get(Workspace, p.workspace_id)
        assert ws is not None
        channel = s.query(Channel).filter_by(workspace_id=ws.id).first()
        return build_summary(s, ws, channel, now)


def section(reply: Reply, starts: str) -> Section:
    found = [s for s in reply.sections if s.title.startswith(starts)]
    assert found, f"no section {starts!r} in {[s.title for s in reply.sections]}"
    return found[0]


def titles(reply: Reply) -> list[str]:
    return [s.title for s in reply.sections]


def a_week_of_activity(db: Database) -> Pipeline:
    p = Pipeline(db, tz="America/New_York").setup(at(9, 1))
    p.channel("C-deals", at(9, 1))
    for rep in ("Dana", "Lee", "Sam"):
        p.rep(rep, at(9, 1))
    # Old, busy, and the ball keeps coming back to us.
    p.deal("Pied Piper", "Dana", at(10, 1), amount=40_000, stage="demo")
    p.update("Pied Piper", at(10, 20), next_step="book the security review", next_step_owner="us")
    p.update("Pied Piper", at(11, 2), next_step="add cost estimates", next_step_owner="us")
    p.update(
        "Pied Piper",
        at(11, 5),
        next_step="add cost estimates",
        next_step_owner="us",
        due_date=date(2026, 11, 13),
    )
    # Won and lost this week.
    p.deal("Hooli", "Lee", at(10, 5), amount=120_000, stage="negotiation")
    p.update("Hooli", at(11, 5), stage="won")
    p.deal("Aviato", "Sam", at(10, 6), amount=25_000, stage="proposal")
    p.update("Aviato", at(11, 6), stage="lost")
    # Moved to proposal; now the prospect owes us the signed MSA.
    p.deal("Endframe", "Dana", at(10, 7), amount=60_000, stage="demo")
    p.update("Endframe", at(11, 4), stage="proposal", next_step="signed MSA", next_step_owner="prospect")
    # Ours, and late.
    p.deal(
        "Raviga", "Lee", at(10, 8), next_step="send the SOW", next_step_owner="us", due_date=date(2026, 11, 3)
    )
    # Nobody has touched it for a month, and it has no next step.
    p.deal("Bachmanity", "Sam", at(10, 1), stage="qualified")
    # A new lead with nothing planned yet.
    p.deal("Massive Dynamic", "Dana", at(11, 3), stage="lead")
    # Parked: one comes back on Thursday, one next year. Both old, both out of the active lists.
    p.deal("Initech", "Lee", at(9, 2), park_until=date(2026, 11, 12), park_reason="budget freeze until Q4")
    p.deal("Globex", "Sam", at(9, 2), park_until=date(2027, 2, 1), park_reason="reorg", next_step_owner="us")
    return p


def test_a_week_of_activity_reads_as_one_monday_message(db: Database) -> None:
    p = a_week_of_activity(db)
    reply = summary(db, p, at(11, 9, 9))

    assert reply.kind == "summary"
    assert reply.title is not None and "Mon 9 Nov" in reply.title

    # Each deal is in one section only, the most urgent that applies: Raviga (ours, late and
    # quiet) is overdue; Bachmanity (no next step, quiet for weeks) has gone quiet.
    us = section(reply, "Waiting on us")
    assert us.title == "Waiting on us (1)"
    assert us.lines[0].startswith("Pied Piper ($40k, Dana) — add cost estimates · since Tue 20 Oct")
    assert "⚠ 3 updates in a row on us" in us.lines[0]

    them = section(reply, "Waiting on the prospect")
    # Endframe moved to proposal this week: said where it is listed, not twice.
    assert them.lines == (
        "Endframe ($60k, Dana) — they owe: signed MSA · since Wed 4 Nov · moved demo → proposal this week",
    )

    overdue = section(reply, "Overdue")
    assert overdue.lines == ("Raviga (Lee) — send the SOW · was due Tue 3 Nov · on us",)

    assert not [s for s in reply.sections if s.title.startswith("Open deals with no next step")]

    quiet = section(reply, "Gone quiet")
    assert quiet.title == "Gone quiet (no update in 14+ days) (1)"
    assert quiet.lines == ("Bachmanity (Sam) — last update 39 days ago",)

    moved = section(reply, "Moved this week")
    assert moved.title == "Moved this week: won $120k, lost $25k (2)"
    assert moved.lines == ("Won: Hooli ($120k, Lee)", "Lost: Aviato ($25k, Sam)")

    back = section(reply, "Coming back from the parking lot")
    assert back.lines == ("Initech (Lee) — back Thu 12 Nov · parked because: budget freeze until Q4",)

    leads = section(reply, "New leads without a next step")
    assert leads.lines == ("Massive Dynamic (Dana) — added 6 days ago",)

    names = [
        line.split(" (")[0].removeprefix("Won: ").removeprefix("Lost: ")
        for s in reply.sections
        if s.title != "Update freshness"
        for line in s.lines
    ]
    assert len(names) == len(set(names)), f"a deal in two sections: {names}"

    fresh = section(reply, "Update freshness")
    # Active deals: Dana has Pied Piper, Endframe, Massive Dynamic (all touched this week);
    # Lee has Raviga (not); Sam has Bachmanity (not). Least fresh first.
    assert fresh.lines == (
        "Lee: 0 of 1 updated this week",
        "Sam: 0 of 1 updated this week",
        "Dana: 3 of 3 updated this week",
    )

    # Parked deals leave every active section.
    active_text = "\n".join(
        line for s in reply.sections if not s.title.startswith("Coming back") for line in s.lines
    )
    assert "Initech" not in active_text and "Globex" not in reply.text
    # The text fallback carries every section.
    for s in reply.sections:
        assert s.title in reply.text


def test_a_quiet_week_is_one_line(db: Database) -> None:
    p = Pipeline(db, tz="America/New_York").setup(at(9, 1))
    p.channel("C-deals", at(9, 1))
    reply = summary(db, p, at(11, 9, 9))
    assert reply.sections == ()
    assert "A quiet week" in reply.text
    assert len(reply.text.splitlines()) == 2


def test_five_hundred_deals_stay_one_screen(db: Database) -> None:
    p = Pipeline(db, tz="UTC").setup(at(9, 1))
    p.channel("C-deals", at(9, 1))
    p.rep("Dana", at(9, 1))
    for i in range(500):
        owner = "us" if i % 2 else "prospect"
        p.deal(
            f"Deal {i:03}",
            "Dana",
            at(11, 2),
            next_step=f"step {i}",
            next_step_owner=owner,
            due_date=date(2026, 11, 1) if i % 4 == 0 else date(2026, 12, 1),
        )
    reply = summary(db, p, at(11, 9, 9))
    assert "500 open deals." in reply.text
    us = section(reply, "Waiting on us")
    assert us.title == "Waiting on us (250)"
    assert len(us.lines) == 5 and us.more == 245
    assert "…and 245 more: ask “what's waiting on us?”" in reply.text
    assert section(reply, "Waiting on the prospect").title == "Waiting on the prospect (125)"
    assert section(reply, "Overdue").more == 120  # the other 125 prospect steps are late
    assert [b.label for b in reply.buttons] == [
        "All waiting on us (250)",
        "All waiting on them (125)",
        "All overdue (125)",
    ]
    assert len(reply.text) < 4000


def test_streaks_beyond_the_top_five_are_still_called_out(db: Database) -> None:
    p = Pipeline(db, tz="UTC").setup(at(9, 1), stale_days=90)
    p.rep("Dana", at(9, 1))
    for i in range(6):
        p.deal(f"Old {i}", "Dana", at(9, 2 + i), next_step="call", next_step_owner="us")
    p.deal("Stuck Co", "Dana", at(10, 1), next_step="call", next_step_owner="us")
    p.update("Stuck Co", at(10, 2), next_step="call again")
    p.update("Stuck Co", at(10, 3), next_step="call once more")
    reply = summary(db, p, at(11, 9, 9))
    us = section(reply, "Waiting on us")
    assert us.lines[-1] == "Also on our side for 3+ updates in a row: Stuck Co (3)"
    assert us.more == 1  # 7 deals: 5 listed, Stuck Co called out, one left


def test_since_is_the_channels_local_date_not_utcs(db: Database) -> None:
    p = Pipeline(db, tz="America/New_York").setup(at(9, 1))
    p.channel("C-deals", at(9, 1))
    p.rep("Dana", at(9, 1))
    p.deal("Endframe", "Dana", at(10, 7), stage="demo")
    # 9pm Wednesday in New York is already Thursday in UTC.
    p.update("Endframe", at(11, 4, 21), next_step="signed MSA", next_step_owner="prospect")
    p.deal("Raviga", "Dana", at(10, 7))
    p.update("Raviga", at(11, 4, 22), next_step="send the SOW", next_step_owner="us")
    reply = summary(db, p, at(11, 9, 9))
    assert section(reply, "Waiting on the prospect").lines == (
        "Endframe (Dana) — they owe: signed MSA · since Wed 4 Nov",
    )
    ours = section(reply, "Waiting on us").lines[0]
    assert ours.startswith("Raviga (Dana) — send the SOW · since Wed 4 Nov")


def test_one_open_deal_reads_in_the_singular(db: Database) -> None:
    p = Pipeline(db, tz="UTC").setup(at(9, 1))
    p.channel("C-deals", at(9, 1))
    p.rep("Dana", at(9, 1))
    p.deal("Hooli", "Dana", at(10, 1), next_step="send the SOW", next_step_owner="us")
    assert "\n1 open deal.\n" in summary(db, p, at(11, 9, 9)).text


def test_wording_amounts_per_currency_temperature_and_no_dollar_zero(db: Database) -> None:
    p = Pipeline(db, tz="America/New_York").setup(at(9, 1))
    p.channel("C-deals", at(9, 1))
    p.rep("Dana", at(9, 1))
    p.deal("Hooli", "Dana", at(11, 2), stage="negotiation", amount=120_000)
    p.update("Hooli", at(11, 5), stage="won")
    p.deal("Umbrella", "Dana", at(11, 2), stage="proposal")  # lost, no amount ever said
    p.update("Umbrella", at(11, 6), stage="lost")
    p.deal("Aviato", "Dana", at(11, 2), amount=75_000, stage="negotiation")
    p.update("Aviato", at(11, 6), stage="won")
    p.deal("Nucleus", "Dana", at(11, 2), next_step="send the SOW", next_step_owner="us")
    with db.unit_of_work() as s:
        from sqlalchemy import update

        from storage.models import Deal

        s.execute(update(Deal).where(Deal.name == "Aviato").values(currency="EUR"))
        s.execute(update(Deal).where(Deal.name == "Nucleus").values(temperature="hot", amount=30_000))
    reply = summary(db, p, at(11, 9, 9))
    moved = section(reply, "Moved this week")
    assert moved.title == "Moved this week: won $120k + €75k (3)"  # never "lost $0", never one sum
    assert "Lost: Umbrella (Dana)" in moved.lines
    assert "$0" not in reply.text
    assert section(reply, "Waiting on us").lines[0].startswith("Nucleus ($30k, hot, Dana) — send the SOW")


def test_a_parked_reason_reads_without_the_deal_label(db: Database) -> None:
    p = Pipeline(db, tz="UTC").setup(at(9, 1))
    p.channel("C-deals", at(9, 1))
    p.rep("Dana", at(9, 1))
    p.deal("Hooli", "Dana", at(11, 2), park_until=date(2026, 11, 12), park_reason="Hooli: demo on Thursday")
    line = section(summary(db, p, at(11, 9, 9)), "Coming back").lines[0]
    assert line == "Hooli (Dana) — back Thu 12 Nov · parked because: demo on Thursday"


def test_a_parked_reason_reads_without_the_park_instruction(db: Database) -> None:
    p = Pipeline(db, tz="UTC").setup(at(9, 1))
    p.channel("C-deals", at(9, 1))
    p.rep("Dana", at(9, 1))
    reason = "Hooli: park until Nov 12, their CFO is out until then"
    p.deal("Hooli", "Dana", at(11, 2), park_until=date(2026, 11, 12), park_reason=reason)
    p.deal("Aviato", "Dana", at(11, 2), park_until=date(2026, 11, 13), park_reason="Park Aviato until Friday")
    lines = section(summary(db, p, at(11, 9, 9)), "Coming back").lines
    assert lines[0].endswith("parked because: their CFO is out until then")
    assert lines[1].endswith("parked because: Park Aviato until Friday")  # no other reason: the rep's words
