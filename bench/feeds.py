"""Benchmark: Broadsheet's parse_feed vs feedparser alone on real feeds.

Usage: python bench/feeds.py [--data PATH] [--repeat N]

--data defaults to ../shared/bench/feeds/real (213 real feed documents). For each parser it
prints feeds per CPU-second (median of --repeat runs), p50/p95 per-feed latency, entries
recovered (entries with a usable http(s) link, counted the same way for both), documents that
failed, and the largest tracemalloc peak for one feed (over the 8 largest documents).
fastfeedparser alone (no fallback) is shown for context. The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import fastfeedparser
import feedparser

from broadsheet.feeds import parse_feed
from broadsheet.feeds.mapping import map_feed
from broadsheet.models import ParsedFeed

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "feeds" / "real"
URL = "https://bench.example.org/feed"
SKIP = {"LICENSE", "README.md"}
MEMORY_DOCS = 8

Parser = Callable[[bytes], ParsedFeed]


def ours(content: bytes) -> ParsedFeed:
    return parse_feed(content, URL, max_entries=10_000)


def feedparser_alone(content: bytes) -> ParsedFeed:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = feedparser.parse(content, response_headers={"content-location": URL})
    if doc.get("bozo") and not doc.get("entries"):
        raise ValueError(f"feedparser: {doc.get('bozo_exception')}")
    return map_feed(doc, URL, "rss", max_entries=10_000)


def fastfeedparser_alone(content: bytes) -> ParsedFeed:
    return map_feed(fastfeedparser.parse(content), URL, "rss", max_entries=10_000)


@dataclass
class Result:
    name: str
    cpu_s: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    entries: int = 0
    failures: list[str] = field(default_factory=list)
    peak_bytes: int = 0


def run(name: str, parser: Parser, docs: list[tuple[str, bytes]], repeat: int) -> Result:
    result = Result(name)
    for round_ in range(repeat):
        latencies: list[float] = []
        entries = 0
        failures: list[str] = []
        cpu0 = time.process_time()
        for doc_name, content in docs:
            t0 = time.perf_counter()
            try:
                entries += len(parser(content).entries)
            except Exception as exc:  # count every failure, never stop
                failures.append(f"{doc_name}: {type(exc).__name__}: {str(exc)[:80]}")
            latencies.append(time.perf_counter() - t0)
        result.cpu_s.append(time.process_time() - cpu0)
        if round_ == 0:
            result.latencies, result.entries, result.failures = latencies, entries, failures
    return result


def measure_memory(result: Result, parser: Parser, docs: list[tuple[str, bytes]]) -> None:
    """Largest tracemalloc peak over the biggest documents (tracing all of them would take
    longer than the whole timed run; peak memory is set by the big ones anyway)."""
    tracemalloc.start()
    for _name, content in sorted(docs, key=lambda d: len(d[1]), reverse=True)[:MEMORY_DOCS]:
        tracemalloc.reset_peak()
        with contextlib.suppress(Exception):  # failures were counted in the timed run
            parser(content)
        result.peak_bytes = max(result.peak_bytes, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = sorted(p for p in args.data.rglob("*") if p.is_file() and p.name not in SKIP)
    if not files:
        print(f"no documents under {args.data}", file=sys.stderr)
        return 2
    docs = [(str(p.relative_to(args.data)), p.read_bytes()) for p in files]
    total_mb = sum(len(c) for _, c in docs) / 1e6
    print(f"{len(docs)} documents, {total_mb:.1f} MB, from {args.data}; {args.repeat} rounds")
    results = []
    for name, parser in (
        ("broadsheet", ours),
        ("feedparser", feedparser_alone),
        ("fastfeedparser (no fallback)", fastfeedparser_alone),
    ):
        print(f"  running {name}…", file=sys.stderr, flush=True)
        result = run(name, parser, docs, args.repeat)
        measure_memory(result, parser, docs)
        results.append(result)
    print(
        f"{'parser':30} {'feeds/cpu-s':>11} {'p50 ms':>8} {'p95 ms':>8} {'entries':>8}"
        f" {'failed':>6} {'peak MiB':>8}"
    )
    for r in results:
        rate = len(docs) / statistics.median(r.cpu_s)
        print(
            f"{r.name:30} {rate:11.1f} {quantile(r.latencies, 0.5) * 1e3:8.2f}"
            f" {quantile(r.latencies, 0.95) * 1e3:8.2f} {r.entries:8d} {len(r.failures):6d}"
            f" {r.peak_bytes / 2**20:8.1f}"
        )
    for r in results:
        for failure in r.failures:
            print(f"  {r.name} failed: {failure}")
    ours_r, fp = results[0], results[1]
    speed = statistics.median(fp.cpu_s) / statistics.median(ours_r.cpu_s)
    print(
        f"SUMMARY feeds: broadsheet {len(docs) / statistics.median(ours_r.cpu_s):.0f} feeds/cpu-s"
        f" = {speed:.1f}x feedparser; entries {ours_r.entries} vs {fp.entries}"
        f" ({ours_r.entries - fp.entries:+d}); failures {len(ours_r.failures)} vs"
        f" {len(fp.failures)} of {len(docs)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
