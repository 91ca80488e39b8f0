"""Date arithmetic for the spec's date table: each function resolves one kind of expression.

`today` is the writer's local date. Weeks start on Monday (weekday 0).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# timedelta(n) for the day counts of weekday arithmetic and of most spans ("in 3 weeks"): adding a
# timedelta is cheap, building one is not.
_DAYS = tuple(timedelta(n) for n in range(128))
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # calendar.mdays


def days(count: int) -> timedelta:
    """timedelta(count): from the table when it holds it."""
    return _DAYS[count] if 0 <= count < 128 else timedelta(count)


def days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], without the weekday monthrange also works out."""
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    if 1 <= month <= 12:
        return _MONTH_DAYS[month]
    return calendar.monthrange(year, month)[1]  # raises calendar.IllegalMonthError


def add_days(today: date, count: int) -> date:
    return today + (_DAYS[count] if 0 <= count < 128 else timedelta(count))


def tomorrow(today: date) -> date:
    return today + _DAYS[1]


def day_after_tomorrow(today: date) -> date:
    return today + _DAYS[2]


def add_months(day: date, months: int) -> date:
    """Same day of month `months` later, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    number = day.day
    if number > 28:  # a day every month has needs no clamping
        number = min(number, days_in_month(year, month))
    return date(year, month, number)


def month_end(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))


def next_weekday(today: date, weekday: int) -> date:
    """'Friday', 'by Friday', 'this Friday': the next such day after today (today excluded)."""
    return today + _DAYS[(weekday - today.weekday()) % 7 or 7]


def monday_of_next_week(today: date) -> date:
    """'next week'."""
    return today + _DAYS[7 - today.weekday()]


def weekday_of_next_week(today: date, weekday: int) -> date:
    """'next Friday': that weekday in the next calendar week."""
    return today + days(7 - today.weekday() + weekday)  # Monday of next week, plus `weekday` days


def end_of_week(today: date) -> date:
    """'this week', 'end of week', 'EOW': Friday of this week; on a weekend, Friday of the next."""
    if today.weekday() <= 4:
        return today + _DAYS[4 - today.weekday()]
    return weekday_of_next_week(today, 4)


def end_of_next_week(today: date) -> date:
    return weekday_of_next_week(today, 4)


def end_of_month(today: date) -> date:
    return month_end(today.year, today.month)


def first_of_next_month(today: date) -> date:
    return add_months(today.replace(day=1), 1)


def named_month(today: date, month: int) -> date:
    """'in March': the first day of the next March that has not passed (this month has)."""
    year = today.year if month > today.month else today.year + 1
    return date(year, month, 1)


def month_and_day(today: date, month: int, day: int, year: int | None = None) -> date | None:
    """'Dec 3': that date this year if it is still to come, else next year; None if no such day."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for candidate_year in range(today.year, today.year + 9):  # Feb 29 waits for a leap year
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def day_of_month(today: date, day: int) -> date | None:
    """'the 15th': the next 15th after today."""
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(13):
        if day <= days_in_month(year, month):
            candidate = date(year, month, day)
            if candidate > today:
                return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def mid_month(today: date, month: int) -> date:
    """'mid-March': the 15th of the next March whose 15th is still to come."""
    candidate = date(today.year, month, 15)
    return candidate if candidate >= today else date(today.year + 1, month, 15)


def end_of_named_month(today: date, month: int) -> date:
    """'end of March': the last day of the next March whose end is still to come."""
    candidate = month_end(today.year, month)
    return candidate if candidate >= today else month_end(today.year + 1, month)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(today: date, quarter: int, year: int | None = None) -> date:
    """'Q2', 'in Q2': the first day of the next such quarter that has not started."""
    month = 3 * quarter - 2
    if year is not None:
        return date(year, month, 1)
    candidate = date(today.year, month, 1)
    return candidate if candidate > today else date(today.year + 1, month, 1)


def end_of_quarter(today: date) -> date:
    """'end of quarter', 'EOQ': the last day of this calendar quarter."""
    return month_end(today.year, 3 * quarter_of(today))


def end_of_named_quarter(today: date, quarter: int, year: int | None = None) -> date:
    """'end of Q3': the last day of the next Q3 whose end is still to come."""
    if year is not None:
        return month_end(year, 3 * quarter)
    candidate = month_end(today.year, 3 * quarter)
    return candidate if candidate >= today else month_end(today.year + 1, 3 * quarter)


def next_quarter(today: date) -> date:
    """'next quarter': the first day of the next calendar quarter."""
    return add_months(date(today.year, 3 * quarter_of(today) - 2, 1), 3)


def end_of_next_quarter(today: date) -> date:
    start = next_quarter(today)
    return month_end(start.year, start.month + 2)


def next_year(today: date) -> date:
    """'next year', 'after new year': January 1st of next year."""
    return date(today.year + 1, 1, 1)


def this_weekend(today: date) -> date:
    """'this weekend', 'over the weekend': Saturday of this week; today on a Saturday or a Sunday."""
    if today.weekday() >= 5:
        return today
    return today + _DAYS[5 - today.weekday()]


def next_weekend(today: date) -> date:
    """'next weekend': Saturday of the next week."""
    return weekday_of_next_week(today, 5)


def mid_this_month(today: date) -> date:
    """'mid-month': the 15th of this month while it is still to come, else of next month."""
    if today.day <= 15:
        return today.replace(day=15)
    return first_of_next_month(today).replace(day=15)


def half_start(today: date, half: int, year: int | None = None) -> date:
    """'H2', 'second half of the year': January 1st / July 1st, the next such half that has not started."""
    month = 1 if half == 1 else 7
    if year is not None:
        return date(year, month, 1)
    candidate = date(today.year, month, 1)
    return candidate if candidate > today else date(today.year + 1, month, 1)
