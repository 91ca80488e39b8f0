"""A parser that reads some messages as PARSING.md says they read, and the rest with the real parser.

The update flow is tested against the parse contract (nlp/types.py), not against how far the
parser has got: a dialogue scripts the parse of the messages whose reading it relies on, written
as the spec's examples say (`updates` per deal, `action`, `unpark`, `currency`, ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from nlp import DealIndex, MessageParser
from nlp.types import DealUpdate, ParsedMessage


@dataclass
class ScriptedParser:
    """`script[text]` is that message's parse (one `DealUpdate` per deal); else the real parser's."""

    real: MessageParser
    script: dict[str, ParsedMessage] = field(default_factory=dict)

    def says(self, text: str, *updates: DealUpdate) -> None:
        """Script `text` as an update about these deals, in order."""
        self.script[text] = ParsedMessage.of_updates(updates)

    def parse(
        self, text: str, *, now: datetime, tz: str, deals: DealIndex | Iterable[str] = ()
    ) -> ParsedMessage:
        scripted = self.script.get(text)
        if scripted is not None:
            return scripted
        return self.real.parse(text, now=now, tz=tz, deals=deals)
