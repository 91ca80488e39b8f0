"""What the parser makes of one chat message: the contract between nlp/ and assistant/.

The fields follow ../shared/spec/PARSING.md; `nextstep parse` prints them as JSON.
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
]

STAGES: tuple[Stage, ...] = ("lead", "qualified", "demo", "proposal", "negotiation", "won", "lost")
CLOSED_STAGES: frozenset[str] = frozenset({"won", "lost"})


class ParsedMessage(NamedTuple):
    """One message, understood (immutable: `_replace` makes a changed copy).

    `deal` is the stored name of a known deal, or the name as written of a new
    deal (`is_new_deal`). When several known deals match equally well, `deal`
    is None and `candidates` lists them, so the assistant can ask which one.
    A NamedTuple, not a frozen dataclass: made once per message, and a frozen
    dataclass's field-by-field init cost ~4% of a whole parse.
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
    park_until: date | None = None
    temperature: Temperature | None = None
    query: Query | None = None
    # For `pipeline` questions: whose deals ("Dana", or "me" for "my pipeline")
    # and which stage ("what's in proposal").
    query_person: str | None = None
    query_stage: Stage | None = None

    def to_json(self, message_id: Any = None) -> dict[str, Any]:
        """The `nextstep parse` output line: the spec's fields, null where absent."""
        return {
            "id": message_id,
            "intent": self.intent,
            "deal": self.deal,
            "owner": self.owner,
            "next_step": self.next_step,
            "due": self.due.isoformat() if self.due else None,
            "stage": self.stage,
            "amount": self.amount,
            "park_until": self.park_until.isoformat() if self.park_until else None,
            "temperature": self.temperature,
            "query": self.query,
        }
