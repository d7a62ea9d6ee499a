"""Key points: the few sentences of an article that carry it, quoted verbatim in article order."""

from __future__ import annotations

from broadsheet.enrich.salience import score_sentences, select
from broadsheet.enrich.text import sentences


def key_points(title: str, text: str, language: str | None, max_points: int = 5) -> list[str]:
    """3 to `max_points` sentences; fewer for a short article (about one per four sentences)."""
    del language  # the scoring is lexical and language-free
    sents = sentences(text)
    scored = score_sentences(title, sents)
    if not scored:
        return []
    wanted = max(1, min(max_points, max(3, (len(sents) + 3) // 6), len(scored)))
    if len(sents) < 6:
        wanted = min(wanted, max(1, len(sents) // 2))
    chosen = select(scored, wanted)
    return [c.text for c in sorted(chosen, key=lambda c: c.index)]
