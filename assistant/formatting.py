"""How dates, ages, amounts and owners read in chat: "Fri 27 Nov", "3 days ago", "$120k", "on us"."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

OWNER_PHRASES = {"us": "on us", "prospect": "on them"}
STAGE_NAMES = {
    "lead": "lead",
    "qualified": "qualified",
    "demo": "demo",
    "proposal": "proposal",
    "negotiation": "negotiation",
    "won": "won",
    "lost": "lost",
}


def zone(*names: str | None) -> tzinfo:
    """The first valid IANA zone among `names` (person's, then workspace's), else UTC."""
    for name in names:
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return UTC


def zone_name(*names: str | None) -> str:
    """Like `zone` but the name, for the parser's `tz` argument."""
    for name in names:
        if name and zone(name) is not UTC:
            return name
    return "UTC"


def close_phrase(close_by: date, today: date) -> str:
    """ "closing by Wed 31 Mar" (the date a deal is expected to close)."""
    return f"closing by {format_date(close_by, today)}"


def format_date(day: date, today: date) -> str:
    """ "Fri 27 Nov", with the year only when it is not this year."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


# How an amount reads in the currency it was written in; other codes read "CHF 75k".
CURRENCY_SIGNS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "INR": "₹",
    "JPY": "¥",
    "AUD": "A$",
    "CAD": "C$",
    "NZD": "NZ$",
    "SGD": "S$",
    "BRL": "R$",
    "HKD": "HK$",
    "NGN": "₦",
    "ZAR": "R ",
    "KES": "KSh ",
}


def format_amount(amount: int, currency: str | None = None) -> str:
    """ "$950", "$1.5k", "€120k", "£1.2M", "CHF 75k": short enough for a list line.

    `currency` is the ISO 4217 code the amount was written in (a deal's `currency`); None reads
    in dollars. Amounts are never converted. This is the one money format: lists, answers,
    confirmations and the summary all call it with the deal's amount and currency.
    """
    sign = "-" if amount < 0 else ""
    code = currency_key(currency)
    symbol = CURRENCY_SIGNS.get(code, f"{code} ")
    value = abs(amount)
    if value >= 999_500:
        number = f"{_trim(value / 1_000_000)}M"
    elif value >= 1000:
        number = f"{_trim(value / 1000)}k"
    else:
        number = str(value)
    return f"{sign}{symbol}{number}"


def _trim(number: float) -> str:
    text = f"{number:.1f}" if number < 100 else f"{number:.0f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# A deal without a currency is in the workspace's own, which reads as dollars in `format_amount`.
DEFAULT_CURRENCY = "USD"


def currency_key(currency: str | None) -> str:
    """The currency an amount is counted in for totals: a deal without one is in the default."""
    return (currency or DEFAULT_CURRENCY).upper()


def format_age(then: datetime, now: datetime) -> str:
    """ "moments ago", "5 minutes ago", "3 hours ago", "yesterday", "3 days ago", "2 weeks ago"."""
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "moments ago"
    minutes = int(seconds // 60)
    if minutes < 60:
        return "a minute ago" if minutes == 1 else f"{minutes} minutes ago"
    hours = minutes // 60
    if hours < 24:
        return "an hour ago" if hours == 1 else f"{hours} hours ago"
    days = hours // 24
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 365:
        return f"{days // 30} months ago"
    years = days // 365
    return "a year ago" if years == 1 else f"{years} years ago"


def due_phrase(due: date, today: date) -> str:
    """ "due Fri 27 Nov", "due today", "overdue by 3 days"."""
    days = (due - today).days
    if days < 0:
        return f"overdue by {plural(-days, 'day')} (was due {format_date(due, today)})"
    if days == 0:
        return "due today"
    if days == 1:
        return f"due tomorrow, {format_date(due, today)}"
    return f"due {format_date(due, today)}"


def owner_phrase(owner: str | None) -> str:
    return OWNER_PHRASES.get(owner or "", "no owner yet")


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 day", "3 days", "1 update", "2 updates"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def quote(text: str, limit: int = 120) -> str:
    """A message shortened to one line for a list or a history entry."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def without_deal_label(text: str, name: str) -> str:
    """A message without the deal's name that labels it: "Hooli: demo on Thursday" and "Hooli demo
    on Thursday" -> "demo on Thursday". The whole message when nothing else is left or the name
    runs on ("Hooli's CFO ...")."""
    flat = " ".join(text.split())
    if flat.casefold().startswith(name.casefold()):
        rest = flat[len(name) :]
        stripped = rest.lstrip(" :—–-,")
        if stripped != rest and stripped:
            return stripped
    return flat


def as_sentence(text: str) -> str:
    """The text with a capital first letter, as a stored reason reads ("Demo on Thursday")."""
    return text[:1].upper() + text[1:]


class Sums:
    """Deal counts and amounts per currency ("proposal", "Dana", "won this week"), added up one by one."""

    def __init__(self) -> None:
        self.count = 0
        self.amounts: dict[str, int] = defaultdict(int)

    def add(self, amount: int | None, currency: str | None, count: int = 1) -> None:
        self.count += count
        if amount:
            self.amounts[currency_key(currency)] += amount

    def money(self) -> str:
        """ "$240k + €75k": per currency, the largest first; empty when no deal has an amount."""
        ordered = sorted(self.amounts.items(), key=lambda item: (-item[1], item[0]))
        return " + ".join(format_amount(value, currency) for currency, value in ordered)

    def text(self) -> str:
        """ "4 deals · $240k + €75k"; the count alone when no deal has an amount."""
        money = self.money()
        return plural(self.count, "deal") + (f" · {money}" if money else "")


# Who made an update nobody in the chat wrote, by where it came from (storage keeps the source in its id).
_SOURCES = (("crm:hubspot:", "HubSpot"), ("crm:salesforce:", "Salesforce"), ("import:", "a CSV import"))


def author_name(update: Any) -> str:
    """Who an update is from: its author, else its source ("HubSpot"), else "someone"."""
    if update.author is not None:
        return str(update.author.display_name)
    message_id = str(getattr(update, "platform_message_id", "") or "")
    return next((name for prefix, name in _SOURCES if message_id.startswith(prefix)), "someone")
