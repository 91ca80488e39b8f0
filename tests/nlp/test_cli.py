"""`nextstep parse`: JSON lines in, one JSON object out per line; bad lines give error lines."""

from __future__ import annotations

import io
import json

from nlp.cli import run


def test_cli_parses_lines_and_reports_bad_ones() -> None:
    deals = ["Pied Piper", "Hooli"]
    lines = [
        {
            "id": 1,
            "text": "Hooli: I'll send the deck Friday",
            "now": "2026-11-24T10:00:00",
            "tz": "UTC",
            "deals": deals,
        },
        {"id": 2, "text": "Pied Piper?", "now": "2026-11-24T10:00:00", "tz": "UTC", "deals": deals, "x": 1},
        "not json",
        {"id": 4, "text": 5},
        {"id": 5, "text": "thanks", "now": "not a date", "tz": "UTC"},
    ]
    stdin = io.StringIO("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n")
    stdout = io.StringIO()
    assert run(stdin, stdout) == 0
    out = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert len(out) == 5
    first = {
        "deal": "Hooli",
        "candidates": None,
        "owner": "us",
        "next_step": "send the deck",
        "due": "2026-11-27",
        "stage": None,
        "amount": None,
        "currency": None,
        "park_until": None,
        "unpark": False,
        "temperature": None,
        "close_by": None,
        "action": None,
        "new_name": None,
        "rep": None,
    }
    assert out[0] == {
        "id": 1,
        "intent": "update",
        **first,
        "query": None,
        "period": None,
        "updates": [first],
    }
    assert (out[1]["intent"], out[1]["query"], out[1]["deal"]) == ("question", "deal_status", "Pied Piper")
    assert "error" in out[2] and out[2]["id"] is None
    assert "error" in out[3] and out[3]["id"] == 4
    assert "error" in out[4] and out[4]["id"] == 5


def test_cli_main_help(capsys) -> None:
    from nlp.cli import main

    assert main(["--help"]) == 0
    assert "nextstep parse" in capsys.readouterr().out
