"""Web app latency under load: front, article, story and search pages with N concurrent clients.

Populates a store (SQLite by default) with many articles, stories and topics through the
store's bulk loader, serves it with the real `broadsheet serve --no-poll --workers N` on
loopback, and drives it with wrk when it is installed (a Lua script rotates through each page
type's paths; its `--latency` distribution gives p50/p99), else with an asyncio httpx load loop
(the same closed loop: a fixed number of connections, each sending its next request as soon as
the last one answered). The reference in the same run is a static file served by the same
server: the ratio says how much slower a rendered page is than the cheapest thing the server
can answer. CPU ms per request is the server's CPU time (all its processes) divided by the
requests answered: on a shared, noisy machine it is the stable figure, and p99 at c clients on
k cores is roughly c x CPU-per-request / k.

    python bench/web.py --articles 100000 --concurrency 50 --duration 10 --workers 16

To find where a tail comes from, drive one worker at low concurrency with the httpx loop: it
keeps every request's latency, names the requests slower than 5x the median with their start
time (to line up with the server's log), and writes them all out with --trace DIR. With
--server-pid, it drives a server started by hand (under py-spy, or with gc.callbacks logging).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

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


def start_server(db_url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """`broadsheet serve` as a user runs it, polling off (the bench measures pages only)."""
    env = {**os.environ, "BROADSHEET_DATA_DIR": tempfile.mkdtemp(prefix="bs-bench-data-")}
    with log.open("wb") as out:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "broadsheet", "serve", "--no-poll"),
                *(f"--db={db_url}", f"--port={port}"),
                *([f"--workers={workers}"] if workers > 1 else []),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


Sample = tuple[float, str, float]  # (start in Unix time, path, latency ms)


async def drive(
    base: str, paths: list[str], concurrency: int, duration: float
) -> tuple[list[float], int, int, float, list[Sample]]:
    """Closed loop; every request's latency is kept, so the tail can be lined up with the
    server's own log of what it was doing then (--trace)."""
    import httpx

    latencies: list[float] = []
    samples: list[Sample] = []
    errors = 0
    done = 0
    t_start = time.perf_counter()
    deadline = t_start + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker(seed: int) -> None:
            nonlocal errors, done
            rng = random.Random(seed)
            while time.perf_counter() < deadline:
                path = rng.choice(paths)
                wall, t0 = time.time(), time.perf_counter()
                try:
                    reply = await client.get(path, headers={"accept": "text/html"})
                    ok = reply.status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - t0) * 1000
                latencies.append(ms)
                samples.append((wall, path, ms))
                done += 1
                errors += 0 if ok else 1

        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - t_start
    return latencies, errors, done, elapsed, samples


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_tree(root: int) -> list[int]:
    """The server and its live descendants (uvicorn's workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = int(fields[1])
    tree = [root]
    for pid in tree:
        tree.extend(child for child, parent in parents.items() if parent == pid)
    return tree


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU these processes have used (load-independent cost per request)."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pids: list[int]) -> float:
    total_kib = 0
    for pid in pids:
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        except OSError:
            continue
        total_kib += next((int(ln.split()[1]) for ln in lines if ln.startswith("VmHWM")), 0)
    return total_kib / 1024


_WRK_SCRIPT = """
local paths = {%s}
local n = 0
function setup(thread)
  n = n + 1
  thread:set("seed", n)
end
function init(args)
  math.randomseed(seed * 7919)
  wrk.headers["Accept"] = "text/html"
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    found = re.fullmatch(r"([\d.]+)([a-z]+)", value.strip())
    if found is None:
        raise ValueError(f"not a wrk duration: {value!r}")
    return float(found.group(1)) * _UNITS[found.group(2)]


def parse_wrk(output: str) -> tuple[dict[int, float], int, int, float]:
    """wrk --latency output -> ({percentile: ms}, requests, errors, seconds)."""
    dist = {
        int(m.group(1)): _ms(m.group(2))
        for m in re.finditer(r"^\s+(\d+)%\s+([\d.]+[a-z]+)\s*$", output, re.MULTILINE)
    }
    total = re.search(r"(\d+) requests in ([\d.]+[a-z]+)", output)
    if total is None:
        raise RuntimeError("unexpected wrk output:\n" + output)
    errors = sum(
        int(n)
        for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output)
        + list(
            *re.findall(
                r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
            )
        )
    )
    return dist, int(total.group(1)), errors, _ms(total.group(2)) / 1000


def drive_wrk(
    wrk: str, base: str, paths: list[str], concurrency: int, duration: float
) -> tuple[dict[int, float], int, int, float]:
    if not all(p.isascii() and '"' not in p and "\\" not in p for p in paths):
        raise ValueError("paths for wrk must be URL-encoded ASCII")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    try:
        threads = max(1, min(concurrency, os.cpu_count() or 1))
        done = subprocess.run(
            [
                *(wrk, f"-t{threads}", f"-c{concurrency}", f"-d{duration:.0f}s", "--latency"),
                *("--timeout=30s", f"--script={fh.name}", base),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(fh.name)
    if done.stderr.strip():  # a Lua error leaves wrk requesting "/" only: never report that
        raise RuntimeError("wrk: " + done.stderr.strip())
    return parse_wrk(done.stdout)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


@dataclass(slots=True)
class Result:
    rps: float
    p50: float
    p90: float
    p99: float
    worst: float
    errors: int
    cpu_ms: float
    samples: list[Sample]


def measure(
    base: str,
    paths: list[str],
    args: argparse.Namespace,
    wrk: str | None,
    server: list[int],
) -> Result:
    """One page type under load; server CPU ms per request from /proc (all its processes)."""
    cpu0 = cpu_seconds(server)
    samples: list[Sample] = []
    if wrk:
        dist, done, errors, elapsed = drive_wrk(wrk, base, paths, args.concurrency, args.duration)
        p50, p90, p99 = (dist.get(q, float("nan")) for q in (50, 90, 99))
        worst = float("nan")
    else:
        lat, errors, done, elapsed, samples = asyncio.run(
            drive(base, paths, args.concurrency, args.duration)
        )
        p50, p90, p99 = pct(lat, 0.5), pct(lat, 0.9), pct(lat, 0.99)
        worst = max(lat, default=float("nan"))
    cpu_ms = (cpu_seconds(server) - cpu0) * 1000 / max(done, 1)
    return Result(done / elapsed, p50, p90, p99, worst, errors, cpu_ms, samples)


def report_outliers(name: str, result: Result, trace: Path | None) -> None:
    """Requests slower than 5x the median: when they started (Unix time, to line up with the
    server's log) and what they asked for. With --trace, every request goes to a TSV file."""
    slow = [s for s in result.samples if s[2] > 5 * result.p50]
    if slow:
        worst = sorted(slow, key=lambda s: -s[2])[:5]
        print(
            f"    {len(slow)} of {len(result.samples)} requests over 5x p50; slowest: "
            + ", ".join(f"{ms:.0f} ms at {t:.3f} {path}" for t, path, ms in worst)
        )
    if trace is not None:
        trace.mkdir(parents=True, exist_ok=True)
        out = trace / (re.sub(r"\W+", "-", name).strip("-") + ".tsv")
        out.write_text("".join(f"{t:.4f}\t{ms:.2f}\t{path}\n" for t, path, ms in result.samples))


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
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (broadsheet serve --workers)"
    )
    parser.add_argument(
        "--load",
        choices=("auto", "wrk", "httpx"),
        default="auto",
        help="load tool (auto: wrk if installed)",
    )
    parser.add_argument(
        "--pages",
        default="static,front,article,story,search",
        help="comma-separated page types to measure",
    )
    parser.add_argument(
        "--server-pid",
        type=int,
        default=0,
        help="drive a server already listening on --port (this process id, for its CPU time) "
        "instead of starting one: to run it under py-spy or with diagnostics on",
    )
    parser.add_argument(
        "--trace", type=Path, default=None, help="folder for every request's latency (TSV)"
    )
    args = parser.parse_args()
    wrk = shutil.which("wrk") if args.load in ("auto", "wrk") else None
    if args.load == "wrk" and wrk is None:
        parser.error("wrk is not installed (apt-get install wrk)")

    db_url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='bs-bench-')}/bench.db"
    print(f"store: {db_url}; populating {args.articles:,} articles from {args.data}")
    t0 = time.perf_counter()
    sample = populate(db_url, args.articles, args.data)
    print(f"populated in {time.perf_counter() - t0:.0f} s")

    log = Path(tempfile.mkdtemp(prefix="bs-bench-log-")) / "server.log"
    server = None if args.server_pid else start_server(db_url, args.port, args.workers, log)
    base = f"http://127.0.0.1:{args.port}"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        time.sleep(1.0 if args.workers > 1 else 0)  # let every worker finish starting
        pids = process_tree(server.pid if server else args.server_pid)
        arts, stories, words = sample["articles"], sample["stories"], sample["words"]
        all_pages = {
            "static": ["/static/style.css"],
            "front": ["/"],
            "article": [f"/articles/{i}" for i in arts],
            "story": [f"/stories/{i}" for i in stories],
            "search": [f"/search?q={quote(str(w), safe='')}" for w in words],
        }
        pages = {k: all_pages[k] for k in args.pages.split(",")}
        asyncio.run(drive(base, ["/", f"/articles/{arts[0]}"], 4, 2.0))  # warm up
        results: dict[str, Result] = {}
        tool = f"wrk ({wrk})" if wrk else "httpx loop (wrk not installed)"
        print(
            f"\n{args.concurrency} concurrent clients, {args.duration:.0f} s per page type, "
            f"{args.workers} server process(es), load: {tool}; server log: {log}"
        )
        print(
            f"{'page':<10}{'req/s':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"
            f"{'errors':>8}{'CPU ms/req':>12}"
        )
        for name, paths in pages.items():
            r = measure(base, [str(p) for p in paths], args, wrk, pids)
            results[name] = r
            print(
                f"{name:<10}{r.rps:>8.0f}{r.p50:>9.1f}{r.p90:>9.1f}{r.p99:>9.1f}{r.worst:>9.1f}"
                f"{r.errors:>8}{r.cpu_ms:>12.2f}",
                flush=True,
            )
            report_outliers(name, r, args.trace)
        print(f"server peak RSS (all processes): {peak_rss_mib(pids):.0f} MiB")
        if (ref := results.get("static")) is not None:
            print(
                "\nratio to the static reference (p50): "
                + ", ".join(f"{k} {v.p50 / ref.p50:.1f}x" for k, v in results.items() if v != ref)
            )
        total_errors = sum(v.errors for v in results.values())
        summary = "; ".join(
            f"{k} p50 {v.p50:.1f}/p90 {v.p90:.1f}/p99 {v.p99:.1f}/max {v.worst:.0f} ms "
            f"{v.rps:.0f} rps {v.cpu_ms:.2f} CPU-ms/req"
            for k, v in results.items()
        )
        print(
            f"SUMMARY web {args.articles:,} articles, c={args.concurrency}, "
            f"workers={args.workers}, load={'wrk' if wrk else 'httpx'}, cpus={os.cpu_count()}: "
            f"{summary}; errors {total_errors}"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
