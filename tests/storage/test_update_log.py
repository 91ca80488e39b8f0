"""The update log keeps every message that changed a deal, verbatim: undo and edits retract, never erase."""

from __future__ import annotations

from storage.db import Database
from storage.models import DealUpdate
from storage.repositories import Deals, Directory, People, UpdateLog
from tests.support.clock import FakeClock

MESSAGES = [
    ("m1", "Pied Piper: waiting on engineering for cost estimates, should have them Friday"),
    ("m2", "Pied Piper: sent the estimates, ball's in their court"),
    ("m3", "Pied Piper: they want a security review 🙃 — 50 seats, $120k"),
]


def test_each_update_is_appended_verbatim_and_a_retracted_one_stays_in_the_log(
    db: Database, clock: FakeClock
) -> None:
    with db.unit_of_work() as session:
        hooli = Directory(session).workspace("console", "console", now=clock.now())
        dana = People(session, hooli.id).upsert("dana", now=clock.now(), name="Dana")
        deal = Deals(session, hooli.id).create("Pied Piper", rep_id=dana.id, now=clock.now())
        ids = (hooli.id, dana.id, deal.id)
    workspace, dana_id, deal_id = ids

    for message_id, text in MESSAGES:
        clock.advance(hours=3)
        with db.unit_of_work() as session:
            UpdateLog(session, workspace).record(
                deal_id=deal_id,
                author_id=dana_id,
                message_id=message_id,
                raw_text=text,
                parsed={"deal": "Pied Piper", "text": text},
                changes={"next_step": [None, text]},
                now=clock.now(),
                channel_id="C-DEALS",
            )

    with db.unit_of_work() as session:
        log = UpdateLog(session, workspace)
        history = log.history(deal_id, 10)
        assert [u.raw_text for u in history] == [text for _, text in reversed(MESSAGES)]
        assert [u.author and u.author.display_name for u in history] == ["Dana"] * 3
        assert history[0].created_at == clock.now()
        assert history[0].parsed["text"] == MESSAGES[2][1]
        # Dana says "undo": her last update is retracted, not deleted.
        last = log.last_by_author(dana_id)
        assert last is not None and last.platform_message_id == "m3"
        last.retracted_at = clock.now()

    with db.unit_of_work() as session:
        log = UpdateLog(session, workspace)
        assert [u.platform_message_id for u in log.history(deal_id, 10)] == ["m2", "m1"]
        assert log.count_for_deal(deal_id) == 2
        retracted = log.by_message_id("m3")
        assert retracted is not None and retracted.raw_text == MESSAGES[2][1]
        assert retracted.retracted_at == clock.now()
        assert session.query(DealUpdate).count() == 3
