"""The calendar periods a question asks about ("this month", "next quarter"), as date windows."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

# What each period is called in a reply's title.
PERIOD_NAMES = {
    "today": "today",
    "week": "this week",
    "month": "this month",
    "quarter": "this quarter",
    "year": "this year",
    "next_week": "next week",
    "next_month": "next month",
    "next_quarter": "next quarter",
    "next_year": "next year",
}


def period_window(period: str, today: date) -> tuple[date, date]:
    """The first and last day of `period` (PARSING.md's `period`), the current one or the next."""
    if period == "today":
        return today, today
    if period in ("week", "next_week"):
        monday = today - timedelta(days=today.weekday())
        if period == "next_week":
            monday += timedelta(days=7)
        return monday, monday + timedelta(days=6)
    if period in ("month", "next_month"):
        year, month = today.year, today.month
        if period == "next_month":
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    if period in ("quarter", "next_quarter"):
        year, quarter = today.year, (today.month - 1) // 3
        if period == "next_quarter":
            year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
        first_month, last_month = quarter * 3 + 1, quarter * 3 + 3
        return date(year, first_month, 1), date(year, last_month, monthrange(year, last_month)[1])
    year = today.year + (1 if period == "next_year" else 0)
    return date(year, 1, 1), date(year, 12, 31)


def period_name(period: str | None) -> str:
    return PERIOD_NAMES.get(period or "", "")
