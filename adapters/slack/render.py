"""The core's `Reply` as Block Kit: compact confirmations, answers as sections, buttons that work.

Every rendering keeps `text` (the reply's plain text) as the notification / fallback text, and
stays inside Block Kit's limits (section text 3000 chars, 10 fields, 25 buttons, 75-char labels).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.messages import Button, Reply, Section

Block = dict[str, Any]

SECTION_LIMIT = 3000
FIELD_LIMIT = 2000
MAX_FIELDS = 10
MAX_BUTTONS = 25
LABEL_LIMIT = 75
VALUE_LIMIT = 2000
HOME_BLOCK_LIMIT = 100
MESSAGE_BLOCK_LIMIT = 50
TEXT_LIMIT = 3900
# One list line (a deal and its next step) at most: a 2,880-character next step must not
# push every other deal of its section out into "…and N more".
LINE_LIMIT = 300

_ACTION_ID = re.compile(r"^(?P<name>[a-z_]+)\.\d+$")
ACTION_ID_PATTERN = re.compile(_ACTION_ID.pattern)


def escape(text: str) -> str:
    """Escape the three characters Slack reserves for its markup (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_CUT_ENTITY = re.compile(r"&[a-z]{0,3}$")


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, "…" where it was cut (never inside an escaped &amp; &lt; &gt;)."""
    if len(text) <= limit:
        return text
    return _CUT_ENTITY.sub("", text[: limit - 1]).rstrip() + "…"


def _escaped_line(line: str) -> str:
    return _clip(escape(line), LINE_LIMIT)


def _mrkdwn(text: str, limit: int = SECTION_LIMIT) -> Block:
    return {"type": "mrkdwn", "text": _clip(text, limit)}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def action_id_for(button: Button, index: int) -> str:
    """Unique within a message (Slack rejects duplicates), and still says which action it is."""
    return f"{button.action}.{index}"


def action_name(action_id: str) -> str | None:
    """The ACTION_* name an action_id we rendered carries, or None for someone else's."""
    match = _ACTION_ID.match(action_id)
    return match.group("name") if match else None


def _actions(buttons: tuple[Button, ...]) -> list[Block]:
    if not buttons:
        return []
    elements: list[Block] = []
    for index, button in enumerate(buttons[:MAX_BUTTONS]):
        element: Block = {
            "type": "button",
            "text": {"type": "plain_text", "text": _clip(button.label, LABEL_LIMIT), "emoji": True},
            "action_id": action_id_for(button, index),
            "value": button.value[:VALUE_LIMIT],
        }
        if button.style != "default":
            element["style"] = button.style
        elements.append(element)
    return [{"type": "actions", "elements": elements}]


def _fact_fields(reply: Reply) -> list[Block]:
    fields = [_mrkdwn(f"*{escape(f.label)}*\n{escape(f.value)}", FIELD_LIMIT) for f in reply.facts]
    return [
        {"type": "section", "fields": fields[i : i + MAX_FIELDS]} for i in range(0, len(fields), MAX_FIELDS)
    ]


def section_text(section: Section, limit: int = SECTION_LIMIT) -> str:
    """One bucket of a list: a bold title, one bullet per line, and how many were left out.

    Lines that would not fit in one section are counted into "…and N more" instead.
    """
    head = [f"*{escape(section.title)}*"] if section.title else []
    budget = limit - sum(len(h) + 1 for h in head) - 40  # room for the "…and N more" line
    bullets: list[str] = []
    more = section.more
    for index, line in enumerate(section.lines):
        bullet = _clip(f"• {_escaped_line(line)}", budget)
        if sum(len(b) + 1 for b in bullets) + len(bullet) + 1 > budget:
            more += len(section.lines) - index
            break
        bullets.append(bullet)
    tail = [f"_…and {more} more_"] if more else []
    if not section.lines and not section.more:
        tail = ["_nothing_"]
    return "\n".join(head + bullets + tail)


def section_chunks(section: Section, limit: int = SECTION_LIMIT) -> list[str]:
    """A bucket of a list as one or more section texts, each inside Block Kit's limit.

    A long page (a "show all") continues in the next block rather than being cut: what the
    "more" button skips must have been shown.
    """
    head = f"*{escape(section.title)}*" if section.title else ""
    tail = f"_…and {section.more} more_" if section.more else ("_nothing_" if not section.lines else "")
    chunks: list[str] = []
    current = [head] if head else []
    for line in section.lines:
        bullet = _clip(f"• {_escaped_line(line)}", limit - 10)  # a very long step is clipped by line
        if current and sum(len(c) + 1 for c in current) + len(bullet) > limit:
            chunks.append("\n".join(current))
            current = []
        current.append(bullet)
    if tail:
        if current and sum(len(c) + 1 for c in current) + len(tail) > limit:
            chunks.append("\n".join(current))
            current = []
        current.append(tail)
    if current:
        chunks.append("\n".join(current))
    return chunks


def _sections(reply: Reply) -> list[Block]:
    return [_section(chunk) for s in reply.sections for chunk in section_chunks(s)]


FIX_HINT = "Not right? Use a button, or edit your message and I'll re-read it."


def _confirmation(reply: Reply) -> list[Block]:
    # One compact line of what was recorded (deal name in bold), the facts that line leaves
    # out in small print, and the buttons to fix it.
    text = escape(reply.text)
    title = escape(reply.title or "")
    if title and title in text:
        text = text.replace(title, f"*{title}*", 1)
    extra = [f for f in reply.facts if f.value not in reply.text]
    notes = [_mrkdwn(f"*{escape(f.label)}:* {escape(f.value)}", FIELD_LIMIT) for f in extra][:9]
    if reply.kind == "confirmation" and reply.buttons:
        notes.append(_mrkdwn(FIX_HINT))
    blocks = [_section(text)]
    if notes:
        blocks.append({"type": "context", "elements": notes})
    return blocks + _sections(reply) + _actions(reply.buttons)


def _answer(reply: Reply) -> list[Block]:
    if not reply.facts and not reply.sections:
        return [_section(escape(reply.text)), *_actions(reply.buttons)]
    blocks = [_section(f"*{escape(reply.title)}*")] if reply.title else []
    return blocks + _fact_fields(reply) + _sections(reply) + _actions(reply.buttons)


def reply_blocks(reply: Reply) -> list[Block]:
    """The Block Kit blocks for one reply (at most 50, the buttons always kept)."""
    blocks = _confirmation(reply) if reply.kind in {"confirmation", "reminder"} else _answer(reply)
    if len(blocks) <= MESSAGE_BLOCK_LIMIT:
        return blocks
    actions = [b for b in blocks if b["type"] == "actions"]
    rest = [b for b in blocks if b["type"] != "actions"]
    return rest[: MESSAGE_BLOCK_LIMIT - len(actions)] + actions


def fallback_text(reply: Reply) -> str:
    """The text Slack shows in notifications and where blocks cannot render, escaped like the blocks:
    a deal named `<!channel> Pwn` must not ping a channel, nor `AT&T <script>` break the markup."""
    return _clip(escape(reply.text or reply.title or "Nextstep"), TEXT_LIMIT)


def message_payload(reply: Reply) -> dict[str, Any]:
    """`text` + `blocks`, ready for chat.postMessage / chat.update / respond."""
    return {"text": fallback_text(reply), "blocks": reply_blocks(reply)}


def home_view(reply: Reply) -> dict[str, Any]:
    """The App Home tab: the viewer's deals grouped by who owns the next step."""
    blocks: list[Block] = []
    if reply.title:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": _clip(reply.title, 150)}})
    if reply.facts:
        blocks += _fact_fields(reply)
    for section in reply.sections:
        blocks.append({"type": "divider"})
        blocks.append(_section(section_text(section)))
    if not reply.sections and not reply.facts:
        blocks.append(_section(escape(reply.text)))
    blocks += _actions(reply.buttons)
    return {"type": "home", "blocks": blocks[:HOME_BLOCK_LIMIT]}
