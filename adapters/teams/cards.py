"""The core's replies as Teams messages: an Adaptive Card with a plain-text fallback.

Buttons become `Action.Submit` actions whose data is `{"action": ..., "value": ...}`,
which Teams sends back as a message activity with that `value` (see translate.py).
"""

from __future__ import annotations

import json
from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes

from assistant.messages import Button, Reply

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.4"  # rendered by Teams desktop, web and mobile

_STYLES = {"primary": "positive", "danger": "destructive"}
# Teams refuses a message over about 28 KB. A card and the activity's summary are kept under this
# many bytes of JSON, leaving room for the activity around them; a longer reply (a 500-deal
# summary) is sent as pages.
CARD_BYTES = 24_000
TEXT_LIMIT = 2_000  # one TextBlock (a next step pasted from an e-mail stays readable)
SUMMARY_LIMIT = 1_000  # the activity's summary and the card's fallbackText: notification text


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card_bytes(card: dict[str, Any]) -> int:
    return len(json.dumps(card, ensure_ascii=False).encode("utf-8"))


def _text_block(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": _clip(text, TEXT_LIMIT), "wrap": True, **extra}


def _action(button: Button) -> dict[str, Any]:
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": button.label,
        "data": {"action": button.action, "value": button.value},
    }
    if button.style in _STYLES:
        action["style"] = _STYLES[button.style]
    return action


def _lines(text: str) -> list[dict[str, Any]]:
    """One TextBlock per line: Teams clients differ on single newlines inside a TextBlock."""
    lines = [line for line in text.splitlines() if line.strip()]
    return [_text_block(line, spacing="None") if i else _text_block(line) for i, line in enumerate(lines)]


def _structured(reply: Reply) -> list[dict[str, Any]]:
    """An answer or a list: title, facts, then each section's lines."""
    body: list[dict[str, Any]] = []
    if reply.title:
        body.append(_text_block(reply.title, weight="Bolder", size="Medium"))
    if reply.facts:
        body.append({"type": "FactSet", "facts": [{"title": f.label, "value": f.value} for f in reply.facts]})
    for section in reply.sections:
        if section.title:
            body.append(_text_block(section.title, weight="Bolder", spacing="Medium"))
        for line in section.lines:
            body.append(_text_block(f"- {line}", spacing="None"))
        if section.more:
            body.append(_text_block(f"…and {section.more} more", isSubtle=True, spacing="None"))
    return body


def _compact(reply: Reply) -> list[dict[str, Any]]:
    """A confirmation or a plain message: its own words, plus any fact they leave out."""
    body: list[dict[str, Any]] = []
    if reply.title and reply.title not in reply.text:
        body.append(_text_block(reply.title, weight="Bolder"))
    body += _lines(reply.text)
    extra = [f for f in reply.facts if f.value not in reply.text]
    if extra:
        body.append({"type": "FactSet", "facts": [{"title": f.label, "value": f.value} for f in extra]})
    return body


def adaptive_card(reply: Reply) -> dict[str, Any]:
    """The Adaptive Card for a reply, with its buttons as Action.Submit actions."""
    structured = reply.kind != "confirmation" and bool(reply.facts or reply.sections)
    body = _structured(reply) if structured else _compact(reply)
    return _card(reply, body or [_text_block(reply.text)], with_buttons=True)


def _card(reply: Reply, body: list[dict[str, Any]], *, with_buttons: bool) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "fallbackText": _clip(reply.text, SUMMARY_LIMIT),
        "body": body,
    }
    if with_buttons and reply.buttons:
        card["actions"] = [_action(button) for button in reply.buttons]
    return card


def adaptive_cards(reply: Reply) -> list[dict[str, Any]]:
    """The reply as one card, or as pages that each fit in a Teams message (buttons on the last).

    A page break falls between lines, never inside one; each page after the first says what it
    continues, so a reader scrolling the channel knows where it belongs.
    """
    whole = adaptive_card(reply)
    # The activity's summary travels beside each card (three bytes a character in Japanese).
    budget = CARD_BYTES - len(_clip(reply.text, SUMMARY_LIMIT).encode("utf-8"))
    if card_bytes(whole) <= budget:
        return [whole]
    title = reply.title or "continued"
    pages: list[list[dict[str, Any]]] = [[]]
    for element in whole["body"]:
        page = pages[-1]
        if page and card_bytes(_card(reply, [*page, element], with_buttons=False)) > budget:
            pages.append([_text_block(f"{title} (continued)", weight="Bolder", isSubtle=True), element])
        else:
            page.append(element)
    last = len(pages) - 1
    cards = [_card(reply, page, with_buttons=index == last) for index, page in enumerate(pages)]
    if card_bytes(cards[-1]) > budget and len(pages[-1]) > 1:  # the buttons tipped it over
        cards[-1] = _card(reply, pages[-1], with_buttons=False)
        cards.append(_card(reply, [_text_block(title, weight="Bolder")], with_buttons=True))
    return cards


def needs_card(reply: Reply) -> bool:
    """Plain sentences go as plain text; anything structured or with buttons as a card."""
    return bool(reply.title or reply.facts or reply.sections or reply.buttons)


def reply_activity(reply: Reply) -> Activity:
    """The message activity for one reply, as one card (its first page if it needs several).

    A card carries `fallbackText` and the activity's `summary` (what notifications and
    clients that cannot render cards show); `text` stays empty so Teams does not show
    the same words twice above the card.
    """
    return reply_activities(reply)[0]


def reply_activities(reply: Reply) -> list[Activity]:
    """The message activities for one reply: one, or one per page of a card too big for Teams."""
    if not needs_card(reply):
        return [Activity(type=ActivityTypes.message, text=_clip(reply.text, 20_000), text_format="plain")]
    return [
        Activity(
            type=ActivityTypes.message,
            summary=_clip(reply.text, SUMMARY_LIMIT),
            attachments=[CardFactory.adaptive_card(card)],
        )
        for card in adaptive_cards(reply)
    ]


async def send_reply(turn_context: Any, reply: Reply) -> None:
    """Send one reply in a turn: a long one as several cards, each counted in /metrics."""
    from ops.metrics import count_reply

    for activity in reply_activities(reply):
        await count_reply("teams", turn_context.send_activity(activity))
