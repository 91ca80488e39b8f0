"""The week's stage moves, as the weekly summary reads them: from columns kept in step with each update."""

from __future__ import annotations

from datetime import timedelta

from storage import schedule_queries as q
from storage.db import Database
from storage.models import Deal, DealUpdate
from storage.repositories import Deals, Directory, People, UpdateLog
from tests.support.clock import FakeClock


def test_the_week_s_moves_skip_what_was_undone_or_moved_back(db: Database, clock: FakeClock) -> None:
    start = clock.now()
    with db.unit_of_work() as session:
        workspace = Directory(session).workspace("console", "console", now=start)
        dana = People(session, workspace.id).upsert("dana", now=start, name="Dana")
        deals = Deals(session, workspace.id)
        ids = {
            name: deals.create(name, rep_id=dana.id, now=start).id for name in ("Hooli", "Aviato", "Raviga")
        }
        for deal in (deals.by_id(i) for i in ids.values()):
            assert deal is not None
            deal.amount = 10_000
        ws = workspace.id

    def say(message_id: str, deal: str, changes: dict[str, list[object]]) -> None:
        clock.advance(hours=1)
        with db.unit_of_work() as session:
            UpdateLog(session, ws).record(
                deal_id=ids[deal],
                author_id=None,
                message_id=message_id,
                raw_text=message_id,
                parsed={},
                changes=changes,
                now=clock.now(),
            )

    say("m1", "Hooli", {"stage": ["demo", "proposal"]})
    say("m2", "Hooli", {"stage": ["proposal", "won"], "amount": [1, 2]})
    say("m3", "Aviato", {"stage": ["demo", "proposal"]})
    say("m4", "Aviato", {"stage": ["proposal", "demo"]})  # back where it started: no move
    say("m5", "Raviga", {"stage": ["lead", "lost"]})
    say("m6", "Raviga", {"next_step": [None, "call"]})

    with db.unit_of_work() as session:
        # Raviga's loss is undone; an edit turns Aviato's last update into a plain next step.
        raviga_loss = UpdateLog(session, ws).by_message_id("m5")
        assert raviga_loss is not None and raviga_loss.stage_to == "lost"
        raviga_loss.retracted_at = clock.now()
        edited = UpdateLog(session, ws).by_message_id("m4")
        assert edited is not None
        edited.changes = {"next_step": [None, "demo again"]}

    with db.unit_of_work() as session:
        plain = UpdateLog(session, ws).by_message_id("m6")
        assert plain is not None and (plain.stage_from, plain.stage_to, plain.stage_moved_at) == (
            None,
            None,
            None,
        )
        assert session.get(DealUpdate, edited.id).stage_moved_at is None  # type: ignore[union-attr]
        week = q.week_moves(session, ws, start, Deal.name == "Aviato")
        names = {deal_id: name for name, deal_id in ids.items()}
        assert [(names[m.deal_id], m.old_stage, m.new_stage, m.amount, m.elsewhere) for m in week] == [
            ("Hooli", "demo", "won", 10_000, False),
            ("Aviato", "demo", "proposal", 10_000, True),
        ]
        assert q.week_moves(session, ws, clock.now() + timedelta(minutes=1), Deal.name == "Aviato") == []
