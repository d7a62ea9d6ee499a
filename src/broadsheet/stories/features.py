"""Lexical event features: which words, names and numbers an article is about.

Events of the same kind (two earthquakes, two rehab admissions) differ in names, places and dates,
so proper nouns get a second feature of their own, and title words count twice (without a
title, the lead's do: see LEAD_WORDS). Weights are sublinear term frequency times an inverse
document frequency learned online from the articles seen so far (it follows the news as
vocabulary shifts), on top of a small prior (below).

Terms are numbered by a `Vocabulary` so that vectors are numpy arrays (ids, weights): scoring an
article against many stories or articles is then a gather and one sum, not a Python loop per term,
which the ingest budget (>= 500 articles per CPU-second for the whole stage) needs.

A fresh engine would weigh its first articles with the document frequencies of a handful of
articles, where "police" is as rare as the name of the town, and its first decisions stay made.
So a `Vocabulary` starts from `news_prior`: the frequencies of the English news text the package
already ships (the demo's Wikinews articles), which the live stream soon outweighs. Measured on
ECB+ (bench/stories.py, B-cubed F1 tune/held-out): 0.880/0.906 without, 0.896/0.928 with (the
pair scorer's coefficients unchanged, its join probability retuned: see `pairscore`).
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from broadsheet.stories.text import CJK, words

# a capitalised word preceded by a word or comma on the same line: a name, not a sentence start.
# The class is a cheap prefilter (no ASCII lower case, no digit); `isupper` decides the rest.
_MID_SENTENCE = re.compile(r"(?<=[\w,;:)\"'’”])[ \t]+([^\W\d_a-z]\w*)")
_STOP = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    {"said", "says", "told", "according", "http", "https", "www", "com", "html", "htm"}
)
TOP_TERMS = 25  # terms a document is indexed under
ENTITY_BOOST = 1.0  # weight of the extra proper-noun feature, per occurrence
TITLE_BOOST = 2.0
# Without a title, the words of the lead (the first LEAD_WORDS words: a paragraph or two) count
# TITLE_BOOST times, as a headline's would: news tell the event first and the background after,
# and a long article's background otherwise outweighs the event it reports. Measured on ECB+,
# whose texts have no titles (bench/stories.py, B-cubed F1 tune/held-out): 0.896/0.928 without;
# the lead as 30/50/75/100/125/150 words 0.897/0.931, 0.897/0.932, 0.900/0.942, 0.902/0.937,
# 0.900/0.932, 0.896/0.928 (100 chosen on the tune figure). Counting the lead with a title too
# splits the Soleimani funeral off its story on Wikinews (tests/stories) from 75 words on.
LEAD_WORDS = 100

Ids = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def _keep(w: str) -> bool:
    return (len(w) > 1 or w.isdigit() or bool(CJK.match(w))) and w not in _STOP


# Channels: the kinds of evidence an article's terms give about which event it reports.
WORD, NAME, YEAR, NUMBER = 0, 1, 2, 3
CHANNELS = 4


def _kind(w: str) -> int:
    """The channel of a word (names are numbered apart, see `Vocabulary`)."""
    if w.isdigit():
        return YEAR if len(w) == 4 and w[:2] in ("19", "20") else NUMBER
    return WORD


_SPAN = re.compile(r"(?<=[\w,;:)\"'’”])[ \t]+([^\W\d_a-z]\w*(?:[ \t]+[^\W\d_a-z]\w*)*)")
NAME_SPANS = False  # also count multiword names ("Tony Thompson") as one feature


def names(part: str) -> list[str]:
    """Folded words of the capitalised words inside sentences: people, places, organisations."""
    if not NAME_SPANS:
        found = [m for m in _MID_SENTENCE.findall(part) if m[0].isupper()]
        return words(" ".join(found)) if found else []
    out: list[str] = []
    for span in _SPAN.findall(part):
        ws = [w for w in span.split() if w[0].isupper()]
        folded = words(" ".join(ws))
        out.extend(folded)
        if len(folded) > 1:
            out.append("_".join(folded))
    return out


@dataclass(frozen=True, slots=True)
class TermVector:
    """Sparse vector: term ids and weights, heaviest first (so a prefix is the top terms)."""

    ids: Ids
    weights: Floats

    def head(self, k: int) -> TermVector:
        return TermVector(self.ids[:k].copy(), self.weights[:k].copy())


class Vocabulary:
    """Term ids and online document frequencies; grows with the vocabulary, not the archive.

    Words and proper nouns are numbered apart (a name is a second feature of its word); stop
    words get an id too, flagged, so that counting an article is a dict lookup per distinct
    word done in C (`map`) and the filtering is one numpy mask.
    """

    def __init__(self) -> None:
        self._words: dict[str, int] = {}
        self._names: dict[str, int] = {}
        self._df: Floats = np.zeros(1024, dtype=np.float64)
        self._keep: npt.NDArray[np.bool_] = np.zeros(1024, dtype=np.bool_)
        self.kind: npt.NDArray[np.int64] = np.zeros(1024, dtype=np.int64)
        self._size = 0
        self._n = 0

    @property
    def n(self) -> int:
        return self._n

    def __len__(self) -> int:
        return self._size

    def _number(self, table: dict[str, int], terms: list[str]) -> Ids:
        """Ids of distinct `terms`, numbering the new ones (one dict lookup per known term)."""
        found = list(map(table.get, terms))
        if None in found:
            new = [t for t, i in zip(terms, found, strict=True) if i is None]
            if self._size + len(new) > self._df.size:
                grow = max(self._df.size, len(new))
                self._df = np.concatenate([self._df, np.zeros(grow)])
                self._keep = np.concatenate([self._keep, np.zeros(grow, dtype=np.bool_)])
                self.kind = np.concatenate([self.kind, np.zeros(grow, dtype=np.int64)])
            start = self._size
            table.update(zip(new, range(start, start + len(new)), strict=True))
            self._keep[start : start + len(new)] = [_keep(t) for t in new]
            if table is self._names:
                self.kind[start : start + len(new)] = NAME
            else:
                self.kind[start : start + len(new)] = [_kind(t) for t in new]
            self._size += len(new)
            found = list(map(table.get, terms))
        return np.array(found, dtype=np.int64)

    def count(
        self, title: str, text: str, text_tokens: list[str] | None = None
    ) -> tuple[Ids, Floats]:
        """(ids, counts) of an article's terms; `text_tokens` (= `words(text)`) saves a split.

        Title terms count TITLE_BOOST times, and so do the first LEAD_WORDS words of an article
        without a title; each proper noun adds ENTITY_BOOST to its name id.
        """
        id_parts: list[Ids] = []
        count_parts: list[Floats] = []
        parts: list[tuple[str, float, list[str] | None]] = [
            (title, TITLE_BOOST, None),
            (text, 1.0, text_tokens),
        ]
        if text and not title:  # the lead stands in for the headline (see LEAD_WORDS)
            lead = " ".join(text.split(None, LEAD_WORDS)[:LEAD_WORDS])
            parts.append((lead, TITLE_BOOST - 1.0, None))
        for part, boost, tokens in parts:
            if not part:
                continue
            for table, terms, b in (
                (self._words, words(part) if tokens is None else tokens, boost),
                (self._names, names(part), boost * ENTITY_BOOST),
            ):
                if terms:
                    c = Counter(terms)
                    id_parts.append(self._number(table, list(c)))
                    count_parts.append(np.fromiter(c.values(), np.float64, len(c)) * b)
        if not id_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        ids = np.concatenate(id_parts)
        counts = np.concatenate(count_parts)
        if text:  # a word of both title (or lead) and text is one term
            ids, counts = sum_by_id(ids, counts)
        mask = self._keep[ids] & (counts > 0)
        return ids[mask], counts[mask]

    def copy(self) -> Vocabulary:
        """An independent vocabulary with the same terms and frequencies: every table and
        array is copied, whatever fields `__init__` grows (the counts are immutable ints)."""
        out = copy.copy(self)
        for name, value in vars(self).items():
            if isinstance(value, dict | np.ndarray):
                setattr(out, name, value.copy())
        return out

    def observe(self, ids: Ids) -> None:
        self._n += 1
        self._df[ids] += 1.0

    def weigh(self, ids: Ids, counts: Floats) -> TermVector:
        """L2-normalised sublinear tf times idf, sorted heaviest first."""
        tf = np.where(counts >= 1.0, 1.0 + np.log(np.maximum(counts, 1.0)), counts)
        w = tf * (np.log(self._n + 1) + 1.0 - np.log(self._df[ids] + 1.0))
        norm = float(np.sqrt(w @ w)) or 1.0
        order = np.argsort(-w, kind="stable")
        return TermVector(ids[order], w[order] / norm)


@cache
def news_prior() -> Vocabulary:
    """Document frequencies of the news text the package ships (the demo's Wikinews corpus,
    `demo.corpus.bundled_corpus_path`); never mutate it, take a `Vocabulary.copy` (an empty
    vocabulary where the text is not installed)."""
    from broadsheet.demo.corpus import bundled_corpus_path  # the demo's site code: only now

    vocab = Vocabulary()
    try:
        lines = bundled_corpus_path().read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError):
        return vocab
    for line in lines:
        row = json.loads(line)
        ids, _ = vocab.count(row["title"], row["body"])
        vocab.observe(ids)
    return vocab


def sum_by_id(ids: Ids, weights: Floats) -> tuple[Ids, Floats]:
    """Distinct ids (sorted) with their weights summed; a sort, faster than np.unique here."""
    order = np.argsort(ids, kind="stable")
    s = ids[order]
    first = np.empty(s.size, dtype=np.bool_)
    first[:1] = True
    np.not_equal(s[1:], s[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    if starts.size == 0:
        return s, weights[order]
    summed: Floats = np.add.reduceat(weights[order], starts)
    return s[starts], summed


class Scratch:
    """A dense copy of one vector, to score it against many sparse ones with one gather."""

    def __init__(self) -> None:
        self._dense: Floats = np.zeros(1024, dtype=np.float64)

    def scores(self, query: TermVector, others: list[TermVector]) -> Floats:
        """Dot products of `query` with each of `others`."""
        return self.channel_scores(query, others, None)[:, 0]

    def channel_scores(
        self, query: TermVector, others: list[TermVector], kind: Ids | None
    ) -> Floats:
        """Dot products of `query` with each of `others`, one column per channel of `kind`
        (term id -> channel), or a single column when `kind` is None."""
        k = CHANNELS if kind is not None else 1
        if not others:
            return np.zeros((0, k), dtype=np.float64)
        ids = np.concatenate([o.ids for o in others])
        w = np.concatenate([o.weights for o in others])
        top = int(max(ids.max(initial=0), query.ids.max(initial=0))) + 1
        if top > self._dense.size:
            self._dense = np.zeros(max(top, 2 * self._dense.size), dtype=np.float64)
        dense = self._dense
        dense[query.ids] = query.weights
        try:
            seg = np.repeat(np.arange(len(others)), [o.ids.size for o in others])
            if kind is not None:
                seg = seg * k + kind[ids]
            summed = np.bincount(seg, weights=dense[ids] * w, minlength=len(others) * k)
        finally:
            dense[query.ids] = 0.0
        out: Floats = summed.astype(np.float64, copy=False).reshape(len(others), k)
        return out


def channel_norms(vec: TermVector, kind: Ids) -> Floats:
    """The L2 norm of each channel's part of `vec`."""
    sq = np.bincount(kind[vec.ids], weights=vec.weights * vec.weights, minlength=CHANNELS)
    out: Floats = np.sqrt(sq.astype(np.float64, copy=False))
    return out
