"""Messages and deal names for the benchmarks, generated fresh so nothing is measured on what it was tuned on.

Messages come from templates filled with random deal names, weekdays, dates, amounts and people,
none taken from the dev set (tests/data/dev_set.jsonl); some are lower-cased, some carry a typo in
the deal's name, some are questions. Two kinds of deal names:

- `distinct_names`: invented company names ("Veltrano Analytics"), few words in common;
- `shared_word_names`: a handful of words shared by thousands of names plus a number
  ("Acme Globex 000123"), the worst case for an index keyed by words.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

SHARED_WORDS = (
    *("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Aviato", "Raviga", "Vandelay", "Soylent"),
    *("Tyrell", "Cyberdyne", "Wonka", "Stark", "Wayne", "Oscorp", "Massive", "Dynamic", "Pied"),
    *("Piper", "Nucleus", "Endframe", "Sliceline", "Bachmanity", "Intersite", "Monarch"),
)
_SYLLABLES = (
    *("vel", "tra", "no", "qui", "zar", "mon", "dex", "ari", "lo", "ven", "sto", "ria", "kel", "por"),
    *("tan", "mi", "gre", "sol", "bri", "cor", "ath", "ly", "nex", "ora", "phi", "ru", "sen", "ta"),
)
_TAILS = ("Analytics", "Labs", "Systems", "Health", "Capital", "Logistics", "Foods", "Energy", "Media")
_PEOPLE = ("Priya", "Marcus", "Jen", "Tomás", "Aiko", "Femi", "Ruth", "Oskar", "Lena", "Dev")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_THINGS = ("the pricing", "a revised quote", "the SOW", "the security questionnaire", "the order form")
_THEIRS = ("their CFO", "legal", "procurement", "the board", "their IT team", "the champion")

TEMPLATES = (
    "{deal}: sent {thing} to {person}, they'll get back to us by {day}",
    "{deal} - waiting on {theirs} to sign off, expect an answer {when}",
    "{deal}: I owe them {thing} by {day}",
    "{deal}: need to send {thing} before {date}",
    "just got off a call with {deal}, they want a demo {when}",
    "{deal} signed!! {amount}",
    "{deal}: lost it to a competitor, price was too high",
    "{deal}: {theirs} is reviewing the contract, should hear back {when}",
    "{deal} moved to negotiation, {amount} ARR",
    "{deal}: demo went well, next step is a proposal from us by {day}",
    "park {deal} until {date}, budget freeze",
    "{deal}: ball's in their court, {person} promised feedback {when}",
    "{deal}?",
    "where are we with {deal}",
    "what's the latest on {deal}?",
    "{deal}: {person} asked for references, I'll send two by {day}",
    "{deal}: no reply since {date}, going to chase {person}",
    "{deal}: booked the kickoff with {person} for {day}",
    "{deal} - qualified, {amount} budget confirmed by {theirs}",
    "what's waiting on us?",
    "anything overdue?",
    "which deals have gone quiet",
    "show me my pipeline",
    "thanks all, good week",
)


def distinct_names(count: int, seed: int = 3) -> list[str]:
    """`count` invented company names with few words in common, sorted."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        names.add(f"{stem} {rng.choice(_TAILS)}" if rng.random() < 0.6 else stem)
    return sorted(names)


def shared_word_name(i: int) -> str:
    """The i-th name of the shared-word kind: "Acme Globex 000123"."""
    words = SHARED_WORDS
    return f"{words[i % len(words)]} {words[(i // len(words)) % len(words)]} {i:06d}"


def shared_word_names(count: int) -> list[str]:
    return [shared_word_name(i) for i in range(count)]


def _typo(name: str, rng: random.Random) -> str:
    """The name with one letter dropped from its longest word (a typo the parser should still read)."""
    words = name.split()
    longest = max(range(len(words)), key=lambda k: len(words[k]) if words[k].isalpha() else 0)
    word = words[longest]
    if len(word) < 6 or not word.isalpha():
        return name
    cut = rng.randrange(2, len(word) - 1)
    words[longest] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


def messages(
    names: list[str], count: int, *, seed: int = 11, today: date = date(2026, 11, 24)
) -> list[tuple[str, datetime, str]]:
    """`count` (text, now, tz) messages about random deals of `names`, unseen by the parser's authors."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        deal = rng.choice(names)
        if rng.random() < 0.1:
            deal = _typo(deal, rng)
        if rng.random() < 0.15:
            deal = deal.lower()
        later = today + timedelta(days=rng.randint(2, 60))
        text = rng.choice(TEMPLATES).format(
            deal=deal,
            thing=rng.choice(_THINGS),
            theirs=rng.choice(_THEIRS),
            person=rng.choice(_PEOPLE),
            day=rng.choice(_WEEKDAYS),
            date=f"{later:%B} {later.day}",
            when=rng.choice(("next week", "by end of month", f"on {rng.choice(_WEEKDAYS)}", "in two weeks")),
            amount=f"${rng.randint(5, 900)}k",
        )
        if rng.random() < 0.1:
            text = text.lower()
        now = datetime(today.year, today.month, today.day, rng.randint(8, 18), rng.randint(0, 59))
        out.append((text, now, rng.choice(("America/New_York", "Europe/London", "America/Chicago"))))
    return out
