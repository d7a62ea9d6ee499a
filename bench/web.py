"""Web app latency under load: front, article, story and search pages with N concurrent clients.

Populates a store (SQLite by default) with many articles, stories and topics through the
store's bulk loader, serves the real app with uvicorn in a separate process on loopback, and
drives it with an asyncio httpx load loop (the equivalent of wrk: a fixed number of connections,
each sending its next request as soon as the last one answered). The reference in the same run
is a static file served by the same server: the ratio says how much slower a rendered page is
than the cheapest thing the server can answer.

    python bench/web.py --articles 100000 --concurrency 50 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "corpus"


def load_texts(data: Path) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for path in sorted(data.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("body") and row.get("title"):
                    texts.append((row["title"], row["body"][:3000]))
    if not texts:
        texts = [(f"Headline {n}", f"Body text number {n}. " * 40) for n in range(100)]
    return texts


def populate(db_url: str, n_articles: int, data: Path) -> dict[str, list[int] | list[str]]:
    from broadsheet.fingerprint import content_hash
    from broadsheet.models import NewArticle, TopicRef
    from broadsheet.store import open_store

    rng = random.Random(7)
    texts = load_texts(data)
    publishers = [f"Publisher {i:02d}" for i in range(40)]
    topic_pool = [
        TopicRef(0, f"topic-{i}", f"Topic {i}", "theme", 0.5, [f"Topic {i}"]) for i in range(400)
    ]
    store = open_store(db_url)
    if store.count_articles() >= n_articles:
        print(f"  reusing the {store.count_articles():,} articles already in the store")
        n_articles = 0
    now = datetime.now(UTC)
    started = time.perf_counter()
    story = 0
    left_in_story = 0
    chunk = 5000
    items: list[NewArticle] = []
    keys: list[str] = []
    refs: list[list[TopicRef]] = []
    story_time = now
    for n in range(n_articles):
        if left_in_story == 0:
            if len(items) >= chunk:  # flush between stories: bulk_load takes whole new stories
                store.bulk_load(items, keys, refs)
                items, keys, refs = [], [], []
                print(
                    f"  loaded {n:,} articles ({time.perf_counter() - started:.0f} s)", flush=True
                )
            story += 1
            left_in_story = rng.choice([1, 1, 1, 2, 3, 5, 8])
            story_time = now - timedelta(minutes=rng.random() * 7 * 24 * 60)
        left_in_story -= 1
        title, body = texts[n % len(texts)]
        text = f"{body}\n\nReport {n}."
        items.append(
            NewArticle(
                url=f"https://bench.example/{n}",
                title=f"{title} ({n})",
                text=text,
                summary=body[:200],
                content_hash=content_hash(text),
                publisher=rng.choice(publishers),
                published=story_time + timedelta(minutes=rng.random() * 120),
            )
        )
        keys.append(f"bench-{story}")
        refs.append(rng.sample(topic_pool, 3))
    if items:
        store.bulk_load(items, keys, refs)
    if n_articles:
        print(
            f"  loaded {n_articles:,} articles ({time.perf_counter() - started:.0f} s)", flush=True
        )
    words = sorted({w.lower() for t, _ in texts[:300] for w in t.split() if len(w) > 5})[:200]
    sample_articles = [a.id for a in store.latest_articles(limit=2000)]
    sample_stories = [s.id for s in store.latest_stories(limit=2000)]
    store.close()
    return {"articles": sample_articles, "stories": sample_stories, "words": words}


def serve(db_url: str, port: int) -> None:
    import uvicorn

    from broadsheet.config import Settings
    from broadsheet.store import open_store
    from broadsheet.web import create_app

    settings = Settings(data_dir=tempfile.mkdtemp(prefix="bs-bench-"), poll=False)
    app = create_app(settings, open_store(db_url, run_migrations=False), poll=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def drive(
    base: str, paths: list[str], concurrency: int, duration: float
) -> tuple[list[float], int, int, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    done = 0
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker(seed: int) -> None:
            nonlocal errors, done
            rng = random.Random(seed)
            while time.perf_counter() < deadline:
                path = rng.choice(paths)
                t0 = time.perf_counter()
                try:
                    reply = await client.get(path, headers={"accept": "text/html"})
                    ok = reply.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t0) * 1000)
                done += 1
                errors += 0 if ok else 1

        t_start = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - t_start
    return latencies, errors, done, elapsed


def cpu_seconds(pid: int) -> float:
    """User + system CPU the server process has used (load-independent cost per request)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="folder of *.jsonl articles (title, body) used as article text",
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page type")
    parser.add_argument("--db", default="", help="store URL; reused when it already has data")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.db, args.port)
        return

    db_url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='bs-bench-')}/bench.db"
    print(f"store: {db_url}; populating {args.articles:,} articles from {args.data}")
    t0 = time.perf_counter()
    sample = populate(db_url, args.articles, args.data)
    print(f"populated in {time.perf_counter() - t0:.0f} s")

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--db", db_url, "--port", str(args.port)],
        env={**os.environ},
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        arts, stories, words = sample["articles"], sample["stories"], sample["words"]
        pages = {
            "static (reference)": ["/static/style.css"],
            "front": ["/"],
            "article": [f"/articles/{i}" for i in arts],
            "story": [f"/stories/{i}" for i in stories],
            "search": [f"/search?q={w}" for w in words],
        }
        asyncio.run(drive(base, ["/", f"/articles/{arts[0]}"], 4, 2.0))  # warm up
        results: dict[str, tuple[float, float, float, float, int, float]] = {}
        print(f"\n{args.concurrency} concurrent clients, {args.duration:.0f} s per page type")
        print(
            f"{'page':<20}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
            f"{'CPU ms/req':>12}"
        )
        for name, paths in pages.items():
            cpu0 = cpu_seconds(server.pid)
            lat, errors, done, elapsed = asyncio.run(
                drive(base, [str(p) for p in paths], args.concurrency, args.duration)
            )
            rps = done / elapsed
            cpu_ms = (cpu_seconds(server.pid) - cpu0) * 1000 / max(done, 1)
            results[name] = (rps, pct(lat, 0.5), pct(lat, 0.95), pct(lat, 0.99), errors, cpu_ms)
            print(
                f"{name:<20}{rps:>9.0f}{pct(lat, 0.5):>9.1f}{pct(lat, 0.95):>9.1f}"
                f"{pct(lat, 0.99):>9.1f}{errors:>8}{cpu_ms:>12.1f}",
                flush=True,
            )
        status = Path(f"/proc/{server.pid}/status")
        if status.exists():
            peak = next(
                (ln.split()[1] for ln in status.read_text().splitlines() if ln.startswith("VmHWM")),
                "?",
            )
            print(f"server peak RSS: {int(peak) / 1024:.0f} MiB" if peak != "?" else "")
        ref = results["static (reference)"]
        print(
            "\nratio to the static reference (p50): "
            + ", ".join(
                f"{k} {v[1] / ref[1]:.1f}x" for k, v in results.items() if k != "static (reference)"
            )
        )
        total_errors = sum(v[4] for v in results.values())
        summary = "; ".join(
            f"{k} p50 {v[1]:.0f}/p99 {v[3]:.0f} ms {v[0]:.0f} rps {v[5]:.1f} CPU-ms/req"
            for k, v in results.items()
            if k != "static (reference)"
        )
        print(
            f"SUMMARY web {args.articles:,} articles, c={args.concurrency}, cpus="
            f"{os.cpu_count()}: {summary}; errors {total_errors}"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
