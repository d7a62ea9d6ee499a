"""Fit the logistic pair scorer of `broadsheet.stories.pairscore` on the ECB+ tuning topics.

    python bench/fit_pair_scorer.py [--data ../shared/bench]

Streams the odd (tuning) topics of ECB+ in the orders bench/stories.py uses through a
`StoryEngine` that takes the gold decisions (`add_labelled`), collects the pair features of each
article against every candidate story the index proposed (label: same gold event), fits a
logistic regression, then picks the join probability with the best B-cubed F1 on the same odd
topics (the bar for one-article stories kept as far below it as pairscore has it). It prints
`COEF`, `JOIN_PROBABILITY` and `SINGLETON_PROBABILITY` to paste into pairscore.py, and, for
information only, the scores on the even (held-out) topics, which take no part in the fit, and
how many Wikinews articles (../shared/corpus, in publication order) join an earlier one: ECB+
rewards joins on shared names and figures that real news repeats across different events, so a
fit that gains on ECB+ while joining many more Wikinews articles is to be checked against the
real-news cases of tests/stories/test_engine.py before it is pasted.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from broadsheet.stories import StoryDoc, StoryEngine
from broadsheet.stories.pairscore import (
    COEF,
    FEATURES,
    JOIN_PROBABILITY,
    SINGLETON_PROBABILITY,
)
from stories import ORDERS, SHARED, Clusterer, Row, evaluate

PROBABILITIES = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
# the bar for one-article stories moves with the join probability, this far below it
SINGLETON_OFFSET = JOIN_PROBABILITY - SINGLETON_PROBABILITY


def engine_at(coef: np.ndarray[Any, Any], p: float) -> StoryEngine:
    return StoryEngine(join_probability=p, singleton_probability=p - SINGLETON_OFFSET, coef=coef)


def pairs(rows: list[Row]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Features and labels of every (article, candidate story) pair, gold decisions taken."""
    xs: list[np.ndarray[Any, Any]] = []
    ys: list[np.ndarray[Any, Any]] = []
    for seed in ORDERS:
        stream = list(rows)
        if seed is not None:
            random.Random(seed).shuffle(stream)
        engine = StoryEngine()
        first: dict[str, str] = {}  # gold story -> key of its first article (the story key)
        event_of: dict[str, str] = {}  # story key -> gold story
        for r in stream:
            key = first.setdefault(r["story"], r["id"])
            event_of[key] = r["story"]
            cands, x = engine.add_labelled(StoryDoc(key=r["id"], title="", text=r["text"]), key)
            if cands:
                xs.append(x)
                ys.append(np.array([event_of[c] == r["story"] for c in cands]))
    return np.vstack(xs), np.concatenate(ys)


def clusterer(coef: np.ndarray[Any, Any], p: float) -> Clusterer:
    def run(rows: list[Row]) -> list[str]:
        engine = engine_at(coef, p)
        return [engine.add(StoryDoc(key=r["id"], title="", text=r["text"])).story_key for r in rows]

    return run


def wikinews_joins(coef: np.ndarray[Any, Any], p: float, corpus: Path) -> tuple[int, int]:
    """(articles that joined an earlier article's story, articles) over the English Wikinews
    corpus streamed in publication order."""
    docs: list[StoryDoc] = []
    for line in (corpus / "wikinews-en-2019-2020.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        published = datetime.fromisoformat(row["date"]).replace(hour=12, tzinfo=UTC)
        docs.append(
            StoryDoc(key=row["id"], title=row["title"], text=row["body"], published=published)
        )
    docs.sort(key=lambda d: (d.published or datetime.min.replace(tzinfo=UTC), d.key))
    engine = engine_at(coef, p)
    joined = sum(1 for d in docs if not engine.add(d).new_story)
    return joined, len(docs)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=SHARED / "bench", help="../shared/bench")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus", help="../shared/corpus")
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 regularisation strength")
    ap.add_argument("--drop", nargs="*", default=[], choices=FEATURES, help="features left out")
    args = ap.parse_args(argv)
    path = args.data / "stories" / "ecbplus-dev.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    tune = [r for r in rows if r["topic"] % 2 == 1]
    held = [r for r in rows if r["topic"] % 2 == 0]
    x, y = pairs(tune)
    for name in args.drop:  # a zero column gets a zero weight under the L2 penalty
        x[:, FEATURES.index(name)] = 0.0
    model = LogisticRegression(C=args.c, fit_intercept=False, max_iter=1000).fit(x, y)
    coef = model.coef_[0]
    print(f"{len(y)} pairs, {int(y.sum())} positive")
    for name, c in zip(FEATURES, coef, strict=True):
        print(f"  {name:12s} {c:+.3f}")
    scores = {p: evaluate(clusterer(coef, p), tune) for p in PROBABILITIES}
    for p, s in scores.items():
        print(f"  p {p:.2f}: tune B3 F1 {s['bcubed']:.3f} pairwise {s['pairwise']:.3f}")
    best = max(PROBABILITIES, key=lambda p: scores[p]["bcubed"])
    held_s = evaluate(clusterer(coef, best), held)
    print(f"COEF = np.array([{', '.join(f'{c:.3f}' for c in coef)}])")
    print(f"JOIN_PROBABILITY = {best}")
    print(f"SINGLETON_PROBABILITY = {best - SINGLETON_OFFSET:.2f}")
    print(
        f"tune B3 F1 {scores[best]['bcubed']:.3f} pairwise {scores[best]['pairwise']:.3f}; "
        f"held-out (not used) B3 F1 {held_s['bcubed']:.3f} pairwise {held_s['pairwise']:.3f}"
    )
    joined, total = wikinews_joins(coef, best, args.corpus)
    now, _ = wikinews_joins(COEF, JOIN_PROBABILITY, args.corpus)
    print(
        f"Wikinews: {joined}/{total} articles join an earlier story "
        f"(pairscore.COEF at JOIN_PROBABILITY: {now}/{total})"
    )


if __name__ == "__main__":
    main()
