"""How much a sentence carries its text: the shared scoring behind key points and summaries.

A sentence matters when it sits early (news is written top-down), when its words recur through
the text (centrality), and when it shares words with the headline. A sentence that repeats one
already chosen adds nothing, so selection is greedy with a redundancy bar.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.enrich.text import content_stems, words

_MIN_WORDS = 6
_MAX_WORDS = 70
_REDUNDANT = 0.5  # share of a sentence's stems already said by a chosen one
_JUNK = re.compile(
    r"^(?:scroll down|click here|read more|related:|advertisement|watch:|photo:|image:|"
    r"follow us|sign up|subscribe|share this|story continues|\W*(?:by|published|updated)\s*[.:])",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^\W*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)?,?\s*"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+\d{1,2},?\s+\d{4}\W*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Scored:
    index: int  # position among the text's sentences
    text: str
    stems: frozenset[str]
    score: float


def usable(sentence: str) -> bool:
    """Whether a sentence could stand alone in a summary: not a caption, dateline or stub."""
    n = len(words(sentence))
    if n < _MIN_WORDS or n > _MAX_WORDS:
        return False
    if _JUNK.search(sentence) or _DATELINE.match(sentence):
        return False
    return not sentence.rstrip().endswith((":", "?"))


def score_sentences(
    title: str, sentences: Sequence[str], position_weight: float = 1.5
) -> list[Scored]:
    """Score each usable sentence; the others are left out."""
    stem_lists = [content_stems(s) for s in sentences]
    tf: Counter[str] = Counter()
    for stems in stem_lists:
        tf.update(set(stems))
    title_stems = set(content_stems(title))
    headline = title.strip().rstrip(".").casefold()
    out: list[Scored] = []
    for i, (sentence, stems) in enumerate(zip(sentences, stem_lists, strict=True)):
        if not usable(sentence) or not stems or sentence.rstrip(".").casefold() == headline:
            continue  # a headline repeated as the first line is not a point of the article
        unique = set(stems)
        centrality = sum(math.log(tf[s]) for s in unique if tf[s] > 1) / (len(unique) + 4)
        echo = len(unique & title_stems) / (len(title_stems) + 1) if title_stems else 0.0
        position = position_weight / math.sqrt(i + 1)
        out.append(Scored(i, sentence, frozenset(unique), position + centrality + echo))
    return out


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def select(scored: Sequence[Scored], count: int) -> list[Scored]:
    """The best `count` sentences, skipping any that mostly repeats one already chosen."""
    chosen: list[Scored] = []
    for candidate in sorted(scored, key=lambda s: -s.score):
        if len(chosen) >= count:
            break
        if any(overlap(candidate.stems, c.stems) > _REDUNDANT for c in chosen):
            continue
        chosen.append(candidate)
    return chosen
