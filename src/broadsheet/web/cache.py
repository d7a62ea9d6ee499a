"""A small time-bounded cache owned by one app instance (never module-global).

The front page's candidate stories, trending topics and an article's related coverage are the
same for every reader for a few seconds and cost most of a page's time at 100k articles; reusing
them for `ttl` seconds keeps pages fast under load while new articles still show within that
delay. Bounded in size; thread-safe because sync handlers run in a thread pool.

When an entry goes stale, the first request to notice it recomputes it while every other request
keeps getting the stale value (for up to `stale_factor` × ttl). Without that, all the requests in
flight when the front page's entry expired recomputed it at once: on 16 cores at 100k articles
that put the front page's p99 at 520 ms while its p50 was 4 ms (bench/web.py).

Entries are kept pickled by default. Thousands of cached articles are tens of thousands of
objects, each with a score of fields, that the garbage collector's full collections walked on
every pass: with one worker at 100k articles, those walks stopped the process for 50-140 ms and
made the slowest requests of every page (see heap.py). A pickle is one bytes object, which the
collector never looks into; unpickling an article page's parts costs about 0.05-0.2 ms a hit. A
large entry read on every request of a busy page (the front page's candidates, 5 ms to
unpickle) is better kept as objects: `pickled=False`.
"""

from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class TtlCache:
    def __init__(self, max_entries: int = 4096, stale_factor: float = 6.0) -> None:
        # key -> (expires, pickled?, value): a tuple of atoms the collector stops tracking
        self._data: OrderedDict[Hashable, tuple[float, bool, Any]] = OrderedDict()
        self._refreshing: set[Hashable] = set()
        self._lock = threading.Lock()
        self._max = max_entries
        self._stale_factor = stale_factor

    def get_or_compute(
        self, key: Hashable, ttl: float, compute: Callable[[], T], *, pickled: bool = True
    ) -> T:
        hit = self._usable(key, ttl)
        if hit is not None:
            is_pickled, value = hit
            result: T = pickle.loads(value) if is_pickled else value
            return result
        try:
            computed = compute()
            stored = pickle.dumps(computed, pickle.HIGHEST_PROTOCOL) if pickled else computed
        finally:
            with self._lock:
                self._refreshing.discard(key)
        with self._lock:
            self._data[key] = (time.monotonic() + ttl, pickled, stored)
            self._data.move_to_end(key)
            while len(self._data) > self._max:
                self._data.popitem(last=False)
        return computed

    def _usable(self, key: Hashable, ttl: float) -> tuple[bool, Any] | None:
        """(pickled?, stored value) to serve, or None: this caller recomputes."""
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                expires, is_pickled, value = hit
                fresh = expires > now
                usable = expires + ttl * (self._stale_factor - 1) > now
                if fresh or (usable and key in self._refreshing):
                    self._data.move_to_end(key)
                    return is_pickled, value
            self._refreshing.add(key)  # this request recomputes; the others use what is there
            return None

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
