"""Turn whatever a chat platform hands us into bounded, clean text the rules can read."""

from __future__ import annotations

import html
import re
import unicodedata

from nlp.markup import EMOJI_CODE, slack_to_plain, teams_to_plain

# Work is capped: the rules read the first MAX_CHARS of a message, which holds the update.
MAX_CHARS = 2000
_RAW_CAP = 3 * MAX_CHARS

# Control characters, invisible marks and lone surrogates (which spaCy's tokenizer cannot encode).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffd\ud800-\udfff]"
)
# Slack markup: a mention, channel or link in angle brackets, an :emoji: code, or an emphasis mark.
# Looked for piece by piece, each piece starting with its literal character (sre's fast search):
# together the same as the one regex `<[@#!]|<(?:https?|mailto|tel):|(?<!\w):[a-z0-9_+'-]*[a-z]...:|[*_~`]`.
_SLACK_MARK = re.compile(r"[<:*_~`]").search  # the first character of any of them
_SLACK_EMPHASIS = re.compile(r"[*_~`]").search
_SLACK_ANGLE = re.compile(r"<(?:[@#!]|(?:https?|mailto|tel):)", re.I).search
_SLACK_EMOJI = re.compile(r":(?<!\w:)[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*:", re.I).search
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.I)
_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": " - ",
        "\u2014": " - ",
        "\u2012": " - ",
        "\u2026": "...",
        "\u00a0": " ",
        "\t": " ",
        "\r": "\n",
        "\uff1f": "?",
    }
)
_SPACES = re.compile(r"[ ]{2,}")
_LONG_WORD = 60
_LONG_RUN = re.compile(rf"\S{{{_LONG_WORD + 1},}}")
# A character `_plain` may act on: not printable ASCII, or one of the marks "<", "&", "*", "_", "~", "`"
# (":" only acts in an :emoji: code, checked apart: labels like "Hooli: ..." are common).
_NOT_PLAIN = re.compile(r"[^ -%'-)+-;=-^a-}]").search


def _has_slack_markup(text: str) -> bool:
    mark = _SLACK_MARK(text)
    if mark is None:
        return False
    if mark.group() not in "<:" or _SLACK_EMPHASIS(text, mark.end()) is not None:
        return True
    if "<" in text and _SLACK_ANGLE(text) is not None:
        return True
    return ":" in text and _SLACK_EMOJI(text) is not None


# An emoji (a Slack :code:, a pictograph or a symbol of U+2600-26FF; not arrows nor check marks, which
# stand for words) between two words stands where a sentence ends: "demo went
# great :tada: they want pricing" is two clauses. (Only for reading: the stored text keeps the emoji.)
_EMOJI = rf"(?:{EMOJI_CODE}|[\U0001F300-\U0001FAFF\u2600-\u26FF]\ufe0f?)"
_EMOJI_BREAK = re.compile(rf"(?<=\w)(?:[ \t]+{_EMOJI})+[ \t]+(?=[a-zA-Z])", re.IGNORECASE)


def _plain(text: str) -> str:
    """Markup removed, entities decoded, control characters dropped, quotes and dashes unified."""
    if ":" in text or not text.isascii():
        text = _EMOJI_BREAK.sub(". ", text)
    if "<at" in text or "</" in text:
        text = teams_to_plain(text)
    elif _has_slack_markup(text):
        text = slack_to_plain(text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    if not (text.isascii() and text.isprintable()):
        text = _CONTROL.sub(" ", text)
        if not text.isascii():
            text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
        text = text.replace("\t", " ").replace("\r", "\n")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text


# An e-mail signature pasted under an update: from a sign-off line ("Thanks,", "Best regards", "Cheers",
# "Thanks & Regards"), a "--" delimiter or "Sent from my iPhone" to the end, when what follows is a few short
# lines (a name, a title, phone numbers, an address, a disclaimer). Its "Mob: +91 ..." is no deal's label.
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:(?:(?:best|kind|warm|warmest|many|with|thanks|thanks\s+(?:&|and))[ \t]+)?"
    r"(?:regards|rgds|regds|wishes|thanks|thank[ \t]+you|thx|cheers|best|sincerely|br|ta)"
    r"|yours(?:[ \t]+(?:truly|sincerely|faithfully))?|sincerely[ \t]+yours)[ \t]*[,.!]*[ \t]*$"
    r"|^[ \t]*(?:--|__+|-{3,})[ \t]*$"
    r"|^[ \t]*sent[ \t]+from[ \t]+my[ \t]|^[ \t]*get[ \t]+outlook[ \t]+for[ \t]",
    re.IGNORECASE | re.MULTILINE,
)
# A line under a sign-off that reads as another update ("Globex: signed", "Globex - waiting on legal"): no
# signature. A signature's own labels ("Mob: +91 ...", "Email: ...", "Web: ...") are no update.
_UPDATE_LINE = re.compile(
    r"^(?!(?i:mob|mobile|cell|tel|phone|ph|t|m|e|f|w|p|d|fax|email|e-mail|mail|web|website|www|address|addr|office|"
    r"direct|linkedin|twitter|skype|teams|whatsapp|hq|reg|registered|company|vat)\b)"
    # "Globex: signed", "Globex - lost" (a lower-case word after the dash: not "Manager - Enterprise Sales")
    r"(?:(?i:[^:\n]{1,40}:[ \t]+[a-z])|[^:\n\-–—]{1,40}\s[-–—][ \t]+[a-z])",
)
_SIGNATURE_LINES = 12  # at most this many lines follow a sign-off in a signature
_SIGNATURE_LINE_CHARS = 300


# A quoted e-mail thread under the update: "On Fri, May 21 ... wrote:", "-----Original Message-----", or a
# "From: ... / Sent: ..." header. Everything from there on was written before, by someone else.
_QUOTED_THREAD = re.compile(
    r"^[ \t]*(?:on[ \t][^\n]{5,160}[ \t]wrote:[ \t]*$|-{2,}[ \t]*original[ \t]+message[ \t]*-{2,}"
    r"|from:[ \t][^\n]+\n[ \t]*(?:sent|date):)",
    re.IGNORECASE | re.MULTILINE,
)


def strip_signature(text: str) -> str:
    """The text without an e-mail signature or a quoted thread under it (the text itself if there is none)."""
    quoted = _QUOTED_THREAD.search(text)
    if quoted is not None and text[: quoted.start()].strip():
        text = text[: quoted.start()].rstrip()
    for sign_off in _SIGN_OFF.finditer(text):
        head = text[: sign_off.start()]
        if not head.strip():
            continue  # a message that is only a sign-off is read as it is
        rest = [line for line in text[sign_off.end() :].splitlines() if line.strip()]
        if len(rest) <= _SIGNATURE_LINES and all(
            len(line) <= _SIGNATURE_LINE_CHARS and not _UPDATE_LINE.match(line.strip()) for line in rest
        ):
            return head.rstrip()
    return text


def clean_text(raw: object) -> str:
    """Plain, bounded text: markup removed, control characters dropped, dashes and quotes unified."""
    if not isinstance(raw, str):
        return ""
    text = raw[:_RAW_CAP]
    if _NOT_PLAIN(text) is not None or "  " in text or (":" in text and _SLACK_EMOJI(text) is not None):
        text = _plain(text)  # else each of its steps would leave the text as it is
    if len(text) > _LONG_WORD and _LONG_RUN.search(text):
        text = _LONG_RUN.sub(lambda m: m.group()[:_LONG_WORD], text)  # junk; the tokenizer is slow on it
    if "\n" in text:
        text = strip_signature(text)
    return text.strip()[:MAX_CHARS]


def lower_aligned(text: str) -> str:
    """Lower-case text with the same length, so offsets into it are offsets into `text`."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
