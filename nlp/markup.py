"""Chat platform markup to plain text: what the adapters call, and what the parser applies itself.

Slack: `<@U123>` -> `@Name` (or `@U123` when the name is unknown), `<#C1|deals>` -> `#deals`,
`<https://x|label>` -> `label`, `<https://x>` -> `https://x`, `<!here>` -> `@here`, `*bold*`,
`_italic_`, `~strike~` and `` `code` `` lose their marks, `:emoji:` codes are dropped.
Teams: `<at>Bot</at>` mentions are removed, other tags dropped, HTML entities decoded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_SLACK_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_SLACK_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_SLACK_SUBTEAM = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>")
_SLACK_LINK_LABEL = re.compile(r"<((?:https?|mailto|tel):[^|>\s]*)\|([^>]*)>")
_SLACK_LINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]*)>")
# The lookbehinds stand after the mark they guard (`(?<!\w):` == `:(?<!\w:)`): the same matches, but sre
# looks for the mark with its fast literal search instead of trying every position.
# A Slack emoji code (":tada:", ":+1::skin-tone-2:"); nlp.textnorm reads the same codes as sentence ends.
EMOJI_CODE = r":(?<!\w:)(?=[a-z0-9_+'-]*[a-z])[a-z0-9_+'-]{1,40}:(?::skin-tone-\d:)?"
_EMOJI = re.compile(EMOJI_CODE, re.IGNORECASE)
# Emphasis marks only where they wrap a word, so "5*3" or snake_case survive.
_BOLD = re.compile(r"\*(?<![\w*]\*)(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"_(?<![\w_]_)(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~(?<![\w~]~)(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")
_CODE = re.compile(r"`{1,3}([^`]*)`{1,3}")
_TEAMS_AT = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_BLOCK_TAGS = frozenset({"br", "p", "div", "li", "tr", "ul", "ol", "table", "h1", "h2", "h3", "blockquote"})
_SPACES = re.compile(r"[ \t\u00a0]+")


def slack_to_plain(text: str, names: Mapping[str, str] | None = None) -> str:
    """Slack message text as a person reads it; `names` maps user ids to display names."""
    lookup = names or {}

    def user(match: re.Match[str]) -> str:
        label = match.group(2) or lookup.get(match.group(1)) or match.group(1)
        return "@" + label.lstrip("@")

    # Each rewrite only where its pattern's first character is in the text (no match is possible else).
    out = text
    if "<" in out:
        out = _SLACK_USER.sub(user, out)
        out = _SLACK_CHANNEL.sub(lambda m: "#" + m.group(1), out)
        out = _SLACK_SPECIAL.sub(lambda m: "@" + m.group(1), out)
        out = _SLACK_SUBTEAM.sub(lambda m: m.group(1) or "", out)
        out = _SLACK_LINK_LABEL.sub(lambda m: m.group(2), out)
        out = _SLACK_LINK.sub(lambda m: m.group(1), out)
    if ":" in out:
        out = _EMOJI.sub("", out)
    if "`" in out:
        out = _CODE.sub(lambda m: m.group(1), out)
    if "*" in out:
        out = _BOLD.sub(lambda m: m.group(1), out)
    if "_" in out:
        out = _ITALIC.sub(lambda m: m.group(1), out)
    if "~" in out:
        out = _STRIKE.sub(lambda m: m.group(1), out)
    # Slack escapes only these three; decoding them last keeps "&lt;@U1&gt;" literal text.
    if "&" in out:
        out = out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if "  " in out or "\t" in out or "\u00a0" in out:
        out = _SPACES.sub(" ", out)  # else it would only put a space for each single space
    return out.strip()


def teams_to_plain(html_text: str) -> str:
    """Teams message HTML as plain text: mentions removed, tags dropped, entities decoded."""
    out = _TEAMS_AT.sub("", html_text)

    def tag(match: re.Match[str]) -> str:
        return "\n" if match.group(2).lower() in _BLOCK_TAGS else ""

    out = _TAG.sub(tag, out)
    out = html.unescape(out)
    lines = [_SPACES.sub(" ", line).strip() for line in out.splitlines()]
    return "\n".join(line for line in lines if line)


def looks_like_markup(text: str) -> bool:
    """Cheap test for raw Slack or Teams markup, so plain messages skip the rewriting."""
    return "<" in text or "&" in text or ":" in text or "*" in text or "_" in text or "~" in text
