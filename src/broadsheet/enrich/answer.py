"""Ask about this story: quote the sentences of the coverage that answer a question, or say no.

Retrieval is BM25 over the story's sentences with stems that tolerate inflection. A question is
declined rather than answered with a near miss when the coverage never mentions a name it asks
about, when most of its weight lies on words the coverage never uses, or when no sentence matches
a fair share of it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from broadsheet.enrich.salience import overlap
from broadsheet.enrich.stopwords import STOPWORDS
from broadsheet.enrich.text import content_stems, fold, sentences, stem, words
from broadsheet.enrich.types import Answer, CitedSentence, SourceArticle

_K1 = 1.2
_B = 0.75
_MIN_COVERAGE = 0.2  # share of the question's weight one sentence must match
_MAX_UNKNOWN = 0.5  # share of the question's weight the coverage may never mention
_KEEP_RATIO = 0.6  # further sentences must score this share of the best one
_NUMBER = re.compile(r"\d")
_WHEN = re.compile(
    r"\b(?:\d{4}|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
    r"today|morning|evening|night)\b",
    re.IGNORECASE,
)
NOT_ANSWERED = "The coverage of this story does not answer that question."


@dataclass(slots=True)
class _Candidate:
    article: int
    text: str
    stems: list[str]
    unique: frozenset[str]


def _cue_bonus(question: str, sentence: str) -> float:
    """A small lift for sentences that hold the kind of thing asked for."""
    q = question.lower().strip()
    if q.startswith(("how many", "how much", "how old", "how long")):
        return 0.15 if _NUMBER.search(sentence) else 0.0
    if q.startswith("when"):
        return 0.15 if _WHEN.search(sentence) else 0.0
    if q.startswith(("who", "whom")):
        return 0.1 if any(w[:1].isupper() for w in words(sentence)[1:]) else 0.0
    return 0.0


def _names(question: str) -> list[str]:
    """Stems of the capitalised words after the first: the names a question is about.

    If the coverage never mentions one ("What did Merkel say…" of a story without Merkel), no
    sentence of it can answer, however many other words match.
    """
    return [
        stem(w)
        for w in words(question)[1:]
        if w[:1].isupper() and fold(w) not in STOPWORDS and len(w) > 1
    ]


def answer_question(question: str, articles: list[SourceArticle], top_k: int = 3) -> Answer:
    """The sentences that answer `question`, best first; or `answered=False`, said plainly."""
    q_stems = list(dict.fromkeys(content_stems(question, numbers=True)))
    candidates = [
        _Candidate(n, s, stems, frozenset(stems))
        for n, article in enumerate(articles)
        for s in sentences(article.text)
        if len(words(s)) >= 4 and (stems := content_stems(s, numbers=True))
    ]
    if not q_stems or not candidates:
        return Answer(answered=False, sentences=[], message=NOT_ANSWERED)
    n_docs = len(candidates)
    df: Counter[str] = Counter()
    for c in candidates:
        df.update(c.unique)
    idf = {s: math.log(1 + (n_docs - df[s] + 0.5) / (df[s] + 0.5)) for s in q_stems}
    total_weight = sum(idf.values())
    avg_len = sum(len(c.stems) for c in candidates) / n_docs
    ranked: list[tuple[float, float, _Candidate]] = []
    for c in candidates:
        tf = Counter(c.stems)
        norm = _K1 * (1 - _B + _B * len(c.stems) / avg_len)
        bm25 = sum(idf[s] * tf[s] * (_K1 + 1) / (tf[s] + norm) for s in q_stems if s in tf)
        coverage = sum(idf[s] for s in q_stems if s in c.unique) / total_weight
        if coverage == 0:
            continue
        ranked.append((bm25 / total_weight + coverage + _cue_bonus(question, c.text), coverage, c))
    ranked.sort(key=lambda r: -r[0])
    unknown = sum(idf[s] for s in q_stems if df[s] == 0) / total_weight
    if (
        not ranked
        or max(r[1] for r in ranked[:top_k]) < _MIN_COVERAGE
        or unknown > _MAX_UNKNOWN
        or any(df[s] == 0 for s in _names(question))
    ):
        return Answer(answered=False, sentences=[], message=NOT_ANSWERED)
    best = ranked[0][0]
    picked: list[_Candidate] = []
    for score, _coverage, c in ranked:
        if len(picked) >= top_k or score < _KEEP_RATIO * best:
            break
        if any(overlap(c.unique, p.unique) > 0.8 for p in picked):
            continue
        picked.append(c)
    cited = [
        CitedSentence(
            text=c.text,
            article_key=articles[c.article].key,
            publisher=articles[c.article].publisher,
            published=articles[c.article].published,
            url=articles[c.article].url,
        )
        for c in picked
    ]
    noun = "sentence" if len(cited) == 1 else "sentences"
    return Answer(
        answered=True,
        sentences=cited,
        message=f"{len(cited)} {noun} from the coverage answer this.",
    )
