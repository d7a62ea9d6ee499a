"""Counters and histograms for /metrics, written in the Prometheus text format (0.0.4).

Written here rather than with prometheus-client: the exposition format is a few lines of text,
and prometheus-client's default registry is process-wide state, which this project avoids (two
apps in one test process would share counts). One `Metrics` object per app, passed to whoever
records into it; every method is thread-safe, since the pipeline records from worker threads.
"""

from __future__ import annotations

import math
import threading
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

# Seconds: from a cache hit to a slow page fetch.
DEFAULT_BUCKETS: tuple[float, ...] = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
)

Labels = tuple[tuple[str, str], ...]


class FeedOutcomeLike(Protocol):
    """The parts of pipeline.FeedOutcome that metrics read (kept structural: no import cycle)."""

    @property
    def error(self) -> str | None: ...
    @property
    def not_modified(self) -> bool: ...
    @property
    def new_articles(self) -> int: ...
    @property
    def entry_errors(self) -> list[str]: ...


def _labels(values: dict[str, str]) -> Labels:
    return tuple(sorted(values.items()))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _format_labels(labels: Labels, extra: Labels = ()) -> str:
    pairs = labels + extra
    if not pairs:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in pairs) + "}"


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


@dataclass(slots=True)
class _Histogram:
    buckets: tuple[float, ...]
    counts: list[int] = field(default_factory=list)
    total: float = 0.0
    n: int = 0

    def observe(self, value: float) -> None:
        if not self.counts:
            self.counts = [0] * len(self.buckets)
        index = bisect_left(self.buckets, value)
        if index < len(self.counts):
            self.counts[index] += 1
        self.total += value
        self.n += 1


@dataclass(frozen=True, slots=True)
class _Family:
    name: str
    kind: str  # counter | gauge | histogram
    help: str


# Every family Broadsheet exposes, so /metrics lists them (at zero) before anything happened.
FAMILIES: tuple[_Family, ...] = (
    _Family("broadsheet_feeds_polled_total", "counter", "Feed polls, by result."),
    _Family("broadsheet_errors_total", "counter", "Errors, by kind."),
    _Family("broadsheet_articles_ingested_total", "counter", "New articles stored."),
    _Family("broadsheet_stage_seconds", "histogram", "Time spent in each pipeline stage."),
    _Family(
        "broadsheet_http_request_seconds",
        "histogram",
        "Web requests, by method, route template and status class.",
    ),
    _Family("broadsheet_queue_depth", "gauge", "Feeds due for a poll and not yet polled."),
)


class Metrics:
    """What /metrics reports for one app: counters, histograms and gauges read at scrape time."""

    def __init__(self, buckets: Sequence[float] = DEFAULT_BUCKETS) -> None:
        self._lock = threading.Lock()
        self._buckets = tuple(sorted(buckets))
        self._counters: dict[tuple[str, Labels], float] = {}
        self._histograms: dict[tuple[str, Labels], _Histogram] = {}
        self._gauges: dict[str, Callable[[], float]] = {}

    # -- recording -----------------------------------------------------------------------------
    def inc(self, name: str, amount: float = 1.0, **labels: str) -> None:
        key = (name, _labels(labels))
        with self._lock:
            self._counters[key] = self._counters.get(key, 0.0) + amount

    def observe(self, name: str, seconds: float, **labels: str) -> None:
        key = (name, _labels(labels))
        with self._lock:
            hist = self._histograms.get(key)
            if hist is None:
                hist = self._histograms[key] = _Histogram(self._buckets)
            hist.observe(seconds)

    def gauge(self, name: str, read: Callable[[], float]) -> None:
        """Report `read()` at each scrape (e.g. the number of due feeds: the queue depth)."""
        with self._lock:
            self._gauges[name] = read

    # -- what Broadsheet records ---------------------------------------------------------------
    def feed_polled(self, result: str) -> None:
        """result: ok | not_modified | error."""
        self.inc("broadsheet_feeds_polled_total", result=result)

    def error(self, kind: str) -> None:
        """kind: a short fixed word (fetch, parse, extract, entry, store, hook…), never a URL."""
        self.inc("broadsheet_errors_total", kind=kind)

    def record_feed_outcome(self, outcome: FeedOutcomeLike) -> None:
        """One call after each `Pipeline.refresh_feed`: poll result, new articles, errors."""
        if outcome.error:
            self.feed_polled("error")
            self.error("feed")
        else:
            self.feed_polled("not_modified" if outcome.not_modified else "ok")
        self.articles_ingested(outcome.new_articles)
        if outcome.entry_errors:
            self.inc("broadsheet_errors_total", float(len(outcome.entry_errors)), kind="entry")

    def articles_ingested(self, count: int = 1) -> None:
        if count:
            self.inc("broadsheet_articles_ingested_total", float(count))

    @contextmanager
    def time_stage(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.observe("broadsheet_stage_seconds", time.perf_counter() - start, stage=stage)

    def observe_http(self, method: str, route: str, status: int, seconds: float) -> None:
        self.observe(
            "broadsheet_http_request_seconds",
            seconds,
            method=method,
            route=route,
            status=f"{status // 100}xx",
        )

    # -- reading -------------------------------------------------------------------------------
    def value(self, name: str, **labels: str) -> float:
        """A counter's current value (0 when never incremented)."""
        with self._lock:
            return self._counters.get((name, _labels(labels)), 0.0)

    def render(self) -> str:
        with self._lock:
            counters = dict(self._counters)
            histograms = {
                k: _Histogram(h.buckets, list(h.counts), h.total, h.n)
                for k, h in self._histograms.items()
            }
            gauges = dict(self._gauges)
        lines: list[str] = []
        for family in FAMILIES:
            lines.append(f"# HELP {family.name} {family.help}")
            lines.append(f"# TYPE {family.name} {family.kind}")
            if family.kind == "counter":
                own = sorted((k[1], v) for k, v in counters.items() if k[0] == family.name)
                if not own and family.name == "broadsheet_articles_ingested_total":
                    own = [((), 0.0)]
                lines.extend(f"{family.name}{_format_labels(lb)} {_number(v)}" for lb, v in own)
            elif family.kind == "histogram":
                own_h = sorted((k[1], h) for k, h in histograms.items() if k[0] == family.name)
                for lb, hist in own_h:
                    lines.extend(_histogram_lines(family.name, lb, hist))
            elif family.name in gauges:
                try:
                    value = float(gauges[family.name]())
                except Exception:  # a failing gauge must not break the whole scrape
                    value = math.nan
                lines.append(f"{family.name} {_number(value) if value == value else 'NaN'}")
        return "\n".join(lines) + "\n"


def _histogram_lines(name: str, labels: Labels, hist: _Histogram) -> Iterator[str]:
    cumulative = 0
    counts = hist.counts or [0] * len(hist.buckets)
    for bound, count in zip(hist.buckets, counts, strict=True):
        cumulative += count
        yield f"{name}_bucket{_format_labels(labels, (('le', _number(bound)),))} {cumulative}"
    yield f"{name}_bucket{_format_labels(labels, (('le', '+Inf'),))} {hist.n}"
    yield f"{name}_sum{_format_labels(labels)} {_number(hist.total)}"
    yield f"{name}_count{_format_labels(labels)} {hist.n}"
