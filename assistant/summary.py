"""The weekly channel summary: one short message instead of a pipeline-review meeting.

Which deals: a deals channel gets its *workspace's* pipeline (every deals channel of a
workspace gets the same summary). Deals are not tied to one channel: a rep may post an
update in a DM or by mentioning the assistant anywhere, and the pipeline is the team's.

Every section shows its top few items (oldest or most urgent first) and counts the rest
(`Section.more`), so 500 deals still read as one screen; empty sections are left out, and a
quiet week says so in one line. Parked deals leave every active section.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.formatting import zone
from assistant.messages import Reply, Section
from assistant.summary_format import day, days_ago, deal_head, money, sections_text
from storage import schedule_queries as q
from storage.models import Channel, Deal, Workspace
from storage.repositories import Deals

TOP = 5  # items shown per section
STREAK_CALLOUT = 3  # updates in a row with the ball on our side that earn a call-out
NEW_LEAD_DAYS = 14
FRESHNESS_TOP = 10


def local_today(workspace: Workspace, now: datetime) -> date:
    return now.astimezone(zone(workspace.tz)).date()


def build_summary(session: Session, workspace: Workspace, channel: Channel | None, now: datetime) -> Reply:
    """The summary `channel` gets at `now`: every section PRODUCT.md names, short, top items first."""
    tz = zone(workspace.tz)
    today = now.astimezone(tz).date()
    week_ago = now - timedelta(days=7)
    ws = workspace.id
    sections = [
        s
        for s in (
            _waiting_on_us(session, ws, today, tz),
            _waiting_on_prospect(session, ws, today, tz),
            _overdue(session, ws, today),
            _no_next_step(session, ws, today, now, tz),
            _gone_quiet(session, ws, today, now, workspace.stale_days, tz),
            _moved(session, ws, week_ago),
            _coming_back(session, ws, today),
            _new_leads(session, ws, today, now, tz),
            _freshness(session, ws, today, week_ago),
        )
        if s is not None
    ]
    open_count = session.scalar(
        select(func.count(Deal.id)).where(Deal.workspace_id == ws, q.is_active(today))
    )
    where = f" for #{channel.name}" if channel is not None and channel.name else ""
    title = f"Weekly pipeline summary{where} · {day(today)}"
    if not sections:
        header = f"{title}\nA quiet week: nothing waiting, nothing overdue, nothing moved."
        return Reply(text=header, title=title, kind="summary")
    count = open_count or 0
    header = f"{title}\n{count} open deal{'' if count == 1 else 's'}."
    return Reply(text=sections_text(header, sections), title=title, sections=tuple(sections), kind="summary")


def _section(title: str, total: int, lines: list[str]) -> Section | None:
    if total == 0:
        return None
    return Section(title=f"{title} ({total})", lines=tuple(lines), more=max(0, total - len(lines)))


def _waiting_on_us(session: Session, ws: int, today: date, tz: tzinfo) -> Section | None:
    """Ours to move, oldest first; deals stuck on our side for several updates are called out."""
    page = Deals(session, ws).waiting_on_us(today, TOP, count_cap=None)
    deals, total = page.deals, page.total
    query = q.in_workspace(ws, q.is_active(today), Deal.next_step_owner == "us")
    lines = [_waiting_line(deal, today, tz) for deal in deals]
    streaky = query.where(Deal.us_streak >= STREAK_CALLOUT, Deal.id.not_in([d.id for d in deals]))
    # owner_since is the waiting_since() of a deal with an owner (storage keeps it set): in its index.
    stuck, stuck_total = q.top_and_count(session, streaky, [Deal.us_streak.desc(), Deal.owner_since], 3)
    if stuck:
        names = ", ".join(f"{d.name} ({d.us_streak})" for d in stuck)
        rest = f" and {stuck_total - len(stuck)} more" if stuck_total > len(stuck) else ""
        lines.append(f"Also on our side for {STREAK_CALLOUT}+ updates in a row: {names}{rest}")
    section = _section("Waiting on us", total, lines)
    if section is not None and stuck:
        section = Section(section.title, section.lines, more=max(0, total - len(deals) - len(stuck)))
    return section


def _waiting_line(deal: Deal, today: date, tz: tzinfo) -> str:
    bits = [deal_head(deal), "—", deal.next_step or "no next step written down"]
    bits.append(f"· since {day(_waiting_since(deal, tz))}")
    if deal.due_date is not None:
        bits.append(f"· {'was due' if deal.due_date < today else 'due'} {day(deal.due_date)}")
    if deal.us_streak >= STREAK_CALLOUT:
        bits.append(f"· ⚠ {deal.us_streak} updates in a row on us")
    return " ".join(bits)


def _waiting_on_prospect(session: Session, ws: int, today: date, tz: tzinfo) -> Section | None:
    """What the prospect owes us and since when, longest wait first."""
    page = Deals(session, ws).waiting_on_prospect(today, TOP, count_cap=None)
    deals, total = page.deals, page.total
    lines = []
    for deal in deals:
        since = _waiting_since(deal, tz)
        owed = deal.next_step or "their next move"
        due = f" · expected {day(deal.due_date)}" if deal.due_date else ""
        lines.append(f"{deal_head(deal)} — they owe: {owed} · since {day(since)}{due}")
    return _section("Waiting on the prospect", total, lines)


def _waiting_since(deal: Deal, tz: tzinfo) -> date:
    """The local date the ball came to its current side (stamps are UTC; the reader is in `tz`)."""
    return (deal.owner_since or deal.created_at).astimezone(tz).date()


def _overdue(session: Session, ws: int, today: date) -> Section | None:
    """Next steps past their date (either side), most overdue first."""
    page = Deals(session, ws).overdue(today, TOP, count_cap=None)
    deals, total = page.deals, page.total
    lines = []
    for deal in deals:
        side = "on us" if deal.next_step_owner == "us" else "on them"
        assert deal.due_date is not None
        lines.append(
            f"{deal_head(deal)} — {deal.next_step or 'next step'} · was due {day(deal.due_date)} · {side}"
        )
    return _section("Overdue follow-ups", total, lines)


def _no_next_step(session: Session, ws: int, today: date, now: datetime, tz: tzinfo) -> Section | None:
    """Open deals with no next step at all (new leads have their own section)."""
    new_since = now - timedelta(days=NEW_LEAD_DAYS)
    query = q.in_workspace(ws, q.is_active(today), Deal.next_step.is_(None), Deal.created_at < new_since)
    deals, total = q.top_and_count(session, query, [Deal.updated_at], TOP)
    lines = [f"{deal_head(deal)} — last update {days_ago(deal.updated_at, now, tz)}" for deal in deals]
    return _section("Open deals with no next step", total, lines)


def _gone_quiet(
    session: Session, ws: int, today: date, now: datetime, stale_days: int, tz: tzinfo
) -> Section | None:
    """No update within the stale threshold, quietest first."""
    quiet_since = now - timedelta(days=stale_days)
    page = Deals(session, ws).gone_quiet(today, quiet_since, TOP, count_cap=None)
    deals, total = page.deals, page.total
    lines = [f"{deal_head(deal)} — last update {days_ago(deal.updated_at, now, tz)}" for deal in deals]
    return _section(f"Gone quiet (no update in {stale_days}+ days)", total, lines)


def _moved(session: Session, ws: int, since: datetime) -> Section | None:
    """Stage changes of the week, wins and losses first, with amounts."""
    moves = q.stage_moves(session, ws, since, TOP)
    if not moves.total:
        return None
    lines = []
    for m in moves.shown:
        if m.new_stage == "won":
            lines.append(f"Won: {deal_head(m.deal)}")
        elif m.new_stage == "lost":
            lines.append(f"Lost: {deal_head(m.deal)}")
        else:
            lines.append(f"{deal_head(m.deal)}: {m.old_stage or 'new'} → {m.new_stage or 'no stage'}")
    title = "Moved this week"
    totals = [
        f"{label} {money(amount) or '$0'}"
        for label, count, amount in (
            ("won", moves.won, moves.won_amount),
            ("lost", moves.lost, moves.lost_amount),
        )
        if count
    ]
    if totals:
        title = f"{title}: {', '.join(totals)}"
    return _section(title, moves.total, lines)


def _coming_back(session: Session, ws: int, today: date) -> Section | None:
    """Parked deals whose park date falls in the coming week."""
    query = q.in_workspace(
        ws, q.is_open(), Deal.park_until >= today, Deal.park_until <= today + timedelta(days=6)
    )
    deals, total = q.top_and_count(session, query, [Deal.park_until], TOP)
    lines = []
    for deal in deals:
        assert deal.park_until is not None
        why = f" · parked: {deal.park_reason}" if deal.park_reason else ""
        lines.append(f"{deal_head(deal)} — back {day(deal.park_until)}{why}")
    return _section("Coming back from the parking lot this week", total, lines)


def _new_leads(session: Session, ws: int, today: date, now: datetime, tz: tzinfo) -> Section | None:
    """Deals created in the last two weeks that still have no next step."""
    new_since = now - timedelta(days=NEW_LEAD_DAYS)
    query = q.in_workspace(ws, q.is_active(today), Deal.next_step.is_(None), Deal.created_at >= new_since)
    deals, total = q.top_and_count(session, query, [Deal.created_at], TOP)
    lines = [f"{deal_head(deal)} — added {days_ago(deal.created_at, now, tz)}" for deal in deals]
    return _section("New leads without a next step", total, lines)


def _freshness(session: Session, ws: int, today: date, since: datetime) -> Section | None:
    """Per rep: how many of their open deals got an update this week, least fresh first."""
    reps = q.rep_freshness(session, ws, today, since)
    if not reps:
        return None
    lines = [f"{r.rep}: {r.updated} of {r.total} updated this week" for r in reps[:FRESHNESS_TOP]]
    section = Section(title="Update freshness", lines=tuple(lines), more=max(0, len(reps) - FRESHNESS_TOP))
    return section


__all__ = ["build_summary", "local_today"]
