"""The core's replies as Teams messages: an Adaptive Card with a plain-text fallback.

Buttons become `Action.Submit` actions whose data is `{"action": ..., "value": ...}`,
which Teams sends back as a message activity with that `value` (see translate.py).
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes

from assistant.messages import Button, Reply

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.4"  # rendered by Teams desktop, web and mobile

_STYLES = {"primary": "positive", "danger": "destructive"}


def _text_block(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


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
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "fallbackText": reply.text,
        "body": body or [_text_block(reply.text)],
    }
    if reply.buttons:
        card["actions"] = [_action(button) for button in reply.buttons]
    return card


def needs_card(reply: Reply) -> bool:
    """Plain sentences go as plain text; anything structured or with buttons as a card."""
    return bool(reply.title or reply.facts or reply.sections or reply.buttons)


def reply_activity(reply: Reply) -> Activity:
    """The message activity for one reply.

    A card carries `fallbackText` and the activity's `summary` (what notifications and
    clients that cannot render cards show); `text` stays empty so Teams does not show
    the same words twice above the card.
    """
    if not needs_card(reply):
        return Activity(type=ActivityTypes.message, text=reply.text, text_format="plain")
    return Activity(
        type=ActivityTypes.message,
        summary=reply.text,
        attachments=[CardFactory.adaptive_card(adaptive_card(reply))],
    )
