"""A message's updates and a thread's updates are found through an index, on both databases.

Every message first asks whether it was handled already (a redelivery), and a reply in a deal's
thread asks what the thread is about: with a million updates, reading them all took 0.2-0.3 s per
message. The answers must stay exact: a message's slots ("<id>#2", "<id>#10") and nothing that
merely looks like them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import DealUpdate, PendingQuestion
from storage.repositories import Deals, Directory, PendingQuestions, People, UpdateLog
from tests.storage.test_deal_lists import postgres_plan, sqlite_plan, statements

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
MESSAGE = "1764000000.000100"
# Ids that share the message's first characters but are not its slots.
LOOKALIKES = [
    f"{MESSAGE}0",
    f"{MESSAGE}$",
    f"{MESSAGE}-2",
    f"{MESSAGE} #2",
    f"{MESSAGE[:-1]}#2",
    f"{MESSAGE[:-1]}2#2",
]


def fill(db: Database, background: int) -> tuple[int, int, int, int]:
    """Two workspaces; the first with `background` updates of other messages and threads."""
    with db.unit_of_work() as session:
        ids = []
        for external in ("T-ONE", "T-TWO"):
            workspace = Directory(session).workspace("slack", external, now=NOW)
            rep = People(session, workspace.id).upsert("U1", now=NOW, name="Dana")
            deal = Deals(session, workspace.id).create("Pied Piper", rep_id=rep.id, now=NOW)
            ids += [workspace.id, deal.id]
        workspace_id, deal_id, other_workspace, other_deal = ids
        rows: list[dict[str, Any]] = [
            _row(workspace_id, deal_id, f"17640{n:05d}.000200", thread=f"17630{n % 97:05d}.1", minutes=n)
            for n in range(background)
        ]
        rows += [_row(workspace_id, deal_id, message, minutes=1) for message in LOOKALIKES]
        rows.append(_row(other_workspace, other_deal, f"{MESSAGE}#3", minutes=1))
        session.execute(insert(DealUpdate), rows)
        if db.engine.dialect.name == "postgresql":
            session.execute(text("ANALYZE deal_updates"))
        return workspace_id, deal_id, other_workspace, other_deal


def _row(
    workspace_id: int, deal_id: int, message_id: str, *, thread: str | None = None, minutes: int
) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "deal_id": deal_id,
        "author_id": None,
        "channel_id": "C-DEALS",
        "thread_id": thread,
        "platform_message_id": message_id,
        "raw_text": "Pied Piper: sent the quote",
        "parsed": {},
        "changes": {},
        "created_at": NOW - timedelta(minutes=minutes),
    }


def record(db: Database, workspace_id: int, deal_id: int, message_id: str, thread: str | None = None) -> None:
    with db.unit_of_work() as session:
        UpdateLog(session, workspace_id).record(
            deal_id=deal_id,
            author_id=None,
            message_id=message_id,
            raw_text="Pied Piper: sent the quote",
            parsed={},
            changes={},
            now=NOW,
            channel_id="C-DEALS",
            thread_id=thread,
        )


def test_a_message_finds_its_own_slots_and_nothing_that_looks_like_them(db: Database) -> None:
    workspace_id, deal_id, _other, _other_deal = fill(db, 20)
    for message_id in (f"{MESSAGE}#10", MESSAGE, f"{MESSAGE}#2"):
        record(db, workspace_id, deal_id, message_id)
    with db.unit_of_work() as session:
        log = UpdateLog(session, workspace_id)
        assert [u.platform_message_id for u in log.for_message(MESSAGE)] == [
            f"{MESSAGE}#10",
            MESSAGE,
            f"{MESSAGE}#2",
        ]
        assert [u.platform_message_id for u in log.for_message(f"{MESSAGE}0")] == [f"{MESSAGE}0"]
        assert log.for_message("1764999999.000000") == []


def test_a_reply_in_a_thread_finds_the_deals_of_the_thread_and_of_its_first_message(db: Database) -> None:
    workspace_id, deal_id, _other, _other_deal = fill(db, 20)
    with db.unit_of_work() as session:
        rep = People(session, workspace_id).upsert("U1", now=NOW, name="Dana")
        hooli = Deals(session, workspace_id).create("Hooli", rep_id=rep.id, now=NOW).id
        globex = Deals(session, workspace_id).create("Globex", rep_id=rep.id, now=NOW).id
    record(db, workspace_id, hooli, f"{MESSAGE}#2")  # the thread's first message, its second deal
    record(db, workspace_id, globex, "1764000099.000300", thread=MESSAGE)  # a reply in the thread
    with db.unit_of_work() as session:
        found = UpdateLog(session, workspace_id).deals_discussed(
            author_id=rep.id, channel_id="C-DEALS", thread_id=MESSAGE, since=NOW - timedelta(days=1)
        )
    assert set(found) == {hooli, globex} and deal_id not in found


def postgres_reads(session: Session, statement: str, parameters: Any) -> list[str]:
    """How the plan reads deal_updates: "Seq Scan", or an index's name with its condition."""
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
    reads: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        index = node.get("Index Name", "")
        if node.get("Relation Name") == "deal_updates" or index.startswith(
            ("uq_deal_updates", "ix_deal_updates")
        ):
            reads.append(f"{node['Node Type']} {index} {node.get('Index Cond', '')}")
        for child in node.get("Plans", []):
            walk(child)

    walk(cursor.fetchone()[0][0]["Plan"])
    return reads


def _on_message_or_thread(step: str) -> bool:
    return "platform_message_id" in step or "thread_id" in step


def test_the_lookups_every_message_makes_read_updates_through_an_index(db: Database) -> None:
    workspace_id, _deal_id, _other, _other_deal = fill(db, 3000)
    dialect = db.engine.dialect.name
    with db.unit_of_work() as session:
        log = UpdateLog(session, workspace_id)
        with statements(db.engine) as seen:
            log.for_message(MESSAGE)
            log.deals_discussed(author_id=1, channel_id="C-DEALS", thread_id=MESSAGE, since=NOW)
        assert len(seen) == 2
        for statement, parameters in seen:
            # Each read of deal_updates is an index search on the message id or the thread, never
            # a scan of the table or of every update of the workspace.
            if dialect == "sqlite":
                reads = [s for s in sqlite_plan(session, statement, parameters) if " deal_updates" in s]
                searches = [
                    s for s in reads if s.startswith("SEARCH") and ("message_id" in s or "thread_id" in s)
                ]
            else:
                reads = [s for s in postgres_reads(session, statement, parameters) if "Heap Scan" not in s]
                searches = [s for s in reads if "Index" in s and _on_message_or_thread(s)]
            assert reads and searches == reads, reads


def ask(db: Database, workspace_id: int, message_id: str) -> None:
    with db.unit_of_work() as session:
        author = People(session, workspace_id).upsert("U1", now=NOW, name="Dana")
        PendingQuestions(session, workspace_id).add(
            kind="new_deal",
            author_id=author.id,
            message_id=message_id,
            raw_text="Hooli: sent the quote",
            parsed={},
            candidates=[],
            now=NOW,
            channel_id="C-DEALS",
        )


def test_a_message_that_only_asked_questions_is_known_however_many_deals_it_named(db: Database) -> None:
    workspace_id, _deal_id, _other, _other_deal = fill(db, 20)
    for lookalike in LOOKALIKES:
        ask(db, workspace_id, lookalike)
    ask(db, workspace_id, "1764000000.000300#25")  # the 25th deal of a long recap asked

    def seen(message_id: str) -> bool:
        with db.unit_of_work() as session:
            author = People(session, workspace_id).upsert("U1", now=NOW, name="Dana")
            return (
                PendingQuestions(session, workspace_id)
                .context_of(
                    message_id=message_id,
                    author_id=author.id,
                    channel_id="C-DEALS",
                    thread_id=None,
                    since=NOW - timedelta(days=1),
                )
                .seen
            )

    assert seen("1764000000.000300")  # past the first 20 slots
    assert not seen(MESSAGE)  # only ids that look like its slots asked
    with db.unit_of_work() as session:
        found = PendingQuestions(session, workspace_id).for_message("1764000000.000300")
        assert found is not None and found.platform_message_id == "1764000000.000300#25"
        assert PendingQuestions(session, workspace_id).for_message(MESSAGE) is None


def postgres_generic_plan(session: Session, statement: str, parameters: dict[str, Any]) -> list[str]:
    """`postgres_plan` of the plan PostgreSQL makes without the values: the one a statement that
    psycopg prepared (after a few runs) may keep using."""
    names: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return f"${len(names)}"

    prepared = re.sub(r"%\((\w+)\)s", placeholder, statement)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    cursor.execute(f"PREPARE handled_already AS {prepared}")
    values = ", ".join("'" + str(parameters[name]).replace("'", "''") + "'" for name in names)
    try:
        cursor.execute(f"EXPLAIN (FORMAT JSON) EXECUTE handled_already({values})")
        nodes: list[str] = []

        def walk(node: dict[str, Any]) -> None:
            relation, index = node.get("Relation Name", "-"), node.get("Index Name", "-")
            nodes.append(f"{node['Node Type']} on {relation} ({index})")
            for child in node.get("Plans", []):
                walk(child)

        walk(cursor.fetchone()[0][0]["Plan"])
        return nodes
    finally:
        cursor.execute("DEALLOCATE handled_already")
        cursor.execute("RESET plan_cache_mode")


def test_whether_a_message_was_handled_is_read_through_indexes_even_in_a_generic_plan(db: Database) -> None:
    """Its updates and its questions, each through its message index. On PostgreSQL the statement is
    prepared after a few runs, and a plan made without the values must not read every update."""
    workspace_id, _deal_id, _other, _other_deal = fill(db, 50_000)
    ask(db, workspace_id, MESSAGE)
    with db.unit_of_work() as session:
        author = People(session, workspace_id).upsert("U2", now=NOW, name="Max")
        background = [  # someone else's; enough that PostgreSQL would rather not read them all
            {
                "workspace_id": workspace_id,
                "author_id": author.id,
                "kind": "new_deal",
                "channel_id": "C-DEALS",
                "platform_message_id": f"17640{n:05d}.000900",
                "raw_text": "Hooli: sent the quote",
                "parsed": {},
                "candidates": [],
                "created_at": NOW,
            }
            for n in range(3000)
        ]
        session.execute(insert(PendingQuestion), background)
        if db.engine.dialect.name == "postgresql":
            session.execute(text("ANALYZE pending_questions"))
            session.execute(text("ANALYZE deal_updates"))
        log = PendingQuestions(session, workspace_id)
        with statements(db.engine) as seen:
            log.context_of(message_id=MESSAGE, author_id=1, channel_id="C-DEALS", thread_id=None, since=NOW)
            log.for_message(MESSAGE)
        assert len(seen) >= 2
        for statement, parameters in seen:
            if "pending_questions.platform_message_id" not in statement.partition("WHERE")[2]:
                continue  # the open question, by its id
            if db.engine.dialect.name == "sqlite":
                plan = sqlite_plan(session, statement, parameters)
                questions = [s for s in plan if " pending_questions" in s and "author_id=" not in s]
                assert questions and all("ix_pending_ws_message" in s for s in questions), (statement, plan)
                updates = [s for s in plan if " deal_updates" in s]
                assert all("platform_message_id" in s for s in updates), (statement, plan)
            else:  # the open question reads the author's few by ix_pending_ws_author
                for nodes in (
                    postgres_plan(session, statement, parameters),
                    postgres_generic_plan(session, statement, parameters),
                ):
                    questions = [n for n in nodes if "on pending_questions" in n or "ix_pending" in n]
                    assert any("ix_pending_ws_message" in n for n in questions), nodes
                    assert not [n for n in nodes if n.startswith("Seq Scan on") and "pending" in n], nodes
                    assert not [n for n in nodes if n.startswith("Seq Scan on deal_updates")], nodes
