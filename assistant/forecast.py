"""The numbers a manager asks for: pipeline totals by stage, by rep and by close period, what is
closing in a period, and which reps are behind on updates.

Amounts are added up per currency only: a pipeline in dollars and euros reads "$1.2M + €300k",
never one converted sum. Every total is one GROUP BY query, never a query per deal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from assistant import lists
from assistant.context import Turn
from assistant.formatting import Sums, plural
from assistant.messages import Reply, Section
from assistant.paging import ListSpec
from assistant.periods import period_name, period_window
from assistant.summary_format import sections_text
from nlp.types import STAGES
from storage.repositories_deals import DealFilter, TotalsBy

FRESH_DAYS = 7  # "updated this week"


def _grouped(turn: Turn, where: DealFilter, by: TotalsBy) -> tuple[dict[object, Sums], Sums]:
    groups: dict[object, Sums] = defaultdict(Sums)
    overall = Sums()
    for total in turn.deals.totals(where, by):
        key: object = total.key
        if by == "close_by" and isinstance(total.key, date):
            key = date(total.key.year, total.key.month, 1)
        groups[key].add(total.amount, total.currency, total.count)
        overall.add(total.amount, total.currency, total.count)
    return groups, overall


def forecast(turn: Turn, *, rep_id: int | None, stage: str | None, period: str | None) -> Reply:
    """ "how much is in the pipeline": totals by stage, rep and close month; with a period, what closes."""
    if period:
        return closing(turn, rep_id=rep_id, stage=stage, period=period)
    where = DealFilter(kind="pipeline", today=turn.today, rep_id=rep_id, stage=stage)
    by_stage, overall = _grouped(turn, where, "stage")
    if overall.count == 0:
        return Reply(text="There are no open deals in the pipeline yet.", title="Pipeline", kind="answer")
    by_rep, _ = _grouped(turn, where, "rep")
    by_month, _ = _grouped(turn, where, "close_by")
    rep = turn.people.by_id(rep_id) if rep_id is not None else None
    title = "Pipeline" + (f" · {rep.display_name}" if rep else "") + (f" · {stage}" if stage else "")
    order: dict[str, int] = {name: i for i, name in enumerate(STAGES)}
    stage_lines = tuple(
        f"{key or 'no stage'}: {sums.text()}"
        for key, sums in sorted(by_stage.items(), key=lambda kv: order.get(str(kv[0]), len(order)))
    )
    rep_lines = tuple(
        f"{key or 'no rep'}: {sums.text()}"
        for key, sums in sorted(by_rep.items(), key=lambda kv: (-kv[1].count, str(kv[0] or "~")))
    )
    dated = sorted((k, v) for k, v in by_month.items() if isinstance(k, date))
    month_lines = [f"{key:%b %Y}: {sums.text()}" for key, sums in dated]
    if None in by_month:
        month_lines.append(f"no close date: {by_month[None].text()}")
    sections = [Section("By stage", stage_lines)]
    if rep is None:
        sections.append(Section("By rep", rep_lines))
    sections.append(Section("By expected close", tuple(month_lines)))
    head = f"{title}: {overall.text()} open"
    text = sections_text(head, sections)  # forecast sections are never cut: no "more"
    text += "\nAsk “what's closing this quarter?” for the deals behind a period."
    return Reply(text=text, title=f"{title}: {overall.text()}", sections=tuple(sections), kind="answer")


def closing(turn: Turn, *, rep_id: int | None, stage: str | None, period: str) -> Reply:
    """ "what's closing this quarter": the deals expected to close in the period, with their total."""
    first, last = period_window(period, turn.today)
    where = DealFilter(kind="closing", today=turn.today, rep_id=rep_id, stage=stage, first=first, last=last)
    _, overall = _grouped(turn, where, "stage")
    notes = [f"In all: {overall.text()} expected to close {period_name(period)}."] if overall.count else []
    undated = turn.deals.find(
        replace(where, kind="pipeline", first=None, last=None, undated_close=True), limit=1
    )
    if undated.total:
        verb = "has" if undated.total == 1 else "have"
        notes.append(
            f"{plural(undated.total, 'open deal')} {verb} no expected close date yet; "
            "tell me, e.g. “Hooli: expected close end of March”."
        )
    note = Section("In all", tuple(notes)) if notes else None
    return lists.show(turn, ListSpec("closing", rep_id=rep_id, stage=stage, period=period), note=note)


def reps_behind(turn: Turn) -> Reply:
    """Reps with open deals that had no update this week, the most behind first."""
    since = turn.now - timedelta(days=FRESH_DAYS)
    reps = turn.deals.freshness_by_rep(turn.today, since)
    behind = sorted(
        (r for r in reps if r.behind), key=lambda r: (-r.behind / r.open, -r.behind, r.rep.display_name)
    )
    title = "Reps behind on updates"
    if not behind:
        text = (
            "Every rep has updated all their open deals this week. 👍"
            if reps
            else "No rep has open deals yet."
        )
        return Reply(text=text, title=title, kind="answer")
    lines = tuple(
        f"{r.rep.display_name}: {r.behind} of {plural(r.open, 'open deal')} not updated this week"
        for r in behind
    )
    heading = f"{title} ({len(behind)})"
    first = behind[0].rep.display_name
    text = "\n".join(
        [f"{heading}:", *(f"• {ln}" for ln in lines), f"Ask “{first}'s deals” to see a rep's pipeline."]
    )
    return Reply(text=text, title=title, sections=(Section(heading, lines),), kind="answer")
