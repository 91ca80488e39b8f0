"""The parser's deal indexes, one per workspace, kept within a memory budget (least recently used go).

First the registry on its own (budget, eviction, loads in the background, deals created while a
workspace loads or is out of memory); then through the assistant and a real database: a workspace
evicted and asked about again, and the first answers after a restart while a large workspace's
index is still loading.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, select

from assistant.core import Assistant
from assistant.deal_names import DealNames, Task, budget_from_env, name_bytes, name_keys_in
from bench import corpus
from nlp import DealIndex, MessageParser
from storage.db import Database
from storage.models import Deal
from storage.repositories import Deals, Directory, People
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock


def names(workspace: int, count: int) -> list[str]:
    return [f"Deal {workspace}-{i}" for i in range(count)]


def loader(
    loads: list[int], workspace: int, stored: dict[int, list[str]] | None = None
) -> Callable[[], list[str]]:
    """What the database would return for `workspace`, noting each load."""

    def load() -> list[str]:
        loads.append(workspace)
        return list(stored[workspace]) if stored else names(workspace, 100)

    return load


class Later:
    """Background loads that run when the test says so (a restart whose index takes long to load)."""

    def __init__(self) -> None:
        self.tasks: list[Task] = []

    def __call__(self, task: Task) -> None:
        self.tasks.append(task)

    def run(self) -> None:
        while self.tasks:
            self.tasks.pop(0)()


def test_many_workspaces_fit_the_budget_and_an_evicted_one_comes_back_when_needed() -> None:
    loads: list[int] = []
    one_workspace = sum(name_bytes(name) for name in names(1, 100))
    cache = DealNames(budget_bytes=10 * one_workspace)  # room for ten workspaces of 100 deals
    for workspace in range(1, 1001):
        index = cache.index(workspace, loader(loads, workspace))
        assert f"Deal {workspace}-7" in index
    assert len(cache) == 10 and cache.estimated_bytes <= cache.budget
    assert cache.evictions == 990 and loads == list(range(1, 1001))
    # The most recent ones are still there; a workspace used again stays, the least recent goes.
    assert 1000 in cache and 991 in cache and 990 not in cache
    cache.index(991, loader(loads, 991))
    cache.index(1, loader(loads, 1))
    assert loads[-1] == 1 and 991 in cache and 992 not in cache
    # A new deal reaches an index in memory and counts against the budget: the full budget makes
    # room for it by evicting the least recently used workspace.
    cache.add(991, "Brand New Deal")
    assert "Brand New Deal" in cache.index(991, loader(loads, 991))
    assert cache.evictions == 992 and 993 not in cache and cache.estimated_bytes <= cache.budget
    assert len(loads) == 1001  # no reload for it


def test_a_deal_created_while_its_workspace_is_out_of_memory_is_known_when_it_comes_back() -> None:
    loads: list[int] = []
    stored = {1: names(1, 50), 2: names(2, 50)}
    cache = DealNames(budget_bytes=1)  # one workspace at a time
    cache.index(1, loader(loads, 1, stored))
    cache.index(2, loader(loads, 2, stored))
    assert 1 not in cache
    stored[1].append("Hooli")  # committed by another process, or by the CRM sync
    cache.add(1, "Hooli")  # nothing in memory to add it to: the database has it
    assert "Hooli" in cache.index(1, loader(loads, 1, stored)) and loads == [1, 2, 1]


def test_a_budget_smaller_than_one_workspace_still_keeps_that_workspace() -> None:
    cache = DealNames(budget_bytes=1)
    assert len(cache.index(1, lambda: names(1, 50))) == 50
    assert len(cache.index(2, lambda: names(2, 50))) == 50
    assert 2 in cache and 1 not in cache


def test_a_background_load_learns_the_deals_created_while_it_read_the_database() -> None:
    later = Later()
    stored = {1: names(1, 30)}
    cache = DealNames(background=later)
    cache.prefetch(1, loader([], 1, stored))
    cache.prefetch(1, loader([], 1, stored))  # already on its way: not queued twice
    assert cache.loading(1) and cache.get(1) is None and len(later.tasks) == 1
    cache.add(1, "Pied Piper")  # committed after the load read the names
    later.run()
    index = cache.get(1)
    assert index is not None and "Pied Piper" in index and len(index) == 31
    assert not cache.loading(1) and cache.loads == 1


def test_a_question_that_needs_the_whole_index_does_not_wait_for_the_queue() -> None:
    later = Later()
    loads: list[int] = []
    cache = DealNames(background=later)
    cache.prefetch(1, loader(loads, 1))
    assert len(cache.index(1, loader(loads, 1))) == 100  # loaded here and now
    later.run()  # the queued load finds it done
    assert loads == [1] and cache.loads == 1


def test_a_load_under_way_when_the_names_change_is_dropped_and_done_again() -> None:
    later = Later()
    stored = {1: ["Pied Piper"]}
    cache = DealNames(background=later)
    cache.prefetch(1, loader([], 1, stored))
    stored[1] = ["Pied Piper Inc"]  # renamed meanwhile
    cache.forget(1)
    later.run()
    assert cache.get(1) is None
    index = cache.index(1, loader([], 1, stored))
    assert "Pied Piper Inc" in index and "Pied Piper" not in index


def test_a_failed_background_load_is_tried_again_by_the_next_message_that_needs_it() -> None:
    later = Later()
    cache = DealNames(background=later)

    def broken() -> list[str]:
        raise ConnectionError("the database went away")

    cache.prefetch(1, broken)
    later.run()
    assert cache.failures == 1 and not cache.loading(1) and cache.get(1) is None
    assert len(cache.index(1, lambda: names(1, 5))) == 5


def test_a_large_index_is_frozen_out_of_the_garbage_collectors_way() -> None:
    gc.unfreeze()
    try:
        DealNames(freeze_from=1_000).index(1, lambda: names(1, 1_000))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_loading_one_workspace_does_not_hold_up_another() -> None:
    cache = DealNames()
    started, release = threading.Event(), threading.Event()

    def slow() -> list[str]:
        started.set()
        release.wait(5)
        return names(1, 10)

    loading = threading.Thread(target=cache.index, args=(1, slow))
    loading.start()
    assert started.wait(5)
    assert len(cache.index(2, lambda: names(2, 3))) == 3  # while workspace 1 is still loading
    cache.add(1, "Hooli")  # does not wait for the load either
    release.set()
    loading.join(5)
    assert len(cache.index(1, lambda: [])) == 11


def test_the_budget_comes_from_the_environment() -> None:
    assert budget_from_env({"NEXTSTEP_DEAL_INDEX_MB": "64"}) == 64 * 1024 * 1024
    assert budget_from_env({}) == 192 * 1024 * 1024
    assert budget_from_env({"NEXTSTEP_DEAL_INDEX_MB": "lots"}) == budget_from_env({})


def deep_size(root: object) -> int:
    """Bytes of every object reachable from `root` (each counted once)."""
    seen: set[int] = set()
    total = 0
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            stack += [*obj.keys(), *obj.values()]
        elif isinstance(obj, list | tuple | set | frozenset):
            stack += list(obj)
        elif not isinstance(obj, str | bytes | int | float | bool | type(None)):
            if hasattr(obj, "__dict__"):
                stack.append(vars(obj))
            stack += [
                getattr(obj, slot) for slot in getattr(type(obj), "__slots__", ()) if hasattr(obj, slot)
            ]
    return total


def test_the_estimate_the_budget_counts_is_close_to_what_an_index_takes() -> None:
    kinds = {
        "invented names": corpus.distinct_names(3000, seed=5),
        "names sharing words": corpus.shared_word_names(3000),
        "long names": [f"{name} Logistics Group {i}" for i, name in enumerate(corpus.distinct_names(2000))],
    }
    for kind, listed in kinds.items():
        estimate = sum(name_bytes(name) for name in listed)
        actual = deep_size(DealIndex(listed)) - deep_size(listed) + sys.getsizeof(listed)
        # Never much under (the budget would be overrun), never wildly over (indexes evicted for nothing).
        assert 0.75 * actual <= estimate <= 2.5 * actual, (kind, estimate, actual)


def test_the_runs_of_words_a_message_may_name_a_deal_with() -> None:
    keys = name_keys_in("Where are we with “Pied Piper”? And Hooli's renewal")
    assert keys is not None
    assert {"pied piper", "hooli", "where are we with", "and hooli's renewal"} <= keys
    assert name_keys_in(" ".join(["word"] * 41)) is None


# -- through the assistant, over a real database ---------------------------------------------------


def fill(db: Database, clock: FakeClock, count: int, external: str = "T-PIEDPIPER") -> list[str]:
    """A workspace with `count` deals of Dana's, as another process would have stored them."""
    with db.unit_of_work() as session:
        workspace = Directory(session).workspace("slack", external, now=clock.now())
        dana = People(session, workspace.id).upsert("U-DANA", now=clock.now(), name="dana")
        listed = [f"{stem} Systems" for stem in corpus.distinct_names(count, seed=12)]
        rows: list[dict[str, Any]] = [
            {
                "workspace_id": workspace.id,
                "name": name,
                "name_key": name.casefold(),
                "rep_id": dana.id,
                "stage": "demo",
                "next_step": "send the pricing",
                "next_step_owner": "us",
                "us_streak": 0,
                "owner_since": clock.now(),
                "created_at": clock.now(),
                "updated_at": clock.now(),
            }
            for name in listed
        ]
        session.execute(insert(Deal), rows)
    return listed


def workspace_id(db: Database, external: str = "T-PIEDPIPER") -> int:
    with db.unit_of_work() as session:
        found = Directory(session).find_workspace("slack", external)
        assert found is not None
        return found.id


def test_a_workspace_out_of_memory_learns_the_deals_created_meanwhile(
    db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    assistant = Assistant(db, parser, clock)
    assistant.names = DealNames(budget_bytes=1)  # one workspace's index at a time
    piedpiper, other = Chat(assistant, clock), Chat(assistant, clock, workspace_id="T-HOOLI")
    dana, gavin = piedpiper.rep("dana"), other.rep("gavin")
    assert "Pied Piper" in dana.says("Pied Piper: intro call went well, sending the deck Friday").text
    dana.says("yes")
    assert "Nucleus" in gavin.says("Nucleus: demo booked for Thursday").text
    gavin.says("yes")
    ws = workspace_id(db)
    assert ws not in assistant.names  # evicted for the other workspace
    with db.unit_of_work() as session:  # the CRM import (or another replica) creates a deal
        Deals(session, ws).create("Raviga Capital", rep_id=None, now=clock.now())
    seen = dana.says("Raviga Capital: they want a security review, I'll send the answers by Monday")
    assert seen.kinds == ["confirmation"] and "Raviga Capital" in seen.text
    assert "Pied Piper" in dana.says("Pied Piper?").text
    assert assistant.names.loads == 3 and assistant.names.evictions == 2


def test_after_a_restart_a_named_deal_is_answered_before_the_whole_index_loads(
    db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    listed = fill(db, clock, 40)
    later = Later()
    restarted = Assistant(db, parser, clock)
    restarted.names = DealNames(background_from=10, background=later)
    dana = Chat(restarted, clock).rep("dana")
    ws = workspace_id(db)

    seen = dana.says(f"{listed[7]}?")  # read from the database while the index waits to load
    assert seen.kinds == ["answer"] and listed[7] in seen.text and "send the pricing" in seen.text
    assert restarted.names.loading(ws) and ws not in restarted.names
    seen = dana.says(f"{listed[8]}: sent the pricing, ball's in their court")
    assert seen.kinds == ["confirmation"] and listed[8] in seen.text
    assert ws not in restarted.names and len(later.tasks) == 1

    later.run()  # the background load finishes
    assert ws in restarted.names and len(restarted.names.get(ws) or ()) == 40


def test_while_the_index_loads_a_message_naming_no_deal_exactly_waits_for_it(
    db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    listed = fill(db, clock, 40)
    later = Later()
    restarted = Assistant(db, parser, clock)
    restarted.names = DealNames(background_from=10, background=later)
    dana = Chat(restarted, clock).rep("dana")
    ws = workspace_id(db)
    misspelt = listed[3].replace("Systems", "Sytems")

    seen = dana.says(f"{misspelt}: sent the pricing")  # a typo: only the whole index reads it
    assert ws in restarted.names  # loaded for it, here and now
    assert seen.kinds == ["confirmation"] and listed[3] in seen.text
    assert "waiting on us" in dana.says("what's waiting on us?").text.casefold()
    later.run()  # the queued load finds the work done
    assert restarted.names.loads == 1


def test_a_deal_created_while_the_index_loads_is_in_it_once_loaded(
    db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    listed = fill(db, clock, 40)
    later = Later()
    restarted = Assistant(db, parser, clock)
    restarted.names = DealNames(background_from=10, background=later)
    dana = Chat(restarted, clock).rep("dana")
    ws = workspace_id(db)
    assert dana.says(f"{listed[1]}?").kinds == ["answer"]  # starts the load
    assert restarted.names.loading(ws)
    with db.unit_of_work() as session:
        Deals(session, ws).create("Endframe", rep_id=None, now=clock.now())
    restarted.names.add(ws, "Endframe")  # what the assistant does after the commit
    later.run()
    index = restarted.names.get(ws)
    assert index is not None and "Endframe" in index and len(index) == 41
    with db.unit_of_work() as session:
        assert len(list(session.scalars(select(Deal.id).where(Deal.workspace_id == ws)))) == 41
