"""The real parser, with PARSING.md's parse for the question phrasings the answering tests use.

The answering side is tested against the parse contract (nlp/types.py), not against how far
the parser has got: for the phrasings below it returns what PARSING.md's "Questions" table
says they mean; every other message goes to the real parser unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from nlp import DealIndex, MessageParser
from nlp.types import ME, ParsedMessage


def _q(query: str, **filters: Any) -> ParsedMessage:
    return ParsedMessage(intent="question", query=query, **filters)  # type: ignore[arg-type]


CONTRACT: dict[str, ParsedMessage] = {
    "what comes back this month": _q("parked", period="month"),
    "parked": _q("parked"),
    "gone quiet": _q("stale"),
    "overdue": _q("overdue"),
    "hot": _q("hot", temperature="hot"),
    "dana's deals": _q("pipeline", rep="dana"),
    "show me sam's deals": _q("pipeline", rep="sam"),
    "show me zed's deals": _q("pipeline", rep="zed"),
    "all deals": _q("pipeline"),
    "how much is in the pipeline": _q("forecast"),
    "totals by rep": _q("forecast"),
    "what's closing this quarter": _q("forecast", period="quarter"),
    "what's closing this month": _q("forecast", period="month"),
    "which reps are behind on updates": _q("reps"),
    "who hasn't updated this week": _q("reps"),
    "do you have any updates on the pied piper deal": _q("deal_status", deal="Pied Piper"),
    "which deals are hot": _q("hot", temperature="hot"),
    "what's warm": _q("hot", temperature="warm"),
    "cold deals": _q("hot", temperature="cold"),
    "what's due today": _q("due_today", period="today"),
    "what do i have today": _q("due_today", rep=ME, period="today"),
    "my day": _q("due_today", rep=ME, period="today"),
    "waiting on us for dana": _q("waiting_on_us", rep="dana"),
    "overdue in proposal": _q("overdue", stage="proposal"),
    "what's overdue for sam": _q("overdue", rep="sam"),
}


def contract_key(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").strip(" ?!.").split())


class ContractParser(MessageParser):
    """A MessageParser: the contract's parse for the phrasings above, the real parser's otherwise."""

    def __init__(self, real: MessageParser) -> None:  # the real one is built once per session
        self.real = real

    def parse(
        self, text: object, *, now: datetime, tz: str, deals: DealIndex | Iterable[str] = ()
    ) -> ParsedMessage:
        if isinstance(text, str) and contract_key(text) in CONTRACT:
            return CONTRACT[contract_key(text)]
        return self.real.parse(text, now=now, tz=tz, deals=deals)
