"""One pass over every word of an article: what name finding and theme counting both need."""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.enrich.lexicon import PERSON_TITLES
from broadsheet.enrich.stopwords import STOPWORDS
from broadsheet.enrich.text import fold, stem_folded

Span = tuple[int, int, str]  # start, end, word


def clean(word: str) -> str:
    """The word without a possessive "'s"."""
    if word.endswith(("'s", "’s", "'S", "’S")):
        return word[:-2]
    return word


@dataclass(slots=True)
class Scan:
    """One pass over every word: what name detection and theme counting both need."""

    lower_seen: set[str]  # words seen in lower case: "Rescuers" opening a sentence is no name
    caps_mid: set[str]  # words seen capitalised inside a sentence: those are names
    chunks: list[tuple[int, list[Span]]]  # runs of content words, stemmed


def scan_words(body: list[str], spans: list[list[Span]]) -> Scan:
    lower_seen: set[str] = set()
    caps_mid: set[str] = set()
    out: list[tuple[int, list[Span]]] = []
    for index, sent in enumerate(body):
        chunk: list[Span] = []
        last_end = -1
        for n, (start, end, w) in enumerate(spans[index]):
            first = w[:1]
            if first.islower():
                folded = w.lower() if w.isascii() else fold(w)
                lower_seen.add(folded)
                if len(w) > 2 and folded not in STOPWORDS and folded not in PERSON_TITLES:
                    if chunk and sent[last_end:start] not in (" ", "-"):
                        out.append((index, chunk))
                        chunk = []
                    chunk.append((start, end, stem_folded(folded)))
                    last_end = end
                    continue
            elif n > 0 and first.isupper():
                caps_mid.add(fold(clean(w)))
            if chunk:
                out.append((index, chunk))
                chunk = []
        if chunk:
            out.append((index, chunk))
    return Scan(lower_seen, caps_mid, out)
