"""When scheduled things fall due: local wall-clock slots turned into UTC instants.

Everything here is pure so that DST changes can be tested directly: "09:00 in
America/New_York on the day after the clocks go back" is just a date, a time and a zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

MORNING = time(9, 0)


def at_local(day: date, clock_time: time, tz: tzinfo) -> datetime:
    """`day` at `clock_time` on the wall clock of `tz`, as a UTC instant (DST-correct)."""
    return datetime.combine(day, clock_time, tzinfo=tz).astimezone(UTC)


def parse_clock(text: str | None, default: time = MORNING) -> time:
    """'16:00' -> 16:00; anything unreadable falls back to `default`."""
    try:
        hours, minutes = (text or "").split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return default


def last_weekly_slot(now: datetime, weekday: int, clock_time: time, tz: tzinfo) -> datetime:
    """The latest weekly slot (weekday 0=Monday, local time) at or before `now`, in UTC."""
    local_today = now.astimezone(tz).date()
    day = local_today - timedelta(days=(local_today.weekday() - weekday) % 7)
    slot = at_local(day, clock_time, tz)
    if slot > now:
        slot = at_local(day - timedelta(days=7), clock_time, tz)
    return slot


def within_grace(slot: datetime, now: datetime, grace: timedelta) -> bool:
    """Due: the slot has come and is not older than the grace window (missed runs are caught up once)."""
    return slot <= now <= slot + grace


def iso_week(slot: datetime, tz: tzinfo) -> str:
    """'2026-W46': the period key of a weekly message, from the slot's local date."""
    year, week, _ = slot.astimezone(tz).date().isocalendar()
    return f"{year}-W{week:02d}"
