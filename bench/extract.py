"""Extraction benchmark: `broadsheet extract --batch` beside trafilatura, same pages, same run.

Scores body text with the benchmark's own metric (../shared/bench/score_extraction.py), and on
benchmarks with metadata ground truth (extraction-wcxb) title / author / date exact match:
case-, whitespace- and typography-insensitive (Unicode NFKC; curly quotes, primes and dashes
read as their ASCII forms, because the ground truth was typed with straight quotes while pages
print curly ones: the same title either way); the date compares the calendar day
(YYYY-MM-DD); a page whose truth is empty counts as right only when the extractor also gives
nothing. "invented dates" counts pages with no true date where the extractor gave one;
"unsourced" are those of them whose day the page's HTML does not carry in any common written
form (ISO, "March 5", "5 Mar", 05/03/2025, ...): a date made up, rather than one the page prints
or declares and the annotators left out. The rule is the same for both extractors. A looser
reading (title containment, author difflib ratio >= 0.8, date over pages with a true date) is
printed too: it reproduces the reference figures the extraction issue quotes for trafilatura,
so targets can be read on their scale.

Speed is pages per CPU-second (user + system), so it does not depend on how busy the shared
machine is. Like for like, both extractors are timed in a worker process on the same pages,
libraries already imported: broadsheet's `extract_article` (body and metadata) against
trafilatura's default call `trafilatura.extract(html)` (body only, its fastest useful
setting; its metadata comes from an untimed `extract_metadata` pass). The `broadsheet
extract --batch` run that produced the scored predictions is also timed whole, start-up of
the command-line program included (`cli_pages_per_cpu_s`).

`--split even|odd` scores every other page only: tune on even, report odd as held-out.
The summary also gives the share of pages on which broadsheet's native finder asked
trafilatura for a second opinion (the slow path); `--worst N` lists the N pages with the
lowest F1, the ones to study next.

    .venv/bin/python bench/extract.py [--data ../shared/bench/extraction-wcxb] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import datetime
from difflib import SequenceMatcher
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "bench" / "extraction"


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"error: cannot load scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page_id(path: Path) -> str:
    return path.name.removesuffix(".gz").removesuffix(".html")


def _pages(html_dir: Path, limit: int | None, split: str | None = None) -> list[Path]:
    pages = sorted(p for p in html_dir.iterdir() if p.name.endswith((".html", ".html.gz")))
    if split:
        pages = pages[0::2] if split == "even" else pages[1::2]
    return pages[:limit] if limit else pages


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def worker(engine: str, listing: Path, out: Path) -> None:
    """Extract every page named in `listing` in this process, timing each one."""
    if engine == "trafilatura":
        import trafilatura

        def run(data: bytes) -> dict[str, Any]:
            # trafilatura's default call: the body text (comments appended), no metadata
            return {"text": trafilatura.extract(data) or ""}

    elif engine == "trafilatura-metadata":
        import trafilatura

        def run(data: bytes) -> dict[str, Any]:
            meta = trafilatura.extract_metadata(data)
            return {"title": meta.title, "author": meta.author, "published": meta.date}

    else:
        from broadsheet.extract import ExtractError, article, extract_article, to_contract
        from broadsheet.extract.engine_trafilatura import trafilatura_body as second_opinion

        # Count the pages on which the native finder asked trafilatura for its opinion.

        def counted(*args: Any, **kwargs: Any) -> Any:
            fallbacks.add(current[0])
            return second_opinion(*args, **kwargs)

        vars(article)["trafilatura_body"] = counted

        def run(data: bytes) -> dict[str, Any]:
            try:
                return to_contract(extract_article(data))
            except ExtractError:
                return {"text": ""}

    fallbacks: set[str] = set()
    current = [""]

    latencies = []
    start = time.process_time()
    with out.open("w", encoding="utf-8") as sink:
        for name in listing.read_text().split("\n"):
            if not name:
                continue
            data = _read(Path(name))
            current[0] = name
            t0 = time.perf_counter()
            record = run(data)
            latencies.append(time.perf_counter() - t0)
            record["id"] = _page_id(Path(name))
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    stats = {
        "cpu_s": time.process_time() - start,
        "latencies": latencies,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "fallback_share": len(fallbacks) / max(len(latencies), 1),
    }
    print(json.dumps(stats))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_cli(cli: list[str], html_dir: Path, out: Path) -> tuple[float, int]:
    before = _children_cpu()
    subprocess.run(
        [*cli, "extract", "--batch", str(html_dir), "--out", str(out)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return _children_cpu() - before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _run_worker(engine: str, listing: Path, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", engine, str(listing), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    stats: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return stats


_TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
     "\u201e": '"', "\u2033": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " "}
)  # fmt: skip


def _norm(value: Any) -> str:
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).translate(_TYPOGRAPHY)
    return " ".join(text.split()).casefold()


_DAY_FORMS = (
    "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d",
    "%B %-d", "%B %d", "%b %-d", "%b %d", "%b. %-d", "%-d %B", "%d %B", "%-d %b", "%d %b",
)  # fmt: skip


def _carries_day(html: str, day: str) -> bool:
    """Whether the page writes this calendar day (YYYY-MM-DD) anywhere, in any common form."""
    try:
        when = datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        return False
    lowered = html.casefold()
    return any(when.strftime(f).casefold() in lowered for f in _DAY_FORMS)


def _meta_accuracy(
    gt: dict[str, Any], preds: dict[str, dict[str, Any]], html_of: Callable[[str], str]
) -> dict[str, float]:
    """Strict exact match, and the looser reading behind the issue's reference figures.

    The loose reading (title: one contains the other; author: difflib ratio >= 0.8; date:
    exact day, counted over pages that have a true date) gives trafilatura 0.842 / 0.724 /
    0.849 here, within 0.01 of the 0.834 / 0.723 / 0.847 the issue quotes for it, so it puts
    our figures on the scale of the issue's targets; the strict one stays the headline.
    """
    right = {"title": 0, "author": 0, "date": 0}
    loose = {"title": 0, "author": 0, "date": 0}
    invented = unsourced = dated = 0
    for key, truth in gt.items():
        pred = preds.get(key, {})
        title, true_title = _norm(pred.get("title")), _norm(truth.get("title"))
        author, true_author = _norm(pred.get("author")), _norm(truth.get("author"))
        right["title"] += title == true_title
        right["author"] += author == true_author
        loose["title"] += title == true_title or bool(
            title and true_title and (title in true_title or true_title in title)
        )
        loose["author"] += author == true_author or bool(
            author and true_author and SequenceMatcher(None, author, true_author).ratio() >= 0.8
        )
        true_day = _norm(truth.get("published"))[:10]
        pred_day = _norm(pred.get("published"))[:10]
        right["date"] += pred_day == true_day
        invented += bool(pred_day) and not true_day
        if pred_day and not true_day and not _carries_day(html_of(key), pred_day):
            unsourced += 1
        dated += bool(true_day)
        loose["date"] += bool(true_day) and pred_day == true_day
    result = {k: v / len(gt) for k, v in right.items()}
    result.update({f"{k}_loose": v / len(gt) for k, v in loose.items() if k != "date"})
    result["date_loose"] = loose["date"] / max(dated, 1)
    result["invented_dates"] = invented
    result["unsourced_dates"] = unsourced
    return result


def _worst(scorer: ModuleType, per_page: dict[str, dict[str, float]], n: int) -> list[str]:
    """The `n` pages with the lowest F1, with precision and recall: what to study next."""
    lines = []
    for key, c in per_page.items():
        p = scorer.page_precision(c["tp"], c["fp"], c["fn"])
        r = scorer.page_recall(c["tp"], c["fp"], c["fn"])
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines.append((f1, f"  worst {key}: F1 {f1:.3f}  precision {p:.3f}  recall {r:.3f}"))
    return [line for _, line in sorted(lines)[:n]]


def _load(path: Path) -> dict[str, dict[str, Any]]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {str(r["id"]): r for r in rows}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    ap.add_argument("--scorer", type=Path, help="score_extraction.py (default: beside --data)")
    ap.add_argument("--limit", type=int, help="only the first N pages (quick look)")
    ap.add_argument("--split", choices=("even", "odd"), help="every other page (tune / held out)")
    ap.add_argument(
        "--cli",
        nargs="+",
        help="command that runs broadsheet (default: console script beside this Python)",
    )
    ap.add_argument("--keep", type=Path, help="folder to keep both prediction files in")
    ap.add_argument("--worst", type=int, default=0, help="list broadsheet's N worst pages")
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]), Path(args.worker[2]))
        return

    data: Path = args.data.resolve()
    scorer = _load_scorer(args.scorer or data.parent / "score_extraction.py")
    gt_path = data / "ground-truth.json" if (data / "ground-truth.json").is_file() else data
    gt = scorer.load_ground_truth(gt_path)
    html_dir = data / "html"
    pages = _pages(html_dir, args.limit, args.split)
    gt = {k: v for k, v in gt.items() if k in {_page_id(p) for p in pages}}
    cli = args.cli or [str(Path(sys.executable).parent / "broadsheet")]
    by_id = {_page_id(p): p for p in pages}

    def html_of(key: str) -> str:
        return _read(by_id[key]).decode("utf-8", "replace") if key in by_id else ""

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(args.keep) if args.keep else Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        subset = tmp / "pages"
        if args.limit or args.split:
            subset.mkdir(exist_ok=True)
            for page in pages:
                target = subset / page.name
                if not target.exists():
                    target.symlink_to(page)
            html_dir = subset
        listing = tmp / "listing.txt"
        listing.write_text("\n".join(str(p) for p in pages) + "\n")
        ours_out, ref_out = tmp / "broadsheet.jsonl", tmp / "trafilatura.jsonl"
        ours_cpu, ours_rss = _run_cli(cli, html_dir, ours_out)
        ref = _run_worker("trafilatura", listing, ref_out)
        _run_worker("trafilatura-metadata", listing, tmp / "trafilatura-metadata.jsonl")
        lat = _run_worker("broadsheet", listing, tmp / "broadsheet-timed.jsonl")
        ours_preds, ref_preds = _load(ours_out), _load(ref_out)
        for key, meta in _load(tmp / "trafilatura-metadata.jsonl").items():
            ref_preds.setdefault(key, {}).update(meta)

    rows = {}
    for name, preds, cpu, cli_cpu, latencies, rss in (
        (
            "broadsheet",
            ours_preds,
            lat["cpu_s"],
            ours_cpu,
            lat["latencies"],
            max(ours_rss, lat["maxrss_kb"]),
        ),
        ("trafilatura", ref_preds, ref["cpu_s"], None, ref["latencies"], ref["maxrss_kb"]),
    ):
        texts = {k: v.get("text") or "" for k, v in preds.items()}
        res = scorer.score(gt, texts, n_boot=200)
        if name == "broadsheet":
            worst = _worst(scorer, res["per_page"], args.worst)
        lat_sorted = sorted(latencies)
        rows[name] = {
            **{k: res[k] for k in ("f1", "f1_std", "precision", "recall", "accuracy")},
            "pages_per_cpu_s": len(pages) / cpu,
            "cli_pages_cpu_s": len(pages) / cli_cpu if cli_cpu else float("nan"),
            "p50_ms": 1000 * statistics.median(lat_sorted),
            "p95_ms": 1000 * lat_sorted[int(0.95 * (len(lat_sorted) - 1))],
            "peak_rss_mb": rss / 1024,
        }
        if any(v.get("title") for v in gt.values()):
            rows[name].update(_meta_accuracy(gt, preds, html_of))

    print(
        f"benchmark: {data.name}  pages: {len(pages)}" + (f" ({args.split})" if args.split else "")
    )
    cols = [
        "f1",
        "f1_std",
        "precision",
        "recall",
        "accuracy",
        "pages_per_cpu_s",
        "cli_pages_cpu_s",
        "p50_ms",
        "p95_ms",
        "peak_rss_mb",
        "title",
        "author",
        "date",
        "invented_dates",
        "unsourced_dates",
    ]
    cols = [c for c in cols if c in rows["broadsheet"]]
    print(f"{'':<12}" + "".join(f"{c:>16}" for c in cols))
    for name, row in rows.items():
        print(f"{name:<12}" + "".join(f"{row[c]:>16.3f}" for c in cols))
    for line in worst:
        print(line)
    ours, ref_row = rows["broadsheet"], rows["trafilatura"]
    speed = ours["pages_per_cpu_s"] / ref_row["pages_per_cpu_s"]
    meta_note = ""
    if "title" in ours:
        meta_note = (
            f" title/author/date {ours['title']:.3f}/{ours['author']:.3f}/{ours['date']:.3f}"
            f" vs {ref_row['title']:.3f}/{ref_row['author']:.3f}/{ref_row['date']:.3f},"
            f" invented dates {ours['invented_dates']:.0f} vs {ref_row['invented_dates']:.0f}"
            f" (not on the page: {ours['unsourced_dates']:.0f} vs"
            f" {ref_row['unsourced_dates']:.0f});"
            " issue's looser reading"
            f" {ours['title_loose']:.3f}/{ours['author_loose']:.3f}/{ours['date_loose']:.3f}"
            f" vs {ref_row['title_loose']:.3f}/{ref_row['author_loose']:.3f}"
            f"/{ref_row['date_loose']:.3f};"
        )
    name = data.name + ("/" + args.split if args.split else "")
    print(
        f"SUMMARY {name}: F1 {ours['f1']:.3f} vs trafilatura {ref_row['f1']:.3f} "
        f"({ours['f1'] - ref_row['f1']:+.3f});{meta_note} "
        f"{ours['pages_per_cpu_s']:.1f} vs {ref_row['pages_per_cpu_s']:.1f} pages/CPU-s "
        f"({speed:.2f}x); trafilatura fallback on {lat['fallback_share']:.1%} of pages"
    )


if __name__ == "__main__":
    main()
