"""Settings changed in plain chat or with `/nextstep settings ...`.

Understood (case-insensitive, in a message or after `/nextstep settings`):
- "summary on Fridays at 4pm", "send the summary Monday 9am", "summary at 8:30" — the workspace's
  weekly summary; add "in this channel" / "here" to change only this channel's;
- "stale after 10 days", "deals go quiet after 3 weeks", "stale after a month";
- "our time zone is Europe/Berlin" (the workspace's), "my time zone is America/Chicago" (yours);
  abbreviations mean the local clock with daylight saving ("EST" is America/New_York; an
  ambiguous one, like AST, gets a question back);
- "make Dana a manager", "make Dana a rep".
Workspace settings and roles are the admin's: a manager may change them, and so may anyone
while the workspace has no manager yet (whoever sets it up first). Anything else returns
None, so the message goes on to the parser as usual.
"""

from __future__ import annotations

import re
from datetime import time

from sqlalchemy import func, select

from assistant.context import Turn
from assistant.formatting import plural
from assistant.messages import Reply
from assistant.zones import read_zone
from storage.models import Person
from storage.repositories import Channels

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = r"(?P<day>mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?s?"
_TIME = r"(?P<time>noon|midnight|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?)"
_HERE = r"(?P<here>\s+(?:in\s+this\s+channel|for\s+this\s+channel|here))?"
_SUMMARY_LEAD = (
    r"^(?:please\s+)?(?:(?:send|post|move|set|schedule|do)\s+(?:the\s+|our\s+)?)?(?:weekly\s+)?summary"
    r"(?:\s+(?:is|to|goes\s+out))?"
)
SUMMARY_PATTERNS = (
    re.compile(
        _SUMMARY_LEAD + r"\s+(?:on\s+|every\s+)?" + _DAY + r"(?:\s+(?:at\s+)?" + _TIME + r")?" + _HERE + r"$",
        re.I,
    ),
    re.compile(
        _SUMMARY_LEAD + r"\s+(?:at\s+)?" + _TIME + r"(?:\s+(?:on\s+|every\s+)?" + _DAY + r")?" + _HERE + r"$",
        re.I,
    ),
)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBER_WORDS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "a couple of": 2, "a few": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "wk": 7, "month": 30}
STALE = re.compile(
    r"^(?:(?:set\s+)?(?:the\s+)?stale(?:\s+threshold)?(?:\s+(?:is|to))?|(?:deals\s+)?(?:go(?:es)?\s+)?"
    r"(?:stale|quiet)\s+after|stale\s+after)\s+"
    r"(?P<count>\d{1,3}|a\s+couple\s+of|a\s+few|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)?"
    r"\s*(?P<unit>days?|weeks?|wks?|months?)?$",
    re.I,
)
TIMEZONE = re.compile(
    r"^(?:(?P<whose>our|my|the|workspace)\s*)?(?:time\s*zone|tz)\s*(?:is|to|=|:)?\s+"
    r"(?P<tz>[A-Za-z_/+\-0-9() ]+?)$",
    re.I,
)
# "we're on EST", "I'm on Pacific time".
TIMEZONE_ON = re.compile(
    r"^(?P<whose>we|i)(?:'re|’re|'m|’m|\s+are|\s+am)\s+on\s+(?P<tz>[A-Za-z_/+\-0-9() ]+?)"
    r"(?:\s+time(?:\s*zone)?)?$",
    re.I,
)
ROLE = re.compile(r"^make\s+@?(?P<who>.+?)\s+(?:a\s+|an\s+)?(?P<role>manager|rep)$", re.I)
TERSE = {
    "summary": "summary {}",
    "stale": "stale after {}",
    "timezone": "our time zone is {}",
    "tz": "our time zone is {}",
    "manager": "make {} a manager",
    "rep": "make {} a rep",
}


def change_settings(turn: Turn, text: str) -> Reply | None:
    """Apply a settings change said in `text`; None when `text` is not about settings."""
    said = _normalise(text)
    verb, _, rest = said.partition(" ")
    if verb.casefold() in TERSE and rest and not _recognised(said):
        said = TERSE[verb.casefold()].format(rest)
    for pattern in SUMMARY_PATTERNS:
        match = pattern.match(said)
        if match:
            day, clock = match.group("day"), match.group("time")
            return _summary(
                turn, day and day.casefold(), clock and clock.casefold(), bool(match.group("here"))
            )
    if (match := STALE.match(said)) and (match.group("count") or match.group("unit")):
        return _stale(turn, _days(match.group("count"), match.group("unit")))
    if match := TIMEZONE.match(said):
        whose = (match.group("whose") or "").casefold()
        return _timezone(turn, match.group("tz"), mine=whose == "my")
    if (match := TIMEZONE_ON.match(said)) and read_zone(match.group("tz")).zone:
        return _timezone(turn, match.group("tz"), mine=match.group("whose").casefold() == "i")
    if match := ROLE.match(said):
        return _role(turn, match.group("who"), match.group("role").casefold())
    return None


def _normalise(text: str) -> str:
    """Spaces collapsed, end punctuation and a leading "/nextstep settings" or "nextstep," dropped."""
    said = " ".join(text.split()).rstrip(".!")
    said = re.sub(r"(?i)^(?:/?nextstep\s+)?settings\s+", "", said)
    return re.sub(r"(?i)^(?:hey\s+|ok\s+)?(?:@?nextstep[,:]?\s+)?", "", said)


def _recognised(said: str) -> bool:
    patterns = (*SUMMARY_PATTERNS, STALE, TIMEZONE, TIMEZONE_ON, ROLE)
    return any(p.match(said) for p in patterns)


def _may_administer(turn: Turn) -> bool:
    """Managers administer the workspace; before anyone is a manager, whoever sets it up does."""
    if turn.person.role == "manager":
        return True
    managers = turn.session.scalar(
        select(func.count(Person.id)).where(
            Person.workspace_id == turn.workspace.id, Person.role == "manager"
        )
    )
    return not managers


def _refused(what: str) -> Reply:
    return Reply(
        text=f"Only a manager can change {what}. Ask a manager, or have one say “make <you> a manager”.",
        kind="info",
    )


def _summary(turn: Turn, day_word: str | None, time_word: str | None, here: bool) -> Reply:
    clock = _clock(time_word) if time_word else None
    if time_word and clock is None:
        return Reply(text=f"I couldn't read “{time_word}” as a time; try “4pm” or “16:00”.", kind="info")
    weekday = _weekday(day_word) if day_word else None
    ws = turn.workspace
    if here and turn.channel_id:
        channel = Channels(turn.session, ws.id).upsert(turn.channel_id, now=turn.now)
        if weekday is not None:
            channel.summary_weekday = weekday
        if clock is not None:
            channel.summary_time = f"{clock:%H:%M}"
        channel.is_deals_channel = True
        day_text = WEEKDAYS[
            channel.summary_weekday if channel.summary_weekday is not None else ws.summary_weekday
        ]
        at = channel.summary_time or ws.summary_time
        return _done(f"This channel's weekly summary now goes out {day_text.title()}s at {at} ({ws.tz}).")
    if not _may_administer(turn):
        return _refused("the weekly summary's day and time")
    if weekday is not None:
        ws.summary_weekday = weekday
    if clock is not None:
        ws.summary_time = f"{clock:%H:%M}"
    day_text = WEEKDAYS[ws.summary_weekday].title()
    return _done(f"The weekly summary now goes out {day_text}s at {ws.summary_time} ({ws.tz}).")


def _days(count: str | None, unit: str | None) -> int:
    """ "3 weeks" -> 21, "a month" -> 30, "10" (days) -> 10."""
    words = " ".join((count or "1").casefold().split())
    number = int(words) if words.isdigit() else _NUMBER_WORDS.get(words, 1)
    per = _UNIT_DAYS.get((unit or "day").casefold().rstrip("s"), 1)
    return number * per


def _stale(turn: Turn, days: int) -> Reply:
    if not 1 <= days <= 365:
        return Reply(text="The stale threshold is between 1 day and a year (365 days).", kind="info")
    if not _may_administer(turn):
        return _refused("the stale threshold")
    turn.workspace.stale_days = days
    weeks = f" ({plural(days // 7, 'week')})" if days % 7 == 0 and days >= 14 else ""
    return _done(f"A deal now counts as gone quiet after {plural(days, 'day')}{weeks} without an update.")


def _timezone(turn: Turn, name: str, *, mine: bool) -> Reply:
    said = " ".join(name.split())
    answer = read_zone(said)
    if answer.choices:
        options = " or ".join(f"“{'my' if mine else 'our'} time zone is {c}”" for c in answer.choices)
        return Reply(text=f"“{said}” names more than one time zone. Which one: {options}?", kind="question")
    zone = answer.zone
    if zone is None:
        return Reply(
            text=f"I don't know the time zone “{said}”. Use a name like Europe/Berlin or America/Chicago, "
            "or an abbreviation like EST, CET or IST.",
            kind="info",
        )
    shown = zone if zone.casefold() == said.casefold() else f"{zone} ({said})"
    note = f" ({answer.note})" if answer.note else ""
    if mine:
        turn.person.tz = zone
        turn.person.tz_pinned = True
        return _done(f"Your time zone is now {shown}{note}: reminders reach you at 09:00 there.")
    if not _may_administer(turn):
        return _refused("the workspace's time zone")
    turn.workspace.tz = zone
    return _done(f"The workspace's time zone is now {shown}{note}; the weekly summary follows it.")


def _role(turn: Turn, name: str, role: str) -> Reply:
    if not _may_administer(turn):
        return _refused("who is a manager")
    people = [turn.person] if name.casefold() in ("me", "myself") else turn.people.by_name(name)
    if not people:
        return Reply(
            text=f"I don't know anyone called “{name}” here yet; they need to talk to me once.", kind="info"
        )
    if len(people) > 1:
        names = ", ".join(p.display_name for p in people)
        return Reply(
            text=f"More than one person matches “{name}”: {names}. Which one? Use their full name.",
            kind="question",
        )
    person = people[0]
    person.role = role
    return _done(f"{person.display_name} is now a {role}.")


def _done(text: str) -> Reply:
    return Reply(text=text, title="Settings", kind="confirmation")


def _weekday(word: str) -> int:
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word[:3]))


def _clock(word: str) -> time | None:
    """'4pm' -> 16:00, '9:30 am' -> 09:30, '16:00' -> 16:00, 'noon' -> 12:00; None if impossible."""
    word = word.replace(".", "").replace(" ", "")
    if word == "noon":
        return time(12, 0)
    if word == "midnight":
        return time(0, 0)
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm)?", word)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
