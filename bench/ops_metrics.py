"""Benchmark: Broadsheet's Metrics (hand-written exposition) vs prometheus-client.

Usage: python bench/ops_metrics.py [--data PATH] [--events N] [--scrapes N]

The workload is what a busy install records: HTTP latencies over 40 route templates x 3
methods x 3 status classes, stage latencies over 6 stages, poll and error counters, recorded
from 4 threads; then /metrics rendered repeatedly. There is no recorded data set for this (the
events are synthetic and seeded), so --data is accepted for the common interface and ignored
when the folder does not exist. Prints events/s and scrape p50/p95 for both implementations,
the exposition size, and the tracemalloc peak (measured in a separate pass, since tracemalloc
slows Python code several-fold); the last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from broadsheet.ops.metrics import DEFAULT_BUCKETS, Metrics

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "ops"
ROUTES = [f"/route/{i}/{{id}}" for i in range(40)]
STAGES = ["fetch", "parse", "extract", "enrich", "stories", "store"]
THREADS = 4


def _events(n: int, seed: int) -> list[tuple[str, str, int, float]]:
    rng = random.Random(seed)
    return [
        (
            rng.choice(("GET", "POST", "HEAD")),
            rng.choice(ROUTES),
            rng.choice((200, 304, 404, 500)),
            rng.expovariate(20),
        )
        for _ in range(n)
    ]


class Recorder:
    """The four calls Broadsheet makes, for either implementation."""

    def __init__(
        self,
        http: Callable[[str, str, int, float], None],
        stage: Callable[[str, float], None],
        poll: Callable[[str], None],
        render: Callable[[], bytes],
    ) -> None:
        self.http, self.stage, self.poll, self.render = http, stage, poll, render


def ours() -> Recorder:
    m = Metrics()
    return Recorder(
        lambda meth, route, status, s: m.observe_http(meth, route, status, s),
        lambda st, s: m.observe("broadsheet_stage_seconds", s, stage=st),
        m.feed_polled,
        lambda: m.render().encode(),
    )


def reference() -> Recorder:
    from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

    reg = CollectorRegistry()
    http = Histogram(
        "broadsheet_http_request_seconds",
        "x",
        ["method", "route", "status"],
        registry=reg,
        buckets=DEFAULT_BUCKETS,
    )
    stage = Histogram(
        "broadsheet_stage_seconds", "x", ["stage"], registry=reg, buckets=DEFAULT_BUCKETS
    )
    polls = Counter("broadsheet_feeds_polled", "x", ["result"], registry=reg)
    return Recorder(
        lambda meth, route, status, s: http.labels(meth, route, f"{status // 100}xx").observe(s),
        lambda st, s: stage.labels(st).observe(s),
        lambda result: polls.labels(result).inc(),
        lambda: generate_latest(reg),
    )


def run(
    make: Callable[[], Recorder], events: list[tuple[str, str, int, float]], scrapes: int
) -> dict[str, float]:
    """Timed without tracemalloc (it slows Python code several-fold); memory measured apart."""
    figures = _timed(make, events, scrapes)
    tracemalloc.start()
    _timed(make, events, 1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures["peak_kib"] = peak / 1024
    return figures


def _timed(
    make: Callable[[], Recorder], events: list[tuple[str, str, int, float]], scrapes: int
) -> dict[str, float]:
    rec = make()
    chunks = [events[i::THREADS] for i in range(THREADS)]

    def work(chunk: list[tuple[str, str, int, float]]) -> None:
        for i, (meth, route, status, s) in enumerate(chunk):
            rec.http(meth, route, status, s)
            rec.stage(STAGES[i % len(STAGES)], s)
            if i % 10 == 0:
                rec.poll("ok" if status < 500 else "error")

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    record_s = time.perf_counter() - started
    latencies = []
    size = 0
    for _ in range(scrapes):
        t0 = time.perf_counter()
        size = len(rec.render())
        latencies.append(time.perf_counter() - t0)
    latencies.sort()
    return {
        "events_per_s": len(events) / record_s,
        "scrape_p50_ms": statistics.median(latencies) * 1000,
        "scrape_p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--scrapes", type=int, default=50)
    args = parser.parse_args()
    events = _events(args.events, seed=7)
    results = {"broadsheet": run(ours, events, args.scrapes)}
    try:
        results["prometheus-client"] = run(reference, events, args.scrapes)
    except ImportError:
        print("prometheus-client is not installed: no reference run")
    for name, r in results.items():
        print(
            f"{name:18} {r['events_per_s']:>10,.0f} events/s  scrape p50 "
            f"{r['scrape_p50_ms']:.1f} ms p95 {r['scrape_p95_ms']:.1f} ms  "
            f"{r['bytes']:,} bytes  peak {r['peak_kib']:,.0f} KiB"
        )
    ours_r = results["broadsheet"]
    ref = results.get("prometheus-client")
    if ref:
        speed = ours_r["events_per_s"] / ref["events_per_s"]
        print(
            f"summary: broadsheet Metrics records {speed:.2f}x"
            f" and scrapes {ref['scrape_p50_ms'] / ours_r['scrape_p50_ms']:.2f}x as fast as"
            f" prometheus-client ({args.events:,} events, {THREADS} threads)"
        )
    else:
        print(
            f"summary: broadsheet Metrics {ours_r['events_per_s']:,.0f} events/s, scrape p50"
            f" {ours_r['scrape_p50_ms']:.1f} ms"
        )


if __name__ == "__main__":
    main()
