"""Text -> a parsed message: intent, deal, next step, owner, dates, stage, amount (spec: PARSING.md).

    parser = MessageParser()                      # builds the spaCy pipeline once
    deals = DealIndex(["Pied Piper", "Hooli"])    # one per workspace; add()/remove() as deals change
    parser.parse("Hooli: I'll send the SOW Friday", now=now, tz="America/Chicago", deals=deals)

`parse` never raises: bad input is an `other` message. Passing a DealIndex (rather than a list of
names) keeps parsing fast with many deals; a list is indexed and cached while it stays the same.
The pipeline is `spacy.blank("en")` plus one rule component per family (see nlp/pipeline.py);
`MessageParser.parse_doc` returns the analysed Doc for inspection. `nextstep parse` is nlp/cli.py.
"""

from nlp.deals import DealIndex
from nlp.markup import slack_to_plain, teams_to_plain
from nlp.parser import MessageParser
from nlp.types import ParsedMessage

__all__ = ["DealIndex", "MessageParser", "ParsedMessage", "slack_to_plain", "teams_to_plain"]
