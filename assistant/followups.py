"""Follow-ups the assistant sends by itself: due next steps, late prospects, parked deals, quiet deals.

Each kind has a local wall-clock slot (09:00 in the rep's time zone, else the workspace's);
a message is due from its slot until the grace window closes, and its key makes it go
out once. A parked deal comes back whenever its date has passed, however late we are:
the deal must return to the pipeline, and the message is the rep's only notice of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.actions import deal_value
from assistant.formatting import author_name, zone
from assistant.messages import (
    ACTION_DELIVERED,
    ACTION_DONE,
    ACTION_OWNER_PROSPECT,
    ACTION_SNOOZE_WEEK,
    Button,
    Fact,
    Platform,
    Reply,
    Target,
)
from assistant.scheduler.due import Due, delivery_key
from assistant.scheduler.slots import MORNING, at_local, iso_week, last_weekly_slot, parse_clock, within_grace
from assistant.summary_format import day, days_ago, deal_head, park_reason_words, reason_to_call
from storage import schedule_queries as q
from storage.models import Deal, Person, Workspace
from storage.repositories import UpdateLog

QUIET_TOP = 5


def due_followups(session: Session, workspace: Workspace, now: datetime, grace: timedelta) -> list[Due]:
    """Every follow-up of `workspace` that is due at `now` (keys not yet checked against deliveries)."""
    return [
        *_next_steps_on_us(session, workspace, now, grace),
        *_prospects_late(session, workspace, now, grace),
        *_coming_back(session, workspace, now),
        *_gone_quiet(session, workspace, now, grace),
    ]


def rep_zone(person: Person | None, workspace: Workspace) -> tzinfo:
    """Where a rep's morning is: their own time zone, else the workspace's."""
    return zone(person.tz if person is not None and person.tz else workspace.tz)


def _due(
    workspace: Workspace, rep: Person, kind: str, period: str, compose: Callable[[Session], Reply | None]
) -> Due:
    target = Target("person", rep.platform_id)
    return Due(
        key=delivery_key(workspace.id, target, kind, period),
        kind=kind,
        workspace_id=workspace.id,
        platform=_platform(workspace),
        workspace_external_id=workspace.external_id,
        target=target,
        compose=compose,
    )


def _platform(workspace: Workspace) -> Platform:
    platform = workspace.platform
    assert platform in ("slack", "teams", "console"), platform
    return platform  # type: ignore[return-value]


def _window(now: datetime, grace: timedelta, back: int = 1) -> tuple[date, date]:
    """Dates whose 09:00 somewhere on Earth could fall within [now - grace, now]."""
    return (now - grace).date() - timedelta(days=back + 1), now.date() + timedelta(days=1)


# -- (a) a next step on us falls due: a DM that morning -------------------------------------------
def _next_steps_on_us(
    session: Session, workspace: Workspace, now: datetime, grace: timedelta
) -> Iterable[Due]:
    return _step_reminders(session, workspace, now, grace, "us", "due_us", 0, _due_today_reply)


def _step_reminders(
    session: Session,
    workspace: Workspace,
    now: datetime,
    grace: timedelta,
    owner: str,
    kind: str,
    days_after: int,
    compose: Callable[[Deal, date], Reply],
) -> Iterable[Due]:
    """A reminder per deal whose next step (owned by `owner`) reached 09:00 `days_after` its due date."""
    first, last = _window(now, grace, back=1 + days_after)
    for deal in q.next_steps_due_between(session, workspace.id, owner, first, last):
        rep, due_date = deal.rep, deal.due_date
        if rep is None or due_date is None:
            continue
        slot = at_local(due_date + timedelta(days=days_after), MORNING, rep_zone(rep, workspace))
        # Touched after its morning: the rep is on it (and set it today), no need to remind.
        if not within_grace(slot, now, grace) or deal.updated_at > slot:
            continue
        reply = compose(deal, due_date)
        yield _due(workspace, rep, f"{kind}:{deal.id}", due_date.isoformat(), _still(deal, reply))


def _due_today_reply(deal: Deal, due_date: date) -> Reply:
    step = deal.next_step or "the next step"
    return Reply(
        text=f"{deal.name}: “{step}” is due today ({day(due_date)}). Done, or does it need more time?",
        title=f"Due today: {deal.name}",
        facts=(Fact("Next step", step), Fact("Due", day(due_date)), Fact("On", "us")),
        buttons=(
            Button("Done", ACTION_DONE, deal_value(deal.id), style="primary"),
            Button("Snooze a week", ACTION_SNOOZE_WEEK, deal_value(deal.id)),
            Button("It's on them now", ACTION_OWNER_PROSPECT, deal_value(deal.id)),
        ),
        kind="reminder",
    )


# -- (b) a next step on the prospect has passed its date: did they deliver? -------------------
def _prospects_late(session: Session, workspace: Workspace, now: datetime, grace: timedelta) -> Iterable[Due]:
    # The morning after the date they gave: it has now passed.
    return _step_reminders(
        session, workspace, now, grace, "prospect", "prospect_late", 1, _did_they_deliver_reply
    )


def _did_they_deliver_reply(deal: Deal, due_date: date) -> Reply:
    owed = deal.next_step or "what they promised"
    return Reply(
        text=(
            f"{deal.name} were due to get back to you by {day(due_date)}: “{owed}”. Did they deliver? "
            f"If not, that's your reason to call: {reason_to_call(deal.next_step)}."
        ),
        title=f"Did {deal.name} deliver?",
        facts=(Fact("They owe", owed), Fact("Expected", day(due_date))),
        buttons=(
            Button("They delivered", ACTION_DELIVERED, deal_value(deal.id), style="primary"),
            Button("Snooze a week", ACTION_SNOOZE_WEEK, deal_value(deal.id)),
        ),
        kind="reminder",
    )


def _still(deal: Deal, reply: Reply) -> Callable[[Session], Reply | None]:
    """Send `reply` only if, at claim time, the deal still has the same next step and date."""
    deal_id, due_date, owner = deal.id, deal.due_date, deal.next_step_owner

    def compose(session: Session) -> Reply | None:
        current = session.get(Deal, deal_id)
        if current is None or current.closed_at is not None or current.park_until is not None:
            return None
        if current.due_date != due_date or current.next_step_owner != owner:
            return None
        return reply

    return compose


# -- (c) the parking lot: back on the park date, with why it was parked ----------------------
def _coming_back(session: Session, workspace: Workspace, now: datetime) -> Iterable[Due]:
    for deal in q.parked_until_on_or_before(session, workspace.id, now.date() + timedelta(days=1)):
        park_until = deal.park_until
        assert park_until is not None
        if now < at_local(park_until, MORNING, rep_zone(deal.rep, workspace)):
            continue
        if deal.closed_at is not None or deal.rep is None:
            # Nobody to tell: it still comes back, silently, right now.
            resurface(session, deal, now)
            continue
        compose = _resurface_and_tell(deal.id, park_until, now, zone(workspace.tz))
        yield _due(workspace, deal.rep, f"resurface:{deal.id}", park_until.isoformat(), compose)


def _resurface_and_tell(
    deal_id: int, park_until: date, now: datetime, tz: tzinfo
) -> Callable[[Session], Reply | None]:
    def compose(session: Session) -> Reply | None:
        deal = session.get(Deal, deal_id)
        if deal is None or deal.park_until != park_until:
            return None  # re-parked or already back
        last = UpdateLog(session, deal.workspace_id).latest_for_deal(deal.id)
        reason = deal.park_reason
        resurface(session, deal, now)
        return _back_reply(deal, park_until, reason, last, now, tz)

    return compose


def resurface(session: Session, deal: Deal, now: datetime) -> None:
    """Return a parked deal to the active pipeline, logged as an update by the assistant."""
    old_until, old_reason = deal.park_until, deal.park_reason
    deal.park_until = None
    deal.park_reason = None
    deal.updated_at = now
    changes: dict[str, Any] = {"park_until": [old_until.isoformat() if old_until else None, None]}
    if old_reason:
        changes["park_reason"] = [old_reason, None]
    UpdateLog(session, deal.workspace_id).record(
        deal_id=deal.id,
        author_id=None,
        message_id=f"nextstep:resurface:{deal.id}:{now:%Y%m%dT%H%M%S}",
        raw_text=f"Back from the parking lot (parked until {old_until}).",
        parsed={"source": "scheduler"},
        changes=changes,
        now=now,
    )
    session.flush()


def _back_reply(
    deal: Deal, park_until: date, reason: str | None, last: Any, now: datetime, tz: tzinfo
) -> Reply:
    why = park_reason_words(deal.name, reason) if reason else "no reason was given"
    facts = [Fact("Parked until", day(park_until)), Fact("Why it was parked", why)]
    text = f"{deal.name} is back from the parking lot today. It was parked because: {why}."
    if last is not None:
        author = author_name(last)
        when = days_ago(last.created_at, now, tz)
        facts.append(Fact("Last update", f"“{last.raw_text}” ({author}, {when})"))
        text += f" Last update ({author}, {when}): “{last.raw_text}”."
    text += " What's the next step?"
    return Reply(
        text=text,
        title=f"Back from the parking lot: {deal.name}",
        facts=tuple(facts),
        buttons=(Button("Snooze a week", ACTION_SNOOZE_WEEK, deal_value(deal.id)),),
        kind="reminder",
    )


# -- (d) gone quiet: once a week, each rep's deals without an update ---------------------------
def _gone_quiet(session: Session, workspace: Workspace, now: datetime, grace: timedelta) -> Iterable[Due]:
    quiet_since = now - timedelta(days=workspace.stale_days)
    today = now.astimezone(zone(workspace.tz)).date()
    counts = session.execute(
        select(Deal.rep_id, func.count(Deal.id))
        .where(Deal.workspace_id == workspace.id, q.is_active(today), Deal.updated_at < quiet_since)
        .where(Deal.rep_id.is_not(None))
        .group_by(Deal.rep_id)
    ).all()
    at = parse_clock(workspace.summary_time)
    for rep_id, total in counts:
        rep = session.get(Person, rep_id)
        if rep is None:
            continue
        tz = rep_zone(rep, workspace)
        slot = last_weekly_slot(now, workspace.summary_weekday, at, tz)
        if not within_grace(slot, now, grace):
            continue
        compose = _quiet_nudge(workspace.id, rep.id, int(total), quiet_since, workspace.stale_days, tz, now)
        yield _due(workspace, rep, "gone_quiet", iso_week(slot, tz), compose)


def _quiet_nudge(
    workspace_id: int,
    rep_id: int,
    total: int,
    quiet_since: datetime,
    stale_days: int,
    tz: tzinfo,
    now: datetime,
) -> Callable[[Session], Reply | None]:
    def compose(session: Session) -> Reply | None:
        today = now.astimezone(tz).date()
        deals = list(
            session.scalars(
                q.in_workspace(
                    workspace_id, q.is_active(today), Deal.rep_id == rep_id, Deal.updated_at < quiet_since
                )
                .order_by(Deal.updated_at, Deal.id)
                .limit(QUIET_TOP)
            ).unique()
        )
        if not deals:
            return None
        lines = [f"• {deal_head(d)} — last update {days_ago(d.updated_at, now, tz)}" for d in deals]
        if total > len(deals):
            lines.append(f"…and {total - len(deals)} more")
        if total == 1:
            text = f"{deals[0].name} has had no update in {stale_days}+ days. A word on it keeps it honest:"
        else:
            text = (
                f"{total} of your deals have had no update in {stale_days}+ days. "
                "A word on each keeps it honest:"
            )
        return Reply(
            text="\n".join([text, *lines]),
            title="Gone quiet",
            facts=tuple(Fact(d.name, f"last update {days_ago(d.updated_at, now, tz)}") for d in deals),
            kind="reminder",
        )

    return compose
