"""`/nextstep <text>` commands (help, my deals, waiting on us, undo, settings) and the home view."""

from __future__ import annotations

from assistant import lists, replies
from assistant.context import Turn
from assistant.corrections import undo_last
from assistant.formatting import quote
from assistant.list_lines import pipeline_line
from assistant.messages import Reply, Section
from assistant.settings_chat import change_settings

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOME_LIMIT = 25


def run_command(turn: Turn, text: str) -> Reply:
    """One command; anything unknown gets the help text."""
    raw = " ".join(text.split())
    if raw.casefold().startswith("/nextstep"):
        raw = raw[len("/nextstep") :].strip()
    words = raw.casefold()
    verb, _, rest = raw.partition(" ")
    if words in ("", "help", "?"):
        return help_reply()
    if words in ("my deals", "my pipeline", "deals", "pipeline", "mine"):
        return lists.rep_pipeline(turn, turn.person)
    if words in ("waiting on us", "on us", "waiting"):
        return lists.waiting_on_us(turn)
    if words == "undo":
        return undo_last(turn)
    if verb.casefold() == "settings":
        return settings_command(turn, rest)
    shown = help_reply()
    return Reply(
        text=f"I don't know the command “{quote(text, 60)}”.\n{shown.text}",
        title=shown.title,
        kind="info",
    )


# What a manager can ask besides a deal and the everyday lists (PRODUCT.md "For managers").
MANAGER_HELP = (
    "Managers: “dana's deals”, “all deals”, “my day”, “what's due today?”, “which deals are hot?”, "
    "“which reps are behind on updates?”, “how much is in the pipeline?”, “what's closing this quarter?”, "
    "“what comes back this month?”.",
    "Long lists come a page at a time: say “more” or “show all”, or narrow them: "
    "“overdue for Dana”, “overdue in proposal”.",
)


def help_reply() -> Reply:
    """The help text with the manager's questions and how to page through a long list."""
    base = replies.help_reply()
    return Reply(text="\n".join([base.text, *MANAGER_HELP]), title=base.title, kind=base.kind)


def settings_command(turn: Turn, args: str) -> Reply:
    """`settings` shows the workspace's summary day/time and stale threshold.

    `settings <change>` goes to `assistant.settings_chat.change_settings`; when that does not
    understand the change, the current settings are shown.
    """
    if args.strip():
        changed = change_settings(turn, args.strip())
        if changed is not None:
            return changed
    return show_settings(turn)


def show_settings(turn: Turn) -> Reply:
    ws = turn.workspace
    day = WEEKDAYS[ws.summary_weekday % 7]
    lines = (
        f"Weekly summary: {day} {ws.summary_time} ({ws.tz})",
        f"A deal has gone quiet after {ws.stale_days} days without an update",
        f"You are a {turn.person.role}",
    )
    return Reply(text="Settings\n" + "\n".join(lines), title="Settings", kind="info")


def home_view(turn: Turn) -> Reply:
    """The viewer's deals grouped by who owns the next step, plus what is parked."""
    today = turn.today
    mine = turn.deals.of_rep(turn.person.id, today, HOME_LIMIT)
    groups: dict[str, list[str]] = {"us": [], "prospect": [], "none": []}
    for deal in mine.deals:
        groups[deal.next_step_owner if deal.next_step_owner in ("us", "prospect") else "none"].append(
            pipeline_line(turn, deal)
        )
    parked = turn.deals.parked_of_rep(turn.person.id, today, HOME_LIMIT)
    sections = [
        Section(title, tuple(lines))
        for title, lines in (
            ("On us", groups["us"]),
            ("On them", groups["prospect"]),
            ("No next step", groups["none"]),
        )
        if lines
    ]
    if parked.deals:
        sections.append(Section("Parked", tuple(pipeline_line(turn, d) for d in parked.deals), parked.more))
    if mine.more:  # the Home tab shows sections only: say what is left out, and how to see it
        sections.append(
            Section(
                f"{mine.more_text} more open deals",
                ("Ask “my pipeline” and say “more” to page through them.",),
            )
        )
    if not sections:
        return Reply(
            text="You have no open deals yet. Tell me about one: “new lead: Acme, intro call Tuesday”.",
            title="Your deals",
            kind="info",
        )
    text = "\n".join(f"{s.title}:\n" + "\n".join(f"• {ln}" for ln in s.lines) for s in sections)
    return Reply(text=text, title="Your deals", sections=tuple(sections), kind="info")
