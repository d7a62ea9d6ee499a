"""The page-part cache: fresh hits, one recompute at a time when stale, bounded size."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle, TopicRef
from broadsheet.store import Store
from broadsheet.web.cache import TtlCache
from broadsheet.web.pages import RELATED_LASTING
from tests.web.conftest import add_article


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


def test_an_article_pages_related_coverage_outlasts_its_view(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    """The running app: one cache period after a reader's visit, the article's own view
    (here its "also published by") is fresh again, while its related coverage, which costs
    more and changes as slowly as feeds are polled, lasts RELATED_LASTING periods."""
    store = sqlite_store
    bridge = TopicRef(0, "harbour-bridge", "Harbour Bridge", "place", 1.0, ["Harbour Bridge"])
    text = "The Harbour Bridge reopened to traffic on Monday after a year of repairs."
    main = add_article(store, 1, publisher="Evening Courier", title="Bridge reopens", text=text)
    tolls = add_article(store, 2, publisher="Harbour Herald", title="Bridge tolls rise")
    for article_id in (main, tolls):
        store.set_article_topics(article_id, [bridge])
    client = app_factory()
    period = 0.75
    client.app.state.services.cache_ttl_s = period  # type: ignore[attr-defined]
    before = time.monotonic()  # the cached parts are made between these two instants
    first = client.get(f"/articles/{main}").text
    after = time.monotonic()
    assert "Bridge tolls rise" in first and "Morning Ledger" not in first

    painters = add_article(store, 3, publisher="City Globe", title="Bridge painters strike")
    store.set_article_topics(painters, [bridge])
    copy, _ = store.add_article(  # the same text at another publisher: a marked copy
        NewArticle(
            url="https://ledger.example/bridge",
            title="Bridge reopens",
            text=text,
            content_hash=content_hash(text + "1"),  # add_article's hash of article 1
            publisher="Morning Ledger",
        )
    )
    assert copy.duplicate_of == main
    time.sleep(max(0.0, after + period + 0.1 - time.monotonic()))  # the view's period is over
    second = client.get(f"/articles/{main}").text
    assert time.monotonic() - before < period * RELATED_LASTING, "too slow to tell"
    assert "Morning Ledger" in second  # the view was computed afresh
    assert "Bridge painters strike" not in second  # the related list was not

    time.sleep(max(0.0, after + period * RELATED_LASTING + 0.1 - time.monotonic()))
    assert "Bridge painters strike" in client.get(f"/articles/{main}").text
