"""Exact and near-duplicate detection over a window of recent articles.

Exact: a hash of the body's words (case, accents, punctuation and spacing ignored). Near: MinHash
over 5-word shingles with banded LSH for candidates, confirmed by the estimated *containment* of
the smaller text in the larger, because the usual edits of wire copy (tail cut, byline or
boilerplate added, paragraphs moved) lower Jaccard but keep the shorter text inside the longer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from broadsheet.stories.minhash import NUM_PERM, Signature, jaccard, shingle_hashes, signature

BANDS = 42
ROWS = NUM_PERM // BANDS
MIN_SHINGLES = 25  # below this, only exact duplicates are trusted
MIN_CONTAINMENT = 0.8  # share of the smaller text's shingles found in the larger
MIN_SIZE_RATIO = 0.3  # a teaser of a long article is not shown as "the same article"


@dataclass(frozen=True, slots=True)
class DupFeatures:
    """What the index keeps per article: enough to decide, nothing to rebuild text from."""

    content_hash: str
    signature: Signature
    size: int  # distinct shingles
    bands: tuple[int, ...]  # one LSH bucket key per band (empty when too short to index)


@dataclass(frozen=True, slots=True)
class DupMatch:
    key: str
    score: float  # 1.0 for exact; estimated containment for near


_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], np.uint64)
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93)


def band_keys(sig: Signature) -> tuple[int, ...]:
    """One integer per band, mixing its rows and the band number (so one dict holds all bands).

    A collision of two different bands only makes a candidate that containment then rejects.
    """
    rows = sig[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys = (rows * _BAND_MIX[:ROWS]).sum(axis=1, dtype=np.uint64) ^ _BAND_SALT
    return tuple(keys.tolist())


def dup_features(content_hash: str, tokens: list[str]) -> DupFeatures:
    hashes = shingle_hashes(tokens)
    sig = signature(hashes)
    size = int(hashes.size)
    return DupFeatures(content_hash, sig, size, band_keys(sig) if size >= MIN_SHINGLES else ())


def containment(a: DupFeatures, b: DupFeatures) -> tuple[float, float]:
    """(estimated containment of the smaller in the larger, estimated Jaccard)."""
    j = jaccard(a.signature, b.signature)
    small = min(a.size, b.size)
    if small == 0:
        return 0.0, j
    inter = j * (a.size + b.size) / (1.0 + j)
    return min(1.0, inter / small), j


class DuplicateIndex:
    """Incremental index: `find` an earlier duplicate, `add` an article, `remove` old ones."""

    def __init__(self) -> None:
        self._by_hash: dict[str, str] = {}
        self._features: dict[str, DupFeatures] = {}
        self._buckets: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._features)

    def find(self, f: DupFeatures) -> DupMatch | None:
        exact = self._by_hash.get(f.content_hash)
        if exact is not None:
            return DupMatch(exact, 1.0)
        if f.size < MIN_SHINGLES:
            return None
        seen: set[str] = set()
        best: DupMatch | None = None
        buckets = self._buckets
        for key in f.bands:
            for other in buckets.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                g = self._features[other]
                if g.size < MIN_SHINGLES or min(f.size, g.size) < MIN_SIZE_RATIO * max(
                    f.size, g.size
                ):
                    continue
                c, _ = containment(f, g)
                if c >= MIN_CONTAINMENT and (best is None or c > best.score):
                    best = DupMatch(other, c)
        return best

    def add(self, key: str, f: DupFeatures) -> None:
        self._by_hash.setdefault(f.content_hash, key)
        self._features[key] = f
        for bkey in f.bands:
            self._buckets.setdefault(bkey, []).append(key)

    def remove(self, key: str) -> None:
        f = self._features.pop(key, None)
        if f is None:
            return
        if self._by_hash.get(f.content_hash) == key:
            del self._by_hash[f.content_hash]
        for bkey in f.bands:
            bucket = self._buckets.get(bkey)
            if bucket is not None:
                bucket.remove(key)
                if not bucket:
                    del self._buckets[bkey]
