"""Bad input gets a well-formed result, quickly, and never an exception."""

from __future__ import annotations

import time
from datetime import date

import pytest

from nlp import ParsedMessage

BAD = [
    "",
    "   \n\t  ",
    "x" * 50_000,
    "Hooli: need to send the deck Friday " * 2_000,
    "\x00\x01\x02\x7f\x1b[31m",
    "\ufffd\ufffd\ufffd",
    bytes(range(256)).decode("latin-1"),
    "🚀🚀🎉🙏",
    ":rocket: :tada:",
    "Hooli: 送信しました next Friday — merci beaucoup, Привет",
    "<@U123> <https://x.example|label> *bold* _it_ ~st~ &amp; &lt;",
    "<at>Nextstep</at> &nbsp;Hooli&nbsp;?",
    "?" * 500,
    "$" * 1000 + "9" * 1000,
    "in in in in in " * 400,
    "the the 15th 15th Q5 Feb 30 2027-13-45 mid-Smarch end of of of",
]


@pytest.mark.parametrize("text", BAD, ids=range(len(BAD)))
def test_bad_input_never_raises(parse, text: str) -> None:
    start = time.perf_counter()
    parsed = parse(text)
    assert isinstance(parsed, ParsedMessage)
    assert parsed.intent in {"update", "question", "other"}
    assert set(parsed.to_json("id")) >= {"id", "intent", "deal", "owner", "due"}
    assert time.perf_counter() - start < 0.5


def test_non_string_input_is_other(parser) -> None:
    from datetime import datetime

    parsed = parser.parse(None, now=datetime(2026, 11, 24), tz="Not/AZone", deals=["Hooli"])  # type: ignore[arg-type]
    assert parsed.intent == "other"


def test_unknown_time_zone_does_not_raise(parser) -> None:
    from datetime import UTC, datetime

    parsed = parser.parse(
        "Hooli: send it tomorrow", now=datetime(2026, 11, 24, tzinfo=UTC), tz="Mars/Base", deals=[]
    )
    assert parsed.intent == "update"


def test_empty_and_emoji_only_are_other(parse) -> None:
    assert parse("").intent == "other"
    assert parse("🚀🚀").intent == "other"


def test_markup_does_not_hide_the_update(parse) -> None:
    parsed = parse("<@U0BOT> *Hooli*: waiting on <https://x.example/legal|their legal> :hourglass:")
    assert (parsed.deal, parsed.owner) == ("Hooli", "prospect")
    parsed = parse("<at>Nextstep</at> Hooli: I&#39;ll send the SOW by Friday")
    assert (parsed.deal, parsed.owner, parsed.due is not None) == ("Hooli", "us", True)


def test_a_lone_surrogate_does_not_hide_the_update(parse) -> None:
    parsed = parse("Hooli\ud800: send the deck by Friday")
    assert (parsed.intent, parsed.deal, parsed.due) == ("update", "Hooli", date(2026, 11, 27))
