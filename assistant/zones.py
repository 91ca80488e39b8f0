"""Time zones as people say them: an IANA name, or a common abbreviation mapped to a real zone
with daylight saving ("EST" is New York's clock, EDT in summer, not a fixed UTC-5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Abbreviations and names -> the zone whose clock people mean by them.
ABBREVIATIONS = {
    **dict.fromkeys(("est", "edt", "et", "eastern", "eastern time", "us eastern"), "America/New_York"),
    **dict.fromkeys(("cst", "cdt", "ct", "central", "central time", "us central"), "America/Chicago"),
    **dict.fromkeys(("mst", "mdt", "mt", "mountain", "mountain time", "us mountain"), "America/Denver"),
    **dict.fromkeys(("pst", "pdt", "pt", "pacific", "pacific time", "us pacific"), "America/Los_Angeles"),
    **dict.fromkeys(("akst", "akdt", "alaska"), "America/Anchorage"),
    **dict.fromkeys(("hst", "hawaii"), "Pacific/Honolulu"),
    **dict.fromkeys(("gmt", "bst", "uk", "london"), "Europe/London"),
    **dict.fromkeys(("wet", "west"), "Europe/Lisbon"),
    **dict.fromkeys(("cet", "cest", "mez", "mesz"), "Europe/Berlin"),
    **dict.fromkeys(("eet", "eest"), "Europe/Athens"),
    "msk": "Europe/Moscow",
    "ist": "Asia/Kolkata",
    "pkt": "Asia/Karachi",
    "gst": "Asia/Dubai",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    **dict.fromkeys(("aest", "aedt"), "Australia/Sydney"),
    **dict.fromkeys(("acst", "acdt"), "Australia/Adelaide"),
    "awst": "Australia/Perth",
    **dict.fromkeys(("nzst", "nzdt"), "Pacific/Auckland"),
    "sast": "Africa/Johannesburg",
    "wat": "Africa/Lagos",
    "eat": "Africa/Nairobi",
    "brt": "America/Sao_Paulo",
    "art": "America/Argentina/Buenos_Aires",
    **dict.fromkeys(("utc", "z", "zulu"), "UTC"),
    **dict.fromkeys(("arizona", "phoenix", "mst arizona", "arizona mst", "mst (arizona)"), "America/Phoenix"),
}
# Abbreviations that name several clocks: the assistant asks which one.
AMBIGUOUS = {
    "ast": ("America/Halifax", "Asia/Riyadh"),
    "adt": ("America/Halifax",),
    "sst": ("Asia/Singapore", "Pacific/Pago_Pago"),
    "cat": ("Africa/Maputo",),
}
NO_DST_NOTES = {"America/Phoenix": "Arizona keeps MST all year: no daylight saving"}


@dataclass(frozen=True, slots=True)
class ZoneAnswer:
    """What a said zone means: one IANA zone (with a note), or the zones it could be."""

    zone: str | None
    choices: tuple[str, ...] = ()
    note: str | None = None


def read_zone(said: str) -> ZoneAnswer:
    """ "EST" -> America/New_York, "Europe/Berlin" -> itself, "AST" -> ask; (None, ()) if unknown."""
    words = " ".join(re.sub(r"[()]", " ", said).split()).strip(" .").casefold()
    if words in ABBREVIATIONS:
        zone = ABBREVIATIONS[words]
        return ZoneAnswer(zone, note=NO_DST_NOTES.get(zone))
    if words in AMBIGUOUS:
        choices = AMBIGUOUS[words]
        return ZoneAnswer(None, choices) if len(choices) > 1 else ZoneAnswer(choices[0])
    exact = _iana(said.strip())
    return ZoneAnswer(exact, note=NO_DST_NOTES.get(exact or ""))


def _iana(name: str) -> str | None:
    """The IANA name for `name`, matched case-insensitively; only region/city names and UTC."""
    if "/" not in name and name.casefold() != "utc":
        return None  # "EST", "MST", "CET" are fixed or legacy zones: people mean the local clock
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    return _by_casefold().get(name.casefold())


@cache
def _by_casefold() -> dict[str, str]:
    return {candidate.casefold(): candidate for candidate in available_timezones()}
