"""Small wording helpers for what the assistant says by itself (summary, reminders).

Kept here rather than in the core's formatting so the proactive messages can phrase
things in their own, list-friendly way ("Hooli · $40k · since Mon 3 Nov").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo

from assistant.formatting import format_amount, without_deal_label
from assistant.messages import Section
from storage.models import Deal


def day(value: date) -> str:
    """'Fri 27 Nov' — the way dates read in chat."""
    return f"{value:%a} {value.day} {value:%b}"


def money(amount: int | None, currency: str | None = None) -> str:
    """'$120k', '€1.2M', '$900'; empty when the amount is unknown."""
    return "" if amount is None else format_amount(amount, currency)


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
    """'Hooli ($40k, hot, Dana)': the deal with its amount (in its currency), temperature and rep."""
    bits = [money(deal.amount, deal.currency), deal.temperature or "", rep_name(deal)]
    return f"{deal.name} ({', '.join(b for b in bits if b)})"


def section_text(section: Section, hint: str | None = None) -> str:
    """A section as plain text: its title, bullet lines, and '…and N more' with how to see them."""
    lines = [f"{section.title}:"]
    lines += [f"• {line}" for line in section.lines]
    if section.more:
        lines.append(f"  …and {section.more} more" + (f": {hint}" if hint else ""))
    return "\n".join(lines)


def sections_text(header: str, sections: Iterable[Section], hints: Mapping[str, str] | None = None) -> str:
    hints = hints or {}
    return "\n\n".join([header, *(section_text(s, hints.get(s.title)) for s in sections)])


# "park (it) until March, ..." / "put Hooli on ice till Q2 -": the instruction before the reason.
_PARK_CLAUSE = re.compile(
    r"^(?:please\s+|let'?s\s+|ok\s+)?(?:park|parking|put|putting)\b[^,.;:—–]*?"
    r"\b(?:until|till|til|to|for|in)\b[^,.;:—–]*[,.;:—–]+\s*(?:(?:because|since|as|reason)\b[:\s]*)?",
    re.IGNORECASE,
)


def park_reason_words(name: str, text: str) -> str:
    """Why a deal was parked, from the rep's message: without its label and the park instruction
    ("Hooli: park until January, demo on Thursday" -> "demo on Thursday"); the whole message when
    it gave no other reason."""
    words = without_deal_label(text, name)
    reason = _PARK_CLAUSE.sub("", words, count=1).strip()
    return reason or words


# Verbs a prospect's next step starts with, and how "have they ...?" reads with each.
_DONE = {
    "send": "sent",
    "sign": "signed",
    "get": "got",
    "give": "given",
    "make": "made",
    "pay": "paid",
    "find": "found",
    "do": "done",
    "come": "come",
    "take": "taken",
    "set": "set",
    "put": "put",
    "run": "run",
    "meet": "met",
    "choose": "chosen",
    "go": "gone",
    "issue": "issued",
}
_STEP_VERBS = frozenset(
    {
        *_DONE,
        "review",
        "approve",
        "decide",
        "confirm",
        "share",
        "return",
        "book",
        "schedule",
        "finish",
        "complete",
        "provide",
        "submit",
        "check",
        "discuss",
        "agree",
        "answer",
        "reply",
        "respond",
        "deliver",
        "loop",
        "introduce",
        "forward",
        "countersign",
        "finalize",
        "finalise",
        "release",
        "process",
        "raise",
        "evaluate",
        "test",
        "prepare",
        "align",
        "clarify",
        "validate",
        "upload",
        "call",
        "email",
        "revert",
    }
)


# Words before the verb of what they owe ("them to send ...", "for them to sign ...").
_OWED_SUBJECTS = frozenset({"them", "they", "for", "to", "will", "should", "would"})


def reason_to_call(step: str | None) -> str:
    """A concrete reason to call about what the prospect owes, built from the step's own words.

    "send the usage data" -> "ask whether they have sent the usage data";
    "signed MSA" -> "ask where they are with the signed MSA".
    """
    if not step:
        return "ask what they need from us to take the next step"
    words = step.strip().rstrip(".").split()
    while len(words) > 2 and words[0].casefold() in _OWED_SUBJECTS:
        words = words[1:]  # "them to send the usage data", "for them to sign the MSA"
    verb = words[0].casefold()
    if verb in _STEP_VERBS:
        done = _DONE.get(verb) or (verb + "d" if verb.endswith("e") else verb + "ed")
        return " ".join(["ask whether they have", done, *words[1:]])
    first = verb
    needs_article = first not in (
        "the",
        "a",
        "an",
        "their",
        "our",
        "your",
        "his",
        "her",
        "its",
        "this",
        "that",
    )
    return f"ask where they are with {'the ' if needs_article else ''}{' '.join(words)}"
