"""Benchmark of the stories stage: clustering, near-duplicates, relatedness, speed.

    python bench/stories.py [--data ../shared/bench] [--corpus ../shared/corpus] [--no-encoder]

Clustering streams ECB+ (bench/stories) through one StoryEngine, in file order and in two fixed
shuffles, on the odd topics (tuning set: the threshold was chosen there) and the even topics (held
out), against an online TF-IDF baseline (scikit-learn, the reference tool) with its threshold
tuned on the same odd topics. Near-duplicates: every Wikinews article of ../shared/corpus and an
edited copy of it (headline changed, two paragraphs swapped, tail cut, byline added) stream
through the engine; a copy must be found as a duplicate of its original and nothing else may be.
Relatedness: Pearson with the negated human `Overall` score on bench/related; its pairs in two
languages also measure joins across languages. Speed: the whole ingest path (features, dedup,
story, related candidates) per CPU-second, and peak RSS, with and without those joins.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import pearsonr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from broadsheet.stories import StoryDoc, StoryEngine, relatedness_batch
from broadsheet.stories.gist import gist
from broadsheet.stories.relatedness import _char_scores, encode, encoder_available

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
MINILM_REFERENCE = 0.40  # all-MiniLM-L6-v2 cosine on the same kind of pairs (shared/MODELS.md)


# -- metrics ------------------------------------------------------------------------------


def bcubed(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    clusters: dict[str, set[int]] = defaultdict(set)
    classes: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        clusters[p].add(i)
        classes[g].add(i)
    prec = rec = 0.0
    for p, g in zip(pred, gold, strict=True):
        inter = len(clusters[p] & classes[g])
        prec += inter / len(clusters[p])
        rec += inter / len(classes[g])
    prec, rec = prec / len(pred), rec / len(pred)
    return prec, rec, 2 * prec * rec / (prec + rec)


def pairwise_f1(pred: Sequence[str], gold: Sequence[str]) -> float:
    def pairs(labels: Sequence[str]) -> set[tuple[int, int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, x in enumerate(labels):
            groups[x].append(i)
        return {(a, b) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1 :]}

    p, g = pairs(pred), pairs(gold)
    if not p or not g:
        return 0.0
    tp = len(p & g)
    prec, rec = tp / len(p), tp / len(g)
    return 2 * prec * rec / (prec + rec) if tp else 0.0


# -- clustering ---------------------------------------------------------------------------

Row = dict[str, Any]
Clusterer = Callable[[list[Row]], list[str]]


def engine_clusterer() -> Clusterer:
    def run(rows: list[Row]) -> list[str]:
        engine = StoryEngine()
        return [engine.add(StoryDoc(key=r["id"], title="", text=r["text"])).story_key for r in rows]

    return run


def tfidf_clusterer(threshold: float, fit_texts: list[str]) -> Clusterer:
    """Reference: word TF-IDF (idf fitted on all texts), online centroid assignment."""
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(fit_texts)

    def run(rows: list[Row]) -> list[str]:
        x = vec.transform([r["text"] for r in rows]).toarray()
        centroids: list[np.ndarray[Any, Any]] = []
        labels: list[str] = []
        out: list[str] = []
        for i, v in enumerate(x):
            best, score = -1, 0.0
            if centroids:
                c = np.vstack(centroids)
                sims = c @ v / np.maximum(np.linalg.norm(c, axis=1), 1e-12)
                best = int(sims.argmax())
                score = float(sims[best])
            if best >= 0 and score >= threshold:
                centroids[best] = centroids[best] + v
                out.append(labels[best])
            else:
                centroids.append(v.copy())
                labels.append(rows[i]["id"])
                out.append(rows[i]["id"])
        return out

    return run


ORDERS: list[int | None] = [None, 1, 2]  # file order, then two fixed shuffles


def evaluate(clusterer: Clusterer, rows: list[Row]) -> dict[str, float]:
    results: list[tuple[float, float, float]] = []
    for seed in ORDERS:
        stream = list(rows)
        if seed is not None:
            random.Random(seed).shuffle(stream)
        pred = clusterer(stream)
        gold = [r["story"] for r in stream]
        results.append(
            (bcubed(pred, gold)[2], pairwise_f1(pred, gold), adjusted_rand_score(gold, pred))
        )
    b, p, a = (float(np.mean(col)) for col in zip(*results, strict=True))
    return {"bcubed": b, "pairwise": p, "ari": a}


def bench_clustering(path: Path) -> tuple[float, float]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    tune = [r for r in rows if r["topic"] % 2 == 1]
    held = [r for r in rows if r["topic"] % 2 == 0]
    texts = [r["text"] for r in rows]
    ref_th = max(
        (0.1, 0.15, 0.2, 0.25, 0.3, 0.35),
        key=lambda th: evaluate(tfidf_clusterer(th, texts), tune)["bcubed"],
    )
    print(f"clustering: {len(rows)} ECB+ articles, {len({r['story'] for r in rows})} stories")
    print("  split: tune = odd topics, held out = even topics; mean of file order + 2 shuffles")
    held_ours = held_ref = 0.0
    for name, subset in (("tune", tune), ("held-out", held), ("all", rows)):
        ours = evaluate(engine_clusterer(), subset)
        ref = evaluate(tfidf_clusterer(ref_th, texts), subset)
        print(
            f"  {name:8s} ours B3 F1 {ours['bcubed']:.3f} pairwise F1 {ours['pairwise']:.3f} "
            f"ARI {ours['ari']:.3f} | TF-IDF ref (th {ref_th}) B3 F1 {ref['bcubed']:.3f} "
            f"pairwise {ref['pairwise']:.3f} ARI {ref['ari']:.3f} | ratio "
            f"{ours['bcubed'] / ref['bcubed']:.3f}"
        )
        if name == "held-out":
            held_ours, held_ref = ours["bcubed"], ref["bcubed"]
    return held_ours, held_ref


# -- near-duplicates ----------------------------------------------------------------------


def edited_copy(title: str, body: str, rng: random.Random) -> tuple[str, str]:
    """What outlets do to wire copy: new headline, paragraphs moved, tail cut, byline added."""
    paras = [p for p in body.split("\n\n") if p.strip()]
    if len(paras) >= 3:
        i = rng.randrange(len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    cut = int(len(paras) * rng.uniform(0.0, 0.3))
    if cut and len(paras) - cut >= 2:
        paras = paras[: len(paras) - cut]
    byline = rng.choice(["By Staff Reporter", "By Jane Doe, Reuters", "AFP —", "(AP) —"])
    return f"{title} — {rng.choice(['update', 'latest', 'live'])}", "\n\n".join([byline, *paras])


def bench_duplicates(corpus: Path) -> tuple[float, float, int]:
    """Originals then edited copies; the corpora repeat some articles (same title and body),
    which are true duplicates: a copy may match any article of its group."""
    rng = random.Random(7)
    originals: list[tuple[str, str, str]] = []
    group: dict[str, str] = {}  # key -> first key with the same title
    first_by_title: dict[str, str] = {}
    for f in sorted(corpus.glob("*.jsonl")):
        for line in f.open(encoding="utf-8"):
            row = json.loads(line)
            if len(row["body"].split()) >= 60:
                key = f"{f.stem}:{row['id']}"
                originals.append((key, row["title"], row["body"]))
                group[key] = first_by_title.setdefault(row["title"].strip().casefold(), key)
    engine = StoryEngine()
    merged: list[tuple[str, str]] = []
    repeats_found = sum(1 for k, v in group.items() if k != v)
    for key, title, body in originals:
        a = engine.add(StoryDoc(key=key, title=title, text=body))
        if a.duplicate_of and group[a.duplicate_of] != group[key]:
            merged.append((key, a.duplicate_of))
        elif not a.duplicate_of and group[key] != key:
            repeats_found -= 1
    tp = fp = fn = 0
    for key, title, body in originals:
        t2, b2 = edited_copy(title, body, rng)
        a = engine.add(StoryDoc(key="copy:" + key, title=t2, text=b2))
        if a.duplicate_of is None:
            fn += 1
        elif group.get(a.duplicate_of) == group[key]:
            tp += 1
        else:
            fp += 1
    prec = tp / (tp + fp + len(merged)) if tp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    repeats = sum(1 for k, v in group.items() if k != v)
    print(f"near-duplicates: {len(originals)} Wikinews articles + an edited copy of each")
    print(
        f"  precision {prec:.4f} recall {rec:.4f} (copies found {tp}, missed {fn}, "
        f"matched to another article {fp}); distinct originals merged: {len(merged)}; "
        f"articles the corpora repeat (same title) found as duplicates: {repeats_found}/{repeats}"
    )
    for k, v in merged[:5]:
        print(f"    merged: {k} -> {v}")
    return prec, rec, len(merged)


# -- relatedness --------------------------------------------------------------------------


def bench_related(path: Path, use_encoder: bool) -> float:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    gold = -np.array([float(r["Overall"]) for r in rows])
    pairs = [(r["text1"], r["text2"]) for r in rows]
    char = pearsonr(_char_scores(pairs), gold)[0]
    print(f"relatedness: {len(rows)} pairs, Pearson with human score (negated Overall)")
    print(f"  char 3-5-gram tf-idf (fallback without the encoder): {char:.3f}")
    ours = float(char)
    if use_encoder and encoder_available():
        t0 = time.process_time()
        scores = relatedness_batch(pairs)
        cpu = time.process_time() - t0
        ours = float(pearsonr(scores, gold)[0])
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            by_lang[f"{r['lang1']}-{r['lang2']}"].append(i)
        per = " ".join(
            f"{k} {pearsonr(np.array(scores)[v], gold[v])[0]:.2f}"
            for k, v in sorted(by_lang.items())
        )
        print(
            f"  similarity (USE multilingual): {ours:.3f}  ({2 * len(rows) / cpu:.0f} texts/CPU-s)"
        )
        print(f"  per language pair: {per}")
    print(
        f"  reference all-MiniLM-L6-v2 cosine: {MINILM_REFERENCE:.2f} (shared/MODELS.md figure, "
        f"not rerun: torch not installed) -> ratio {ours / MINILM_REFERENCE:.2f}"
    )
    return ours


# -- speed --------------------------------------------------------------------------------


def bench_speed(corpus: Path, stories: Path) -> tuple[float, float]:
    """(articles per CPU-second with one language, and with every article's language given, so
    that other-language stories are asked of the encoder): the Wikinews corpora (English, and
    Italian, English and French) and ECB+ (English) streamed as ingest sees them."""
    docs: list[StoryDoc] = []
    for f in sorted(corpus.glob("*.jsonl")):
        for line in f.open(encoding="utf-8"):
            row = json.loads(line)
            docs.append(
                StoryDoc(
                    key=f"{f.stem}:{row['id']}",
                    title=row["title"],
                    text=row["body"],
                    language=row.get("language"),
                )
            )
    for line in stories.open(encoding="utf-8"):
        row = json.loads(line)
        docs.append(StoryDoc(key=row["id"], title="", text=row["text"], language="en"))
    rates: list[float] = []
    for across in (False, True):
        engine = StoryEngine(cross_language=across)
        if across:  # the encoder loads once per process: start-up, not a per-article cost
            t0 = time.process_time()
            encode(["warm-up"])
            gist("warm-up")
            print(
                f"  (the encoder and the gist load in {time.process_time() - t0:.2f} CPU-s, "
                "once a process)"
            )
        lat: list[float] = []
        t0 = time.process_time()
        for d in docs:
            s = time.perf_counter()
            engine.add(d)
            engine.related_candidates(d.key, limit=20)
            lat.append(time.perf_counter() - s)
        cpu = time.process_time() - t0
        rates.append(len(docs) / cpu)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        what = "it/en/fr joined across languages" if across else "each language on its own"
        if across:
            print(
                f"  the gist gate spared the encoder {engine.gated} article/story pairs "
                "(see broadsheet.stories.gist)"
            )
        print(f"speed: {len(docs)} articles (add + related candidates), {what}, {cpu:.2f} CPU-s")
        print(
            f"  {rates[-1]:.0f} articles/CPU-s; latency p50 {np.percentile(lat, 50) * 1e3:.2f} "
            f"ms p95 {np.percentile(lat, 95) * 1e3:.2f} ms p99 {np.percentile(lat, 99) * 1e3:.1f} "
            f"ms; peak RSS {rss:.0f} MiB (whole process)"
        )
    return rates[0], rates[1]


def bench_cross_language(path: Path) -> tuple[float, float]:
    """Joins across languages on bench/related's cross-language pairs: the first article starts
    a story, does the second join it? Same story: Overall <= 1.5; another: >= 2.5 (the rest
    left out). The encoder's bar was chosen on the odd rows; (precision, recall) on the even."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    print("cross-language joins: bench/related pairs in two languages, first article then second")
    out = (0.0, 0.0)
    for across in (False, True):
        counts = {half: [0, 0, 0] for half in ("odd", "even")}  # joined right, joined, same story
        for n, r in enumerate(rows):
            overall = float(r["Overall"])
            if r["lang1"] == r["lang2"] or 1.5 < overall < 2.5:
                continue
            engine = StoryEngine(cross_language=across)
            engine.add(StoryDoc(key="a", title="", text=r["text1"], language=r["lang1"]))
            second = StoryDoc(key="b", title="", text=r["text2"], language=r["lang2"])
            joined = engine.add(second).story_key == "a"
            c = counts["odd" if n % 2 else "even"]
            c[0] += joined and overall <= 1.5
            c[1] += joined
            c[2] += overall <= 1.5
        figures = {half: (c[0] / max(c[1], 1), c[0] / max(c[2], 1)) for half, c in counts.items()}
        what = "words and the encoder" if across else "words only (pair scorer)"
        print(
            f"  {what:26s} tune (odd) P {figures['odd'][0]:.3f} R {figures['odd'][1]:.3f} | "
            f"held out (even) P {figures['even'][0]:.3f} R {figures['even'][1]:.3f} "
            f"({counts['even'][2]} same-story pairs)"
        )
        out = figures["even"]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=SHARED / "bench", help="../shared/bench")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus", help="../shared/corpus")
    ap.add_argument("--no-encoder", action="store_true", help="skip the slow encoder run")
    args = ap.parse_args(argv)
    rate, rate_across = bench_speed(args.corpus, args.data / "stories" / "ecbplus-dev.jsonl")
    prec, rec, merged = bench_duplicates(args.corpus)
    held, held_ref = bench_clustering(args.data / "stories" / "ecbplus-dev.jsonl")
    rel = bench_related(args.data / "related" / "pairs.csv", not args.no_encoder)
    xp, xr = bench_cross_language(args.data / "related" / "pairs.csv")
    print(
        f"SUMMARY stories: held-out B3 F1 {held:.3f} (TF-IDF ref {held_ref:.3f}); near-dup "
        f"P {prec:.3f} R {rec:.3f} merged {merged}; related r {rel:.3f} (MiniLM ref "
        f"{MINILM_REFERENCE:.2f}); cross-language joins P {xp:.3f} R {xr:.3f}; "
        f"{rate:.0f} articles/CPU-s ({rate_across:.0f} joining it/en/fr across languages)"
    )


if __name__ == "__main__":
    main()
