"""Text -> a parsed message: intent, deal, next step, owner, dates, stage, amount (spec: PARSING.md)."""

from nlp.deals import DealIndex
from nlp.markup import slack_to_plain, teams_to_plain
from nlp.parser import MessageParser
from nlp.types import ParsedMessage

__all__ = ["DealIndex", "MessageParser", "ParsedMessage", "slack_to_plain", "teams_to_plain"]
