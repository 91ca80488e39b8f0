"""The values buttons carry, made and read in one place.

- fix-it buttons under a confirmation: `update:<update id>` (the update they fix);
- buttons about a deal as it stands (reminders, resurfacing): `deal:<deal id>`;
- "which deal?": `<pending id>:<deal id>`; "is X a new deal?": `yes:<pending id>` / `no:<pending id>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class ButtonTarget:
    """What a fix-it or deal button points at."""

    kind: Literal["update", "deal"]
    id: int


def update_value(update_id: int) -> str:
    return f"update:{update_id}"


def deal_value(deal_id: int) -> str:
    """For buttons the scheduler puts on reminders (done, snooze, it's on them, delivered)."""
    return f"deal:{deal_id}"


def deal_choice_value(pending_id: int, deal_id: int) -> str:
    return f"{pending_id}:{deal_id}"


def new_deal_value(yes: bool, pending_id: int) -> str:
    return f"{'yes' if yes else 'no'}:{pending_id}"


MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database


def read_number(text: str) -> int | None:
    """An id written in ASCII digits ("12"); None for anything else ("²", "١٢", "-1", "9" * 30)."""
    if not (text.isascii() and text.isdecimal()) or len(text) > 10:
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def read_target(value: str) -> ButtonTarget | None:
    """`update:12` / `deal:7` (a bare number means an update id); None when unreadable."""
    kind, _, text = value.strip().partition(":")
    if not text:
        kind, text = "update", kind
    number = read_number(text)
    if kind not in ("update", "deal") or number is None:
        return None
    return ButtonTarget("update" if kind == "update" else "deal", number)


def read_pair(value: str) -> tuple[str, int] | None:
    """`<a>:<b>` with `b` a number, e.g. `yes:3` or `3:17`; None when unreadable."""
    first, _, second = value.strip().partition(":")
    number = read_number(second)
    if not first or number is None:
        return None
    return first, number
