"""The inbox and the outbox forget what was done with a week ago; what still waits is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import inbox, outbox
from storage.db import Database

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_handled_deliveries_and_sent_replies_are_pruned_and_waiting_ones_kept(db: Database) -> None:
    old, recent = NOW - timedelta(days=8), NOW - timedelta(days=1)
    handled = inbox.store(db, "slack", "event:Ev1", {"body": {}}, old, old)
    waiting = inbox.store(db, "slack", "event:Ev2", {"body": {}}, old, old)
    fresh = inbox.store(db, "slack", "event:Ev3", {"body": {}}, recent, recent)
    assert inbox.store(db, "slack", "event:Ev1", {"body": {}}, NOW, NOW) is None  # a retry: kept once
    assert handled is not None and waiting is not None and fresh is not None
    for inbox_id in (handled, fresh):
        with db.unit_of_work() as session:
            assert inbox.take(session, inbox_id, NOW)
    with db.unit_of_work() as session:
        sent = outbox.add(
            session,
            platform="slack",
            workspace="T1",
            conversation="T1:C1",
            sends=[("chat.postMessage", {"text": "done"}), ("chat.postMessage", {"text": "waits"})],
            now=old,
            held_until=old,
        )
    outbox.mark_sent(db, [sent[0].id], old)

    assert inbox.prune(db, NOW - timedelta(days=7)) == 1
    assert outbox.prune(db, "slack", NOW - timedelta(days=7)) == 1
    assert [item.id for item in inbox.due(db, NOW, NOW + timedelta(seconds=30))] == [waiting]
    assert [item.payload["text"] for item in outbox.due(db, "slack", NOW, NOW)] == ["waits"]
