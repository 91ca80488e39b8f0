"""`nextstep summary --channel ID --dry-run`: what a channel would get now, printed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from assistant.summary_cli import main
from storage.db import Database
from storage.models import Delivery
from tests.scheduler.pipeline import Pipeline

NOW = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)


def seeded(db_url: str) -> Database:
    db = Database.from_url(db_url)
    p = Pipeline(db, tz="America/New_York").setup(datetime(2026, 10, 1, tzinfo=UTC))
    p.channel("C-deals", datetime(2026, 10, 1, tzinfo=UTC))
    p.rep("Dana", datetime(2026, 10, 1, tzinfo=UTC))
    p.deal(
        "Pied Piper",
        "Dana",
        datetime(2026, 11, 2, tzinfo=UTC),
        amount=40_000,
        next_step="add cost estimates",
        next_step_owner="us",
        due_date=date(2026, 11, 13),
    )
    return db


def test_dry_run_prints_the_summary_and_sends_nothing(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = seeded(db_url)
    assert (
        main(["--channel", "C-deals", "--platform", "slack", "--dry-run", "--database-url", db_url], now=NOW)
        == 0
    )
    out = capsys.readouterr().out
    assert "Weekly pipeline summary for #deals · Mon 9 Nov" in out
    assert "Waiting on us (1)" in out and "Pied Piper ($40k, Dana) — add cost estimates" in out
    assert "(dry run: nothing was sent)" in out
    with db.unit_of_work() as s:
        assert s.scalar(select(func.count(Delivery.id))) == 0
    db.engine.dispose()


def test_an_unknown_channel_gets_a_clear_message(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    seeded(db_url).engine.dispose()
    assert main(["--channel", "C-nope", "--dry-run", "--database-url", db_url], now=NOW) == 1
    err = capsys.readouterr().err
    assert "no channel 'C-nope' is known" in err
    assert "slack/T1 C-deals (#deals)" in err
    assert "Traceback" not in err
