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
from nlp.types import ParsedMessage


def _q(query: str, **filters: Any) -> ParsedMessage:
    return ParsedMessage(intent="question", query=query, **filters)  # type: ignore[arg-type]


# Only the phrasings the parser (p-questions, merged) does not read yet; everything else the
# answering tests say goes through the real parser.
CONTRACT: dict[str, ParsedMessage] = {
    "waiting on us for dana": _q("waiting_on_us", rep="dana"),
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
