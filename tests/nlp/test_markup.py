"""Slack and Teams markup to plain text."""

from __future__ import annotations

from datetime import date

import pytest

from nlp import slack_to_plain, teams_to_plain


def test_slack_mentions_links_and_emphasis() -> None:
    text = "<@U123> *Hooli* _needs_ ~old~ the <https://x.example/doc|SOW> :rocket: &amp; <#C1|deals> <!here>"
    assert slack_to_plain(text, {"U123": "Dana"}) == "@Dana Hooli needs old the SOW & #deals @here"


def test_slack_unknown_user_and_bare_link() -> None:
    assert slack_to_plain("<@U999> see <https://x.example>") == "@U999 see https://x.example"


@pytest.mark.parametrize("emoji", [":raised_hands:", "🙌", "🎉 🎉"])
def test_an_emoji_between_two_clauses_splits_them(parse, emoji: str) -> None:
    result = parse(f"Aviato: workshop was great {emoji} they want the SOW by Friday")
    assert (result.owner, result.due) == ("us", date(2026, 11, 27))


def test_slack_keeps_plain_text_alone() -> None:
    text = "Pied Piper: 5*3 seats, snake_case and 10:30:45"
    assert slack_to_plain(text) == text


def test_teams_mentions_tags_and_entities() -> None:
    html = "<p><at>Nextstep</at> Hooli&#39;s CFO&nbsp;signed &amp; <b>sent</b> the PO</p><p>next</p>"
    assert teams_to_plain(html) == "Hooli's CFO signed & sent the PO\nnext"


def test_an_arrow_is_no_sentence_break(parse) -> None:
    result = parse("Aviato demo ➡ next Tuesday")
    assert (result.next_step, result.due) == ("demo ➡", date(2026, 12, 1))
