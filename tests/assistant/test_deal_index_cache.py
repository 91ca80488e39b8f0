"""The parser's deal indexes, one per workspace, kept within a memory budget (least recently used go)."""

from __future__ import annotations

import gc
import threading

from assistant.deal_names import BYTES_PER_NAME, DealNames, budget_from_env


def names(workspace: int, count: int) -> list[str]:
    return [f"Deal {workspace}-{i}" for i in range(count)]


def test_many_workspaces_fit_the_budget_and_an_evicted_one_comes_back_when_needed() -> None:
    loads: list[int] = []

    def loader(workspace: int):  # type: ignore[no-untyped-def]
        def load() -> list[str]:
            loads.append(workspace)
            return names(workspace, 100)

        return load

    cache = DealNames(budget_bytes=10 * 100 * BYTES_PER_NAME)  # room for ten workspaces of 100 deals
    for workspace in range(1, 1001):
        index = cache.index(workspace, loader(workspace))
        assert f"Deal {workspace}-7" in index
    assert len(cache) == 10 and cache.estimated_bytes <= cache.budget
    assert cache.evictions == 990 and loads == list(range(1, 1001))
    # The most recent ones are still there; a workspace used again stays, the least recent goes.
    assert 1000 in cache and 991 in cache and 990 not in cache
    cache.index(991, loader(991))
    cache.index(1, loader(1))
    assert loads[-1] == 1 and 991 in cache and 992 not in cache
    # A new deal reaches an index in memory; one evicted learns it from the database when reloaded.
    cache.add(991, "Brand New Deal")
    assert "Brand New Deal" in cache.index(991, loader(991))


def test_a_budget_smaller_than_one_workspace_still_keeps_that_workspace() -> None:
    cache = DealNames(budget_bytes=1)
    assert len(cache.index(1, lambda: names(1, 50))) == 50
    assert len(cache.index(2, lambda: names(2, 50))) == 50
    assert 2 in cache and 1 not in cache


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

    loader = threading.Thread(target=cache.index, args=(1, slow))
    loader.start()
    assert started.wait(5)
    assert len(cache.index(2, lambda: names(2, 3))) == 3  # while workspace 1 is still loading
    release.set()
    loader.join(5)
    assert len(cache.index(1, lambda: [])) == 10


def test_the_budget_comes_from_the_environment() -> None:
    assert budget_from_env({"NEXTSTEP_DEAL_INDEX_MB": "64"}) == 64 * 1024 * 1024
    assert budget_from_env({"NEXTSTEP_DEAL_INDEX_MB": "lots"}) == budget_from_env({})
