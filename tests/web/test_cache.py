"""The page-part cache: fresh hits, one recompute at a time when stale, bounded size."""

from __future__ import annotations

import threading
import time

import pytest

from broadsheet.web.cache import TtlCache


def test_fresh_entries_are_reused_and_stale_ones_recomputed() -> None:
    cache = TtlCache()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get_or_compute("k", 0.05, compute) == 1
    assert cache.get_or_compute("k", 0.05, compute) == 1
    time.sleep(0.08)
    assert cache.get_or_compute("k", 0.05, compute) == 2


def test_while_one_request_recomputes_a_stale_entry_the_others_get_the_old_value() -> None:
    cache = TtlCache(stale_factor=100.0)
    cache.get_or_compute("front", 0.01, lambda: "old")
    time.sleep(0.03)
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "new"

    results: list[str] = []
    worker = threading.Thread(
        target=lambda: results.append(cache.get_or_compute("front", 10, slow))
    )
    worker.start()
    assert started.wait(5)
    others = [cache.get_or_compute("front", 10, lambda: "recomputed again") for _ in range(20)]
    assert others == ["old"] * 20  # no stampede: nobody else recomputed
    release.set()
    worker.join(5)
    assert results == ["new"]
    assert cache.get_or_compute("front", 10, lambda: "unused") == "new"


def test_an_entry_past_its_stale_window_is_never_served() -> None:
    cache = TtlCache(stale_factor=2.0)
    cache.get_or_compute("k", 0.01, lambda: "old")
    time.sleep(0.05)  # past ttl × stale_factor
    assert cache.get_or_compute("k", 0.01, lambda: "new") == "new"


def test_a_failed_recompute_leaves_the_next_request_free_to_try() -> None:
    cache = TtlCache()

    def boom() -> str:
        raise RuntimeError("store away")

    with pytest.raises(RuntimeError):
        cache.get_or_compute("k", 1, boom)
    assert cache.get_or_compute("k", 1, lambda: "ok") == "ok"


def test_size_is_bounded() -> None:
    cache = TtlCache(max_entries=3)
    for n in range(10):
        cache.get_or_compute(n, 60, lambda n=n: n)
    assert cache.get_or_compute(0, 60, lambda: -1) == -1  # evicted, so recomputed
    assert cache.get_or_compute(9, 60, lambda: -1) == 9


def test_pickled_entries_come_back_equal_and_unshared_unless_told_otherwise() -> None:
    cache = TtlCache()
    first = cache.get_or_compute("k", 10, lambda: {"ids": [1, 2]})
    first["ids"].append(3)  # a reader's change to its copy never reaches the next reader
    assert cache.get_or_compute("k", 10, lambda: {"ids": []}) == {"ids": [1, 2]}
    shared = cache.get_or_compute("s", 10, lambda: [1], pickled=False)
    assert cache.get_or_compute("s", 10, lambda: [2], pickled=False) is shared


def test_related_coverage_outlasts_the_other_page_parts() -> None:
    """The article page's related list lives RELATED_LASTING cache periods; its view one."""
    from types import SimpleNamespace

    from broadsheet.web.pages import RELATED_LASTING, cached

    svc = SimpleNamespace(cache=TtlCache(stale_factor=1.0), cache_ttl_s=0.05)
    assert RELATED_LASTING * svc.cache_ttl_s > 0.1
    cached(svc, "view", lambda: "old view")  # type: ignore[arg-type]
    cached(svc, "related", lambda: "old related", lasting=RELATED_LASTING)  # type: ignore[arg-type]
    time.sleep(0.08)  # past one period, within RELATED_LASTING periods
    assert cached(svc, "view", lambda: "new view") == "new view"  # type: ignore[arg-type]
    assert cached(svc, "related", lambda: "new", lasting=RELATED_LASTING) == "old related"  # type: ignore[arg-type]
    svc.cache_ttl_s = 0  # the cache off (tests that change data): always computed
    assert cached(svc, "related", lambda: "new", lasting=RELATED_LASTING) == "new"  # type: ignore[arg-type]
