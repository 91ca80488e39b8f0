"""The weekly summary of a big seeded workspace reads exactly as it did before it was made fast.

A workspace seeded with deals in every state (open on either side, overdue, gone quiet, parked and
coming back, no next step, new leads, won and lost in three currencies, stage moves that cancel
out, retracted moves) and a second workspace beside it: the summary a user sees (its text and its
buttons) must match, character for character, what the previous implementation (which decoded
every moved deal) wrote for the same data, kept in tests/scheduler/data/summary_at_scale.txt.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from assistant.summary import build_summary
from bench import corpus
from bench.seed import seed
from storage.db import Database
from storage.models import Channel, Workspace

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "data" / "summary_at_scale.txt"


def seeded_summaries(db: Database) -> str:
    url = db.engine.url.render_as_string(hide_password=False)
    made = seed(url, lambda w: corpus.distinct_names(1_200 + w), deals=1_200, workspaces=2, now=NOW)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE deals SET amount = 1000 * (id % 97),"
                " currency = CASE WHEN id % 3 = 0 THEN 'EUR' WHEN id % 5 = 0 THEN 'GBP' ELSE 'USD' END"
                " WHERE id % 7 <> 0"
            )
        )
        connection.execute(
            text(
                "UPDATE deal_updates SET retracted_at = created_at WHERE id % 13 = 0 AND stage_to IS NOT NULL"
            )
        )
    texts = []
    for ws_id, _external in made.workspaces:
        for days in (0, 3):
            with db.unit_of_work() as session:
                workspace = session.get(Workspace, ws_id)
                assert workspace is not None
                channel = session.scalars(select(Channel).where(Channel.workspace_id == ws_id)).first()
                reply = build_summary(session, workspace, channel, NOW + timedelta(days=days))
            buttons = "\n".join(f"[{b.label}] {b.action} {b.value}" for b in reply.buttons)
            texts.append(f"{reply.text}\n{buttons}")
    return "\n\n=====\n\n".join(texts) + "\n"


def test_a_big_workspaces_summary_reads_as_before(db: Database) -> None:
    assert seeded_summaries(db) == GOLDEN.read_text()
