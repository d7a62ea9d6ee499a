"""MinHash signatures over word shingles, in numpy.

datasketch's MinHash costs about 1 ms for a 350-word article here (it builds its permutations
per object and hashes every shingle with SHA-1); hashing words once and mixing the
shingles in numpy does the same job in a few tens of microseconds, which the ingest budget
(>= 500 articles per CPU-second for the whole stage) needs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

NUM_PERM = 126  # 42 LSH bands of 3 rows
SHINGLE = 5  # words per shingle

_rng = np.random.default_rng(20240611)
_A = (_rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)).reshape(-1, 1)
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64).reshape(-1, 1)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)

Signature = npt.NDArray[np.uint32]


def shingle_hashes(tokens: list[str]) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the word shingles (the whole text when shorter than one)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    # str hashes are cached by Python and cost nothing; they differ between processes, which is
    # fine because signatures are rebuilt from text at start-up, never stored.
    wh = np.fromiter(map(hash, tokens), np.int64, len(tokens)).view(np.uint64)
    k = min(SHINGLE, len(tokens))
    n = len(tokens) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _MIX + wh[j : j + n]
    return distinct(acc)


def distinct(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Sorted distinct values (np.unique's hash table costs ~7x a sort on a few hundred)."""
    s = np.sort(values)
    keep = np.empty(s.size, dtype=np.bool_)
    keep[:1] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    out: npt.NDArray[np.uint64] = s[keep]
    return out


def signature(hashes: npt.NDArray[np.uint64]) -> Signature:
    """One minimum per permutation (multiply-shift hashing: the high 32 bits of a*x+b).

    The shift is monotonic, so it is applied to the minima rather than to every product.
    """
    if hashes.size == 0:
        return _EMPTY.copy()
    mixed = np.empty((NUM_PERM, hashes.size), dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.multiply(_A, hashes.reshape(1, -1), out=mixed)
        mixed += _B
    out: Signature = (mixed.min(axis=1) >> np.uint64(32)).astype(np.uint32)
    return out


def jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM
