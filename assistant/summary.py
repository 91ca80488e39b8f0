"""The weekly channel summary: one short message instead of a pipeline-review meeting.

Which deals: a deals channel gets its *workspace's* pipeline (every deals channel of a
workspace gets the same summary). Deals are not tied to one channel: a rep may post an
update in a DM or by mentioning the assistant anywhere, and the pipeline is the team's.

Every section shows its top few items (oldest or most urgent first) and counts the rest
(`Section.more`), so 500 deals still read as one screen; empty sections are left out, and a
quiet week says so in one line. Parked deals leave every active section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from assistant.formatting import Sums, plural, quote, zone
from assistant.list_lines import park_reason_text
from assistant.messages import ACTION_MORE, Button, Reply, Section
from assistant.paging import ListSpec
from assistant.summary_format import day, days_ago, deal_head, sections_text
from storage import schedule_queries as q
from storage.models import Channel, Deal, Workspace

TOP = 5  # items shown per section
STREAK_CALLOUT = 3  # updates in a row with the ball on our side that earn a call-out
NEW_LEAD_DAYS = 14
FRESHNESS_TOP = 10
MOVED_TOP = 10
# The list question (and list kind) that shows all of a section, for its "…and N more".
SEE_ALL: dict[str, tuple[str, str | None, str]] = {
    "freshness": ("which reps are behind on updates?", None, ""),
    "overdue": ("what's overdue?", "overdue", "All overdue"),
    "quiet": ("what's gone quiet?", "stale", "All gone quiet"),
    "us": ("what's waiting on us?", "waiting_on_us", "All waiting on us"),
    "prospect": ("what are we waiting on?", "waiting_on_prospect", "All waiting on them"),
    "back": ("what's parked?", "parked", "All parked"),
    "pipeline": ("all deals", "pipeline", "All deals"),
}


def local_today(workspace: Workspace, now: datetime) -> date:
    return now.astimezone(zone(workspace.tz)).date()


@dataclass(frozen=True, slots=True)
class Week:
    """The moments a summary compares against, and its reader's calendar."""

    ws: int
    now: datetime
    today: date
    tz: tzinfo
    quiet_since: datetime
    new_since: datetime
    # Open deals whose stage moved this week: "demo → proposal", shown in the deal's own section.
    moved: dict[int, str] = field(default_factory=dict)

    def move_note(self, deal: Deal) -> str:
        return f" · moved {self.moved[deal.id]} this week" if deal.id in self.moved else ""

    # -- which section a deal belongs to: the most urgent that applies, and only that one -----
    def base(self) -> ColumnElement[bool]:
        """Open, and not parked (a deal whose park date is today is "coming back" instead)."""
        return and_(q.is_open(), or_(Deal.park_until.is_(None), Deal.park_until < self.today))

    def overdue(self) -> ColumnElement[bool]:
        return and_(Deal.next_step_owner.in_(("us", "prospect")), Deal.due_date < self.today)

    def not_overdue(self) -> ColumnElement[bool]:
        return or_(Deal.next_step_owner.is_(None), Deal.due_date.is_(None), Deal.due_date >= self.today)

    def quiet(self) -> ColumnElement[bool]:
        return Deal.updated_at < self.quiet_since

    def not_quiet(self) -> ColumnElement[bool]:
        return Deal.updated_at >= self.quiet_since

    def conditions(self, section: str) -> list[ColumnElement[bool]]:
        """The deals of one section: overdue, then gone quiet, then waiting on us / on them, then
        no next step and new leads; parked deals coming back this week have their own."""
        if section == "back":
            week_end = self.today + timedelta(days=6)
            return [q.is_open(), Deal.park_until >= self.today, Deal.park_until <= week_end]
        rest = [self.base()]
        if section == "overdue":
            return [*rest, self.overdue()]
        rest.append(self.not_overdue())
        if section == "quiet":
            return [*rest, self.quiet()]
        rest.append(self.not_quiet())
        if section in ("us", "prospect"):
            return [*rest, Deal.next_step_owner == section]
        rest += [Deal.next_step_owner.is_(None), Deal.next_step.is_(None)]
        if section == "no_step":
            return [*rest, Deal.created_at < self.new_since]
        return [*rest, Deal.created_at >= self.new_since]  # new leads

    def in_a_section(self) -> ColumnElement[bool]:
        """The deal is listed in a section of its own (then its move is noted there, not under
        "Moved this week"); parked deals not back this week are in none. One condition the
        database works out per moved deal."""
        keys = ("back", "overdue", "quiet", "us", "prospect", "no_step", "new")
        return or_(*(and_(*self.conditions(key)) for key in keys))


def build_summary(session: Session, workspace: Workspace, channel: Channel | None, now: datetime) -> Reply:
    """The summary `channel` gets at `now`: every section PRODUCT.md names, short, top items first.

    Each deal is in one section only, the most urgent that applies; a section with more deals
    than it shows says how many more and how to see them (a question to ask, and a button).
    """
    tz = zone(workspace.tz)
    today = now.astimezone(tz).date()
    week = Week(
        workspace.id,
        now,
        today,
        tz,
        quiet_since=now - timedelta(days=workspace.stale_days),
        new_since=now - timedelta(days=NEW_LEAD_DAYS),
    )
    stale_days = workspace.stale_days
    moves = q.week_moves(session, week.ws, now - timedelta(days=7), week.in_a_section())
    week.moved.update(
        (m.deal_id, f"{m.old_stage or 'new'} → {m.new_stage or 'no stage'}")
        for m in moves
        if m.new_stage not in q.CLOSED
    )
    listed = [
        _waiting_on_us(session, week),
        _waiting_on_prospect(session, week),
        _overdue(session, week),
        _no_next_step(session, week),
        _gone_quiet(session, week, stale_days),
        _moved(session, moves, week),
        _coming_back(session, week),
        _new_leads(session, week),
        _freshness(session, week),
    ]
    sections = [entry[0] for entry in listed if entry is not None]
    buttons = _see_all_buttons(listed)
    open_count = session.scalar(
        select(func.count(Deal.id)).where(Deal.workspace_id == week.ws, q.is_active(today))
    )
    where = f" for #{channel.name}" if channel is not None and channel.name else ""
    title = f"Weekly pipeline summary{where} · {day(today)}"
    if not sections:
        header = f"{title}\nA quiet week: nothing waiting, nothing overdue, nothing moved."
        return Reply(text=header, title=title, kind="summary")
    count = open_count or 0
    header = f"{title}\n{plural(count, 'open deal')}."
    text = sections_text(header, sections, {s.title: hint for s, hint in _hints(listed)})
    return Reply(text=text, title=title, sections=tuple(sections), buttons=buttons, kind="summary")


# A section as built: the Section, its key (for SEE_ALL), and its full total.
Built = tuple[Section, str, int]


def _see_all_buttons(listed: list[Built | None]) -> tuple[Button, ...]:
    """One button per cut section that a list shows in full ("All overdue (12)")."""
    buttons: dict[str, Button] = {}
    for entry in listed:
        if entry is None or not entry[0].more or entry[1] not in SEE_ALL or entry[1] in buttons:
            continue
        _, kind, label = SEE_ALL[entry[1]]
        if kind is not None:
            total = f" ({entry[2]})" if entry[1] != "pipeline" else ""
            buttons[entry[1]] = Button(f"{label}{total}", ACTION_MORE, ListSpec(kind).encode())
    return tuple(buttons.values())


def _hints(listed: list[Built | None]) -> list[tuple[Section, str]]:
    return [(e[0], f"ask “{SEE_ALL[e[1]][0]}”") for e in listed if e is not None and e[1] in SEE_ALL]


def _section(key: str, title: str, total: int, lines: list[str], shown: int | None = None) -> Built | None:
    if total == 0:
        return None
    more = max(0, total - (len(lines) if shown is None else shown))
    return Section(title=f"{title} ({total})", lines=tuple(lines), more=more), key, total


def _top(
    session: Session, week: Week, key: str, order: list[Any], limit: int = TOP
) -> tuple[list[Deal], int]:
    return q.top_and_count(session, q.in_workspace(week.ws, *week.conditions(key)), order, limit)


def _waiting_on_us(session: Session, week: Week) -> Built | None:
    """Ours to move, oldest first; deals stuck on our side for several updates are called out."""
    deals, total = _top(session, week, "us", [Deal.owner_since])
    lines = [_waiting_line(deal, week) for deal in deals]
    streaky = q.in_workspace(week.ws, *week.conditions("us")).where(
        Deal.us_streak >= STREAK_CALLOUT, Deal.id.not_in([d.id for d in deals])
    )
    stuck, stuck_total = q.top_and_count(session, streaky, [Deal.us_streak.desc(), Deal.owner_since], 3)
    if stuck:
        names = ", ".join(f"{d.name} ({d.us_streak})" for d in stuck)
        rest = f" and {stuck_total - len(stuck)} more" if stuck_total > len(stuck) else ""
        lines.append(f"Also on our side for {STREAK_CALLOUT}+ updates in a row: {names}{rest}")
    return _section("us", "Waiting on us", total, lines, shown=len(deals) + len(stuck))


def _waiting_line(deal: Deal, week: Week) -> str:
    bits = [deal_head(deal), "—", deal.next_step or "no next step written down"]
    bits.append(f"· since {day(_waiting_since(deal, week.tz))}")
    if deal.due_date is not None:
        bits.append(f"· due {day(deal.due_date)}")
    if deal.us_streak >= STREAK_CALLOUT:
        bits.append(f"· ⚠ {deal.us_streak} updates in a row on us")
    return " ".join(bits) + week.move_note(deal)


def _waiting_on_prospect(session: Session, week: Week) -> Built | None:
    """What the prospect owes us and since when, longest wait first."""
    deals, total = _top(session, week, "prospect", [Deal.owner_since])
    lines = []
    for deal in deals:
        since = _waiting_since(deal, week.tz)
        owed = deal.next_step or "their next move"
        due = f" · expected {day(deal.due_date)}" if deal.due_date else ""
        lines.append(f"{deal_head(deal)} — they owe: {owed} · since {day(since)}{due}{week.move_note(deal)}")
    return _section("prospect", "Waiting on the prospect", total, lines)


def _waiting_since(deal: Deal, tz: tzinfo) -> date:
    """The local date the ball came to its current side (stamps are UTC; the reader is in `tz`)."""
    return (deal.owner_since or deal.created_at).astimezone(tz).date()


def _overdue(session: Session, week: Week) -> Built | None:
    """Next steps past their date (either side), most overdue first."""
    deals, total = _top(session, week, "overdue", [Deal.due_date])
    lines = []
    for deal in deals:
        side = "on us" if deal.next_step_owner == "us" else "on them"
        assert deal.due_date is not None
        lines.append(
            f"{deal_head(deal)} — {deal.next_step or 'next step'} · was due {day(deal.due_date)} · {side}"
            + week.move_note(deal)
        )
    return _section("overdue", "Overdue follow-ups", total, lines)


def _no_next_step(session: Session, week: Week) -> Built | None:
    """Open deals with no next step at all (new leads have their own section)."""
    deals, total = _top(session, week, "no_step", [Deal.updated_at])
    lines = [
        f"{deal_head(d)} — last update {days_ago(d.updated_at, week.now, week.tz)}{week.move_note(d)}"
        for d in deals
    ]
    return _section("pipeline", "Open deals with no next step", total, lines)


def _gone_quiet(session: Session, week: Week, stale_days: int) -> Built | None:
    """No update within the stale threshold, quietest first."""
    deals, total = _top(session, week, "quiet", [Deal.updated_at])
    lines = [
        f"{deal_head(d)} — last update {days_ago(d.updated_at, week.now, week.tz)}{week.move_note(d)}"
        for d in deals
    ]
    return _section("quiet", f"Gone quiet (no update in {stale_days}+ days)", total, lines)


def _moved(session: Session, moves: list[q.WeekMove], week: Week) -> Built | None:
    """Stage changes of the week, wins and losses first, with amounts per currency.

    An open deal that is also in a section above is shown there (with its move) instead. Only the
    deals of the lines shown are loaded; the rest are counted and added up from `moves`.
    """
    won = [m for m in moves if m.new_stage == "won"]
    lost = [m for m in moves if m.new_stage == "lost"]
    other = [m for m in moves if m.new_stage not in q.CLOSED and not m.elsewhere]
    listed = won + lost + other
    if not listed:
        return None
    shown = listed[:MOVED_TOP]
    deals = q.deals_by_id(session, week.ws, [m.deal_id for m in shown])
    lines = []
    for move in shown:
        deal = deals[move.deal_id]
        if move.new_stage == "won":
            lines.append(f"Won: {deal_head(deal)}")
        elif move.new_stage == "lost":
            lines.append(f"Lost: {deal_head(deal)}")
        else:
            lines.append(f"{deal_head(deal)}: {move.old_stage or 'new'} → {move.new_stage or 'no stage'}")
    title = "Moved this week"
    totals = [
        f"{label} {amounts}" for label, group in (("won", won), ("lost", lost)) if (amounts := _sum(group))
    ]
    if totals:
        title = f"{title}: {', '.join(totals)}"
    return _section("moved", title, len(listed), lines)


def _sum(moves: list[q.WeekMove]) -> str:
    """ "$120k + €20k": the moves' amounts added per currency; empty when none has an amount."""
    sums = Sums()
    for move in moves:
        sums.add(move.amount, move.currency)
    return sums.money()


def _coming_back(session: Session, week: Week) -> Built | None:
    """Parked deals whose park date falls in the coming week, with why they were parked."""
    deals, total = _top(session, week, "back", [Deal.park_until])
    lines = []
    for deal in deals:
        assert deal.park_until is not None
        reason = park_reason_text(deal)
        why = f" · parked because: {quote(reason, 100)}" if reason else ""
        lines.append(f"{deal_head(deal)} — back {day(deal.park_until)}{why}")
    return _section("back", "Coming back from the parking lot this week", total, lines)


def _new_leads(session: Session, week: Week) -> Built | None:
    """Deals created in the last two weeks that still have no next step."""
    deals, total = _top(session, week, "new", [Deal.created_at])
    lines = [
        f"{deal_head(d)} — added {days_ago(d.created_at, week.now, week.tz)}{week.move_note(d)}"
        for d in deals
    ]
    return _section("pipeline", "New leads without a next step", total, lines)


def _freshness(session: Session, week: Week) -> Built | None:
    """Per rep: how many of their open deals got an update this week, least fresh first."""
    reps = q.rep_freshness(session, week.ws, week.today, week.now - timedelta(days=7))
    if not reps:
        return None
    lines = [f"{r.rep}: {r.updated} of {r.total} updated this week" for r in reps[:FRESHNESS_TOP]]
    section = Section(title="Update freshness", lines=tuple(lines), more=max(0, len(reps) - FRESHNESS_TOP))
    return section, "freshness", len(reps)


__all__ = ["build_summary", "local_today"]
