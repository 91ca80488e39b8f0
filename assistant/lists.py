"""Answers about sets of deals: waiting on us / on the prospect, overdue, gone quiet, parked, a rep's
pipeline or the team's, a stage, due today, hot / warm / cold, closing in a period.

Every list is one `ListSpec` (kind + filters), shown a page at a time: the first page with the
list's total, and a "more" button (or "more" / "show all" typed) for the rest; nothing is cut off
silently. Each page is one indexed query plus a count (storage/repositories_deals.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from assistant.context import Turn
from assistant.formatting import (
    quote,
)
from assistant.list_lines import line_for
from assistant.messages import ACTION_MORE, Button, Reply, Section
from assistant.paging import END, SHOW_ALL_SIZE, ListSpec
from assistant.periods import period_name, period_window
from storage.list_views import ListViews
from storage.models import Deal, Person
from storage.repositories import DealPage
from storage.repositories_deals import DealFilter


# -- titles and the empty answer ------------------------------------------------------------------
def _title(turn: Turn, spec: ListSpec, rep: Person | None) -> str:
    mine = rep is not None and rep.id == turn.person.id
    when = period_name(spec.period)
    kind = spec.kind
    if kind == "waiting_on_us":
        title = "Waiting on us, longest first"
    elif kind == "waiting_on_prospect":
        title = "Waiting on the prospect"
    elif kind == "overdue":
        title = "Overdue, most overdue first"
    elif kind == "stale":
        title = f"Gone quiet (no update in {turn.workspace.stale_days} days)"
    elif kind == "parked":
        title = f"Coming back {when}" if when else "Parked, soonest back first"
    elif kind == "due_today":
        title = f"Due {when or 'today'}"
        if mine:
            title = f"Your day: due {when or 'today'}" if (spec.period or "today") == "today" else title
    elif kind == "hot":
        title = f"{(spec.temperature or 'hot').capitalize()} deals"
    elif kind == "closing":
        title = f"Closing {when}" if when else "Expected to close"
    elif spec.stage and rep is None:
        title = f"In {spec.stage}"
    elif rep is None:
        title = "The team's pipeline"
    else:
        title = "Your pipeline" if mine else f"{rep.display_name}'s pipeline"
    narrow = []
    if rep is not None and not (kind == "pipeline" or (kind == "due_today" and mine)):
        narrow.append("yours" if mine else rep.display_name)
    if spec.stage and not (kind == "pipeline" and rep is None):
        narrow.append(f"in {spec.stage}")
    if spec.temperature and kind != "hot":
        narrow.append(spec.temperature)
    return " · ".join([title, *narrow])


def _empty(turn: Turn, spec: ListSpec, rep: Person | None) -> str:
    """What an empty list says: the list, narrowed as it was asked ("Nothing is overdue for Dana")."""
    mine = rep is not None and rep.id == turn.person.id
    if spec.kind == "pipeline" and not spec.stage:
        if mine:
            return "You have no open deals. Tell me about one: “new lead: Acme, intro call Tuesday”."
        return f"{rep.display_name} has no open deals." if rep else "The team has no open deals yet."
    when = period_name(spec.period)
    days = turn.workspace.stale_days
    base = {
        "waiting_on_us": "Nothing is waiting on us",
        "waiting_on_prospect": "We aren't waiting on any prospect",
        "overdue": "Nothing is overdue",
        "stale": f"Every open deal has had an update in the last {days} days",
        "parked": f"No parked deal comes back {when}" if when else "No deal is parked",
        "due_today": f"Nothing is due {when or 'today'}",
        "hot": f"No deal is {spec.temperature or 'hot'}",
        "closing": f"No open deal is expected to close {when}" if when else "No deal has a close date yet",
        "pipeline": f"No deal is in {spec.stage}",
    }.get(spec.kind, "Nothing to show")
    narrow = []
    if rep is not None and not (mine and spec.kind == "due_today"):
        narrow.append("for you" if mine else f"for {rep.display_name}")
    if spec.stage and spec.kind != "pipeline":
        narrow.append(f"in {spec.stage}")
    if spec.temperature and spec.kind != "hot":
        narrow.append(f"among the {spec.temperature} deals")
    text = " ".join([base, *narrow])
    if spec.kind in ("waiting_on_us", "waiting_on_prospect", "hot", "pipeline"):
        return f"{text} right now."
    return f"{text}." + (" 👍" if spec.kind == "overdue" and not narrow else "")


# -- one page of a list ---------------------------------------------------------------------------
def deal_filter(turn: Turn, spec: ListSpec) -> DealFilter:
    """The storage filter of a list question."""
    today = turn.today
    first = last = None
    if spec.period:
        first, last = period_window(spec.period, today)
    kind = {"due_today": "due", "hot": "temperature"}.get(spec.kind, spec.kind)
    temperature = spec.temperature or ("hot" if spec.kind == "hot" else None)
    quiet = turn.now - timedelta(days=turn.workspace.stale_days) if spec.kind == "stale" else None
    if spec.kind == "due_today" and first is None:
        first = last = today
    return DealFilter(
        kind=kind,  # type: ignore[arg-type]
        today=today,
        rep_id=spec.rep_id,
        stage=spec.stage,
        temperature=temperature,
        first=first,
        last=last,
        quiet_since=quiet,
    )


def show(turn: Turn, spec: ListSpec, *, note: Section | None = None) -> Reply:
    """One page of the list `spec` describes, remembered so that "more" typed continues it.

    `note` is said under the list (its own section, so Slack and Teams show it too).
    """
    rep = turn.people.by_id(spec.rep_id) if spec.rep_id is not None else None
    if spec.rep_id is not None and rep is None:
        return Reply(text="I can't find that person any more.", kind="answer")
    page = turn.deals.find(deal_filter(turn, spec), cursor=spec.cursor, limit=spec.size)
    title = _title(turn, spec, rep)
    if not page.deals:
        text = _empty(turn, spec, rep) if spec.shown == 0 else f"That was all of it: {title.casefold()}."
        _remember(turn, replace(spec, cursor=END))
        if note is not None:
            empty = Section(title, (text,))
            return Reply(
                text="\n".join([text, *note.lines]), title=title, sections=(empty, note), kind="answer"
            )
        return Reply(text=text, title=title, kind="answer")
    return _page_reply(turn, spec, page, title, line_for(turn, spec), note=note)


def _page_reply(
    turn: Turn,
    spec: ListSpec,
    page: DealPage,
    title: str,
    line: Callable[[Deal], str],
    *,
    note: Section | None,
) -> Reply:
    lines = tuple(line(d) for d in page.deals)
    first, last = spec.shown + 1, spec.shown + len(lines)
    total = page.total_text
    heading = f"{title} ({total})" if first == 1 else f"{title} ({first:,}–{last:,} of {total})"
    left = max(0, page.total - last)
    left_text = f"{left:,}" + ("" if page.exact else "+")
    section = Section(heading, lines, more=left)
    text_lines = [f"{heading}:", *(f"• {ln}" for ln in lines)]
    buttons: tuple[Button, ...] = ()
    if page.cursor is not None:
        following = replace(spec, cursor=page.cursor, shown=last)
        _remember(turn, following)
        step = min(spec.size, left) if page.exact else spec.size
        text_lines.append(
            f"…and {left_text} more. Say “more” for the next {step}"
            + (" or “show all”" if left > step or not page.exact else "")
            + _narrow_hint(spec)
            + "."
        )
        buttons = (Button(f"More ({left_text} left)", ACTION_MORE, following.encode()),)
        if (left > spec.size or not page.exact) and spec.size < SHOW_ALL_SIZE:
            show_all = replace(following, size=SHOW_ALL_SIZE)
            buttons += (Button("Show all", ACTION_MORE, show_all.encode()),)
    else:
        _remember(turn, replace(spec, cursor=END, shown=last))
        if first > 1:
            text_lines.append(f"That's all {total}.")
    sections: tuple[Section, ...] = (section,)
    if note is not None:
        text_lines += note.lines
        sections += (note,)
    return Reply(text="\n".join(text_lines), title=title, sections=sections, buttons=buttons, kind="answer")


_KIND_WORDS = {
    "waiting_on_us": "waiting on us",
    "waiting_on_prospect": "waiting on the prospect",
    "overdue": "overdue",
    "stale": "gone quiet",
    "hot": "hot deals",
    "due_today": "due today",
    "parked": "parked",
}


def _narrow_hint(spec: ListSpec) -> str:
    words = _KIND_WORDS.get(spec.kind)
    if words is None or (spec.rep_id is not None and spec.stage):
        return ""
    if spec.rep_id is None:
        return f", or narrow it: “{words} for Dana”, “{words} in proposal”"
    return f", or narrow it: “{words} in proposal”"


def _remember(turn: Turn, spec: ListSpec) -> None:
    if turn.channel_id and turn.person.id:
        ListViews(turn.session, turn.workspace.id).remember(
            turn.person.id, turn.channel_id, spec.encode(), turn.now
        )


NOTHING_TO_PAGE = "More of what? Ask for a list first, e.g. “what's overdue?” or “all deals”."


def more(turn: Turn, *, show_all: bool = False) -> Reply | None:
    """ "more" / "show all" typed: the next page (or everything) of the last list asked here;
    None when no list was asked here yet."""
    view = ListViews(turn.session, turn.workspace.id).last(turn.person.id, turn.channel_id or "")
    spec = ListSpec.decode(view.spec) if view is not None else None
    if spec is None:
        return None
    if show_all:
        return show(turn, spec.first_page(SHOW_ALL_SIZE))
    if spec.at_end:
        return Reply(text="That was the whole list; nothing more to show.", kind="info")
    return show(turn, spec)


def more_button(turn: Turn, value: str) -> Reply:
    """A "more" / "show all" button: the page it points at."""
    spec = ListSpec.decode(value)
    if spec is None or spec.at_end:
        return Reply(text="That list is out of date; ask for it again.", kind="info")
    return show(turn, spec)


# -- the lists, by name ---------------------------------------------------------------------------
def waiting_on_us(turn: Turn) -> Reply:
    return show(turn, ListSpec("waiting_on_us"))


def waiting_on_prospect(turn: Turn) -> Reply:
    return show(turn, ListSpec("waiting_on_prospect"))


def overdue(turn: Turn) -> Reply:
    return show(turn, ListSpec("overdue"))


def gone_quiet(turn: Turn) -> Reply:
    return show(turn, ListSpec("stale"))


def parked(turn: Turn) -> Reply:
    return show(turn, ListSpec("parked"))


def rep_pipeline(turn: Turn, rep: Person) -> Reply:
    """A rep's active deals, most urgent first, with how many are parked."""
    parked_count = turn.deals.find(DealFilter(kind="parked", today=turn.today, rep_id=rep.id), limit=1).total
    note = None
    if parked_count:
        note = Section("Parked", (f"+ {parked_count} parked (not in the list above)",))
    return show(turn, ListSpec("pipeline", rep_id=rep.id), note=note)


def my_day(turn: Turn, spec: ListSpec) -> Reply:
    """ "my day": what is due today, and how many of the asker's steps are already late."""
    late = turn.deals.find(DealFilter(kind="overdue", today=turn.today, rep_id=turn.person.id), limit=1)
    note = None
    if late.total:
        what = "step of yours is" if late.total == 1 else "steps of yours are"
        note = Section("Also late", (f"{late.total_text} {what} already overdue: ask “what's overdue?”",))
    return show(turn, spec, note=note)


def unknown_person(name: str) -> Reply:
    return Reply(text=f"I don't know anyone called {quote(name, 60)} here yet.", kind="answer")
