"""`nextstep parse`: JSON lines in ({"id", "text", "now", "tz", "deals"}, optional "date_order": "mdy" or
"dmy"), one parsed line out each."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any, TextIO

from nlp.deals import DealIndex
from nlp.parser import MessageParser
from nlp.types import DateOrder


def _parse_line(parser: MessageParser, line: str, cache: dict[tuple[str, ...], DealIndex]) -> dict[str, Any]:
    item_id: Any = None
    try:
        item = json.loads(line)
        if not isinstance(item, dict):
            raise ValueError("each line must be a JSON object")
        item_id = item.get("id")
        text = item.get("text")
        if not isinstance(text, str):
            raise ValueError("'text' must be a string")
        now_raw = item.get("now")
        now = datetime.fromisoformat(now_raw) if isinstance(now_raw, str) and now_raw else datetime.now()
        tz = item.get("tz") if isinstance(item.get("tz"), str) else "UTC"
        raw_deals = item.get("deals") or []
        key = tuple(d for d in raw_deals if isinstance(d, str)) if isinstance(raw_deals, list) else ()
        index = cache.get(key)
        if index is None:
            cache.clear()  # consecutive lines usually share a workspace: keep one index
            index = cache[key] = DealIndex(key)
        raw_order = item.get("date_order")
        date_order: DateOrder | None = "mdy" if raw_order == "mdy" else "dmy" if raw_order == "dmy" else None
        return parser.parse(text, now=now, tz=str(tz), deals=index, date_order=date_order).to_json(item_id)
    except (ValueError, TypeError, AttributeError) as error:
        return {"id": item_id, "error": f"{type(error).__name__}: {error}"}
    except RecursionError:  # e.g. [[[[...]]]] nested thousands deep: json gives up, so do we
        return {"id": item_id, "error": "ValueError: the line is nested too deeply to be a message"}


def run(stdin: TextIO, stdout: TextIO) -> int:
    parser = MessageParser()
    cache: dict[tuple[str, ...], DealIndex] = {}
    for line in stdin:
        if not line.strip():
            continue
        result = _parse_line(parser, line, cache)
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    """Entry point of `nextstep parse`; `argv` takes no options today (`-h` prints this help)."""
    if any(arg in {"-h", "--help"} for arg in argv):
        print(__doc__)
        return 0
    return run(sys.stdin, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
