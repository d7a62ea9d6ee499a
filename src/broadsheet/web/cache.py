"""A small time-bounded cache owned by one app instance (never module-global).

The front page's candidate stories, trending topics and an article's related coverage are the
same for every reader for a few seconds and cost most of a page's time at 100k articles; reusing
them for `ttl` seconds keeps pages fast under load while new articles still show within that
delay. Bounded in size; thread-safe because sync handlers run in a thread pool.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class TtlCache:
    def __init__(self, max_entries: int = 4096) -> None:
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get_or_compute(self, key: Hashable, ttl: float, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and hit[0] > now:
                self._data.move_to_end(key)
                value: T = hit[1]
                return value
        fresh = compute()
        with self._lock:
            self._data[key] = (now + ttl, fresh)
            self._data.move_to_end(key)
            while len(self._data) > self._max:
                self._data.popitem(last=False)
        return fresh

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
