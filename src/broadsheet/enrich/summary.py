"""Story summary: what the publishers of one story report, across all of them, said once.

A sentence earns its place by what it carries in its own article (position, centrality,
headline words) and by how many of the story's other articles report the same words; a sentence
that repeats one already chosen is skipped, and each further sentence from the same article
counts a little less, so the summary credits several publishers when they add something.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from broadsheet.enrich.salience import Scored, overlap, score_sentences
from broadsheet.enrich.text import sentences
from broadsheet.enrich.types import CitedSentence, SourceArticle

_REDUNDANT = 0.5
_SAME_ARTICLE_DECAY = 0.85
_SUPPORT_WEIGHT = 1.0


def _when(article: SourceArticle) -> datetime:
    if article.published is None:
        return datetime.max.replace(tzinfo=UTC)
    if article.published.tzinfo is None:
        return article.published.replace(tzinfo=UTC)
    return article.published


def summarize_story(articles: list[SourceArticle], max_sentences: int = 6) -> list[CitedSentence]:
    """Up to `max_sentences` cited sentences, oldest article first, each in its article's order."""
    per_article: list[tuple[int, list[Scored]]] = []
    story_df: Counter[str] = Counter()
    for n, article in enumerate(articles):
        scored = score_sentences(article.title, sentences(article.text))
        per_article.append((n, scored))
        story_df.update({s for sc in scored for s in sc.stems})
    others = max(len(articles) - 1, 1)
    pool: list[tuple[float, int, Scored]] = []
    for n, scored in per_article:
        for sc in scored:
            support = sum((story_df[s] - 1) / others for s in sc.stems) / (len(sc.stems) + 2)
            pool.append((sc.score + _SUPPORT_WEIGHT * support, n, sc))
    chosen: list[tuple[int, Scored]] = []
    taken_per_article: Counter[int] = Counter()
    remaining = list(pool)
    while remaining and len(chosen) < max_sentences:
        best_i = max(
            range(len(remaining)),
            key=lambda i: (
                remaining[i][0] * _SAME_ARTICLE_DECAY ** taken_per_article[remaining[i][1]]
            ),
        )
        _, n, sc = remaining.pop(best_i)
        if any(overlap(sc.stems, c.stems) > _REDUNDANT for _, c in chosen):
            continue
        chosen.append((n, sc))
        taken_per_article[n] += 1
    chosen.sort(key=lambda item: (_when(articles[item[0]]), item[0], item[1].index))
    return [
        CitedSentence(
            text=sc.text,
            article_key=articles[n].key,
            publisher=articles[n].publisher,
            published=articles[n].published,
            url=articles[n].url,
        )
        for n, sc in chosen
    ]
