"""Small wording helpers for what the assistant says by itself (summary, reminders).

Kept here rather than in the core's formatting so the proactive messages can phrase
things in their own, list-friendly way ("Hooli · $40k · since Mon 3 Nov").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo

from assistant.formatting import format_amount
from assistant.messages import Section
from storage.models import Deal


def day(value: date) -> str:
    """'Fri 27 Nov' — the way dates read in chat."""
    return f"{value:%a} {value.day} {value:%b}"


def money(amount: int | None) -> str:
    """'$120k', '$1.2M', '$900'; empty when the amount is unknown."""
    return "" if amount is None else format_amount(amount)


def days_ago(then: datetime, now: datetime, tz: tzinfo = UTC) -> str:
    """'today', 'yesterday', '12 days ago', counted in calendar days where the reader is."""
    days = (now.astimezone(tz).date() - then.astimezone(tz).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def rep_name(deal: Deal) -> str:
    return deal.rep.display_name if deal.rep is not None else "no rep"


def deal_head(deal: Deal) -> str:
    """'Hooli ($40k, Dana)': the deal with its amount and rep."""
    bits = [money(deal.amount), rep_name(deal)]
    return f"{deal.name} ({', '.join(b for b in bits if b)})"


def section_text(section: Section) -> str:
    """A section as plain text: its title, bullet lines, and '…and N more'."""
    lines = [f"{section.title}:"]
    lines += [f"• {line}" for line in section.lines]
    if section.more:
        lines.append(f"  …and {section.more} more")
    return "\n".join(lines)


def sections_text(header: str, sections: Iterable[Section]) -> str:
    return "\n\n".join([header, *(section_text(s) for s in sections)])
