"""What the parser makes of one chat message: the contract between nlp/ and assistant/.

The fields follow ../shared/spec/PARSING.md; `nextstep parse` prints them as JSON.

An update message carries one `DealUpdate` per deal it reports on, in order (`updates`); the
top-level update fields of `ParsedMessage` repeat the first one's, so code that reads a one-deal
message reads `parsed.deal`, `parsed.owner`, ... as before. A question carries its query and its
filters (`rep`, `stage`, `temperature`, `period`) and no `updates`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, NamedTuple

Intent = Literal["update", "question", "other"]
Owner = Literal["us", "prospect"]
Stage = Literal["lead", "qualified", "demo", "proposal", "negotiation", "won", "lost"]
Temperature = Literal["cold", "warm", "hot"]
Query = Literal[
    "deal_status",
    "history",
    "waiting_on_us",
    "waiting_on_prospect",
    "overdue",
    "stale",
    "parked",
    "pipeline",
    "due_today",
    "hot",
    "forecast",
    "reps",
]
# What a message asks the assistant to do to a deal beyond a plain update (PARSING.md, "Actions in words").
Action = Literal["done", "snooze", "remind", "rename", "reassign", "reopen", "close"]
# The period a `forecast` or `due_today` question asks about: the current one, or the next.
Period = Literal[
    "today", "week", "month", "quarter", "year", "next_week", "next_month", "next_quarter", "next_year"
]
# How a workspace writes slashed dates: month first (US) or day first; None lets the writer's zone decide.
DateOrder = Literal["mdy", "dmy"]

STAGES: tuple[Stage, ...] = ("lead", "qualified", "demo", "proposal", "negotiation", "won", "lost")
CLOSED_STAGES: frozenset[str] = frozenset({"won", "lost"})
ACTIONS: tuple[Action, ...] = Action.__args__  # type: ignore[attr-defined]
QUERIES: tuple[Query, ...] = Query.__args__  # type: ignore[attr-defined]
PERIODS: tuple[Period, ...] = Period.__args__  # type: ignore[attr-defined]
# `rep` of a list question about the asker's own deals ("my pipeline", "what do I have today").
ME = "me"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


class DealUpdate(NamedTuple):
    """What one message says about one deal.

    `deal` is the stored name of a known deal, or the name as written of a new deal (`is_new_deal`).
    When several known deals match equally well, `deal` is None and `candidates` lists them.
    `next_step` None with an `owner` means the stored step stays ("still nothing from engineering");
    `due` without a `next_step` moves the stored step's date ("pushed to end of Q1").
    """

    deal: str | None = None
    is_new_deal: bool = False
    candidates: tuple[str, ...] = ()
    owner: Owner | None = None
    next_step: str | None = None
    due: date | None = None
    stage: Stage | None = None
    amount: int | None = None
    currency: str | None = None  # ISO 4217, only when written with the amount
    park_until: date | None = None
    unpark: bool = False
    temperature: Temperature | None = None
    close_by: date | None = None
    action: Action | None = None
    new_name: str | None = None  # for `rename`
    rep: str | None = None  # for `reassign`: the person as written, without a possessive
    # "park Hooli" with no date: nothing is parked, the assistant asks until when (not a spec field).
    park_asked: bool = False

    def to_json(self) -> dict[str, Any]:
        """The spec's per-deal fields, null where absent."""
        return {
            "deal": self.deal,
            "candidates": list(self.candidates) or None,
            "owner": self.owner,
            "next_step": self.next_step,
            "due": _day(self.due),
            "stage": self.stage,
            "amount": self.amount,
            "currency": self.currency,
            "park_until": _day(self.park_until),
            "unpark": self.unpark,
            "temperature": self.temperature,
            "close_by": _day(self.close_by),
            "action": self.action,
            "new_name": self.new_name,
            "rep": self.rep,
        }


class ParsedMessage(NamedTuple):
    """One message, understood (immutable: `_replace` makes a changed copy).

    For an update, the fields from `deal` to `rep` are the first deal's (`updates[0]`); build one
    with `ParsedMessage.of_updates`. For a question, `deal`/`candidates` name the deal asked about,
    and `rep`, `stage`, `temperature`, `period` are the list's filters (`rep` is `ME` for the
    asker's own deals). A NamedTuple, not a frozen dataclass: made once per message.
    """

    intent: Intent
    deal: str | None = None
    is_new_deal: bool = False
    candidates: tuple[str, ...] = ()
    owner: Owner | None = None
    next_step: str | None = None
    due: date | None = None
    stage: Stage | None = None
    amount: int | None = None
    currency: str | None = None
    park_until: date | None = None
    unpark: bool = False
    temperature: Temperature | None = None
    close_by: date | None = None
    action: Action | None = None
    new_name: str | None = None
    rep: str | None = None
    park_asked: bool = False
    query: Query | None = None
    period: Period | None = None
    updates: tuple[DealUpdate, ...] = ()

    @classmethod
    def of_updates(cls, updates: tuple[DealUpdate, ...] | list[DealUpdate]) -> ParsedMessage:
        """An `update` message about these deals, in order; its top-level fields are the first's."""
        updates = tuple(updates)
        if not updates:
            return cls(intent="other")
        return cls("update", **updates[0]._asdict(), updates=updates)

    def deal_updates(self) -> tuple[DealUpdate, ...]:
        """The per-deal updates; a message made without `updates` counts as one, from its own fields."""
        if self.updates:
            return self.updates
        if self.intent != "update":
            return ()
        return (self.first_update(),)

    def first_update(self) -> DealUpdate:
        """The top-level per-deal fields as a DealUpdate."""
        return DealUpdate(**{name: getattr(self, name) for name in DealUpdate._fields})

    def to_json(self, message_id: Any = None) -> dict[str, Any]:
        """The `nextstep parse` output line: the spec's fields, null where absent."""
        first = self.first_update().to_json()
        if self.intent == "question" and first["rep"] == ME:
            first["rep"] = None  # "my pipeline": the asker, who has no name in the message
        return {
            "id": message_id,
            "intent": self.intent,
            **first,
            "query": self.query,
            "period": self.period,
            "updates": [u.to_json() for u in self.deal_updates()],
        }
