"""Key points: the few sentences of an article that carry it, quoted verbatim in article order."""

from __future__ import annotations

from broadsheet.enrich.salience import score_sentences, select
from broadsheet.enrich.text import sentences

MAX_SENTENCES = 80  # key points come from the top of an article; a long tail only costs time


def key_points(title: str, text: str, language: str | None, max_points: int = 5) -> list[str]:
    """Three points, a fourth and fifth only for long articles, fewer for short ones.

    Readers skim key points; a longer list is a summary nobody reads. Three is also where the
    extractive summaries of the literature score best against human highlights (bench/ai.py).
    """
    del language  # the scoring is lexical and language-free
    sents = sentences(text, limit=MAX_SENTENCES)
    scored = score_sentences(title, sents)
    if not scored:
        return []
    if len(sents) < 6:
        wanted = max(1, len(sents) // 2)
    else:
        wanted = 3 + (len(sents) > 40) + (len(sents) > 60)
    chosen = select(scored, max(1, min(wanted, max_points, len(scored))))
    return [c.text for c in sorted(chosen, key=lambda c: c.index)]
