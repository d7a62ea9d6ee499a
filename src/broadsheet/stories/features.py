"""Lexical event features: which words, names and numbers an article is about.

Events of the same kind (two earthquakes, two rehab admissions) differ in names, places and dates,
so proper nouns get a second feature of their own, and title words count twice. Weights are
sublinear term frequency times an inverse document frequency learned online from the articles
seen so far (no corpus to ship, and it follows the news as vocabulary shifts).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from broadsheet.stories.text import CJK, words

# a word preceded by a word or comma on the same line: not the first word of a sentence
_MID_SENTENCE = re.compile(r"(?<=[\w,;:)\"'’”])[ \t]+(\w+)")
_STOP = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    {"said", "says", "told", "according", "http", "https", "www", "com", "html", "htm"}
)
ENTITY_PREFIX = "@"
TOP_TERMS = 25  # terms a document is indexed under
ENTITY_BOOST = 1.0  # weight of the extra proper-noun feature, per occurrence
TITLE_BOOST = 2.0


@dataclass(frozen=True, slots=True)
class TermCounts:
    """Raw counts before weighting; kept apart so the document frequencies can learn from them."""

    counts: dict[str, float]


def _keep(w: str) -> bool:
    return (len(w) > 1 or w.isdigit() or bool(CJK.match(w))) and w not in _STOP


def term_counts(title: str, text: str) -> TermCounts:
    counts: dict[str, float] = {}
    for part, boost in ((title, TITLE_BOOST), (text, 1.0)):
        for w, c in Counter(words(part)).items():
            if _keep(w):
                counts[w] = counts.get(w, 0.0) + c * boost
        names = [m for m in _MID_SENTENCE.findall(part) if m[0].isupper()]
        for w, c in Counter(words(" ".join(names))).items():
            if _keep(w):
                e = ENTITY_PREFIX + w
                counts[e] = counts.get(e, 0.0) + c * boost * ENTITY_BOOST
    return TermCounts(counts)


class DocumentFrequencies:
    """Online document frequencies; grows with the vocabulary, not with the archive."""

    def __init__(self) -> None:
        self._df: dict[str, int] = {}
        self._n = 0

    @property
    def n(self) -> int:
        return self._n

    def observe(self, tc: TermCounts) -> None:
        self._n += 1
        df = self._df
        for t in tc.counts:
            df[t] = df.get(t, 0) + 1

    def weights(self, tc: TermCounts) -> dict[str, float]:
        """Unnormalised sublinear tf times idf (inlined: this runs for every article)."""
        get = self._df.get
        log = math.log
        top = log(self._n + 1) + 1.0
        return {
            t: (1.0 + log(c) if c >= 1.0 else c) * (top - log(get(t, 0) + 1))
            for t, c in tc.counts.items()
            if c > 0
        }

    def idf(self, term: str) -> float:
        return math.log((self._n + 1) / (self._df.get(term, 0) + 1)) + 1.0


def weigh(tc: TermCounts, dfs: DocumentFrequencies) -> dict[str, float]:
    """L2-normalised tf-idf weights."""
    vec = dfs.weights(tc)
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def top_terms(vec: dict[str, float], k: int = TOP_TERMS) -> list[str]:
    return sorted(vec, key=vec.__getitem__, reverse=True)[:k]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum([a[t] * b[t] for t in a.keys() & b.keys()])
