"""Public date corpora as rep messages: Duckling's English time corpus (facebook/duckling,
Duckling/Time/EN/Corpus.hs) and Microsoft Recognizers-Text's English date specs (Specs/DateTime/English/
DateExtractor.json, DateParser.json), kept where PARSING.md says what the expression means, each wrapped
into an update ("Acme: send the quote by <expr>") with its due date worked out by hand from the spec's rules
(tests/data/date_corpus.jsonl). Reports the hit rate of each class and fails under its floor.

Classes: `spec`, a relative form of the spec's date table ("next qtr", "this week-end"); `explicit`, a
calendar date (numeric, month and day, day of the month, a year, a numbered quarter); `none`, no date by
the spec (holidays, "Feb 30", "the 27th floor").

The date scored is the one the message resolves to: its due date, or, where a deferral a month or more
away parks the deal ("I'll follow up April 14, 2015"), its park date (PARSING.md, "Parking").
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from nlp import MessageParser

CORPUS = Path(__file__).resolve().parent.parent / "data" / "date_corpus.jsonl"
FLOORS = {"spec": 0.95, "explicit": 0.95, "none": 0.95}


def test_date_corpus_hit_rate(parser: MessageParser) -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    hits: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    for row in rows:
        parsed = parser.parse(
            row["text"], now=datetime.fromisoformat(row["now"]), tz=row["tz"], deals=row["deals"]
        )
        want = date.fromisoformat(row["due"]) if row["due"] else None
        totals[row["class"]] += 1
        got = parsed.due or parsed.park_until
        if got == want:
            hits[row["class"]] += 1
        else:
            misses.append(f"{row['id']} {row['text']!r}: want {want}, got {got}")
    rates = {cls: hits[cls] / totals[cls] for cls in totals}
    report = ", ".join(f"{cls} {rates[cls]:.1%} ({hits[cls]}/{totals[cls]})" for cls in sorted(totals))
    print(f"date corpus: {report}")
    for miss in misses:
        print("  MISS", miss)
    assert set(totals) == set(FLOORS)
    assert all(rates[cls] >= floor for cls, floor in FLOORS.items()), report + "\n" + "\n".join(misses)
