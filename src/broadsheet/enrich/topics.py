"""Topics of one article: the names it is about (people, organisations, places) and its themes.

A lexical extractor rather than a statistical tagger: capitalised runs of words are names,
recurring lower-case phrases are themes. It needs no model, works for every language written in
a cased alphabet, and costs a few milliseconds per article, which ingest can afford; spaCy's
small English model costs over a hundred (bench/ai.py compares them, and YAKE on keyphrases).

Variants of one name are merged by token containment: "Xi" and "President Xi" (the title is
stripped first) fall into "Xi Jinping"; an acronym joins the name whose initials it spells.
"""

from __future__ import annotations

from collections import Counter

from broadsheet.enrich.kinds import kind_of
from broadsheet.enrich.names import Mention, runs, title_cased
from broadsheet.enrich.scan import Scan, Span, clean, scan_words
from broadsheet.enrich.stopwords import STOPWORDS
from broadsheet.enrich.text import fold, iter_word_spans, sentences, slug, words
from broadsheet.enrich.themes import theme_topics
from broadsheet.enrich.types import Topic
from broadsheet.enrich.variants import merge_variants

_TITLE_WEIGHT = 2.0  # a name in the headline counts this much more
MAX_SENTENCES = 80  # about 2,000 words: what an article is about is said by then


def _name_topics(
    title: str,
    body: list[str],
    spans: list[list[Span]],
    scan: Scan,
    title_words: set[str],
    limit: int,
) -> list[Topic]:
    lower_seen, caps_mid = scan.lower_seen, scan.caps_mid
    mentions: list[Mention] = []
    if title and not title_cased(title):
        mentions.extend(runs(title, iter_word_spans(title), -1, lower_seen, caps_mid))
    for index, sent in enumerate(body):
        mentions.extend(runs(sent, spans[index], index, lower_seen, caps_mid))
    n_sent = max(len(body), 1)
    scored: list[tuple[float, list[Mention]]] = []
    for group in merge_variants(mentions):
        in_title = any(t in title_words for m in group for t in m.tokens if t not in STOPWORDS)
        first = min((m.sentence for m in group if m.sentence >= 0), default=0)
        body_count = sum(1 for m in group if m.sentence >= 0)
        score = (body_count + (1 if in_title else 0)) * (_TITLE_WEIGHT if in_title else 1.0)
        score *= 1.0 + 0.5 * (1.0 - first / n_sent)
        scored.append((score, group))
    scored.sort(key=lambda item: -item[0])
    topics: list[Topic] = []
    for score, group in scored[:limit]:
        longest = max(group, key=lambda m: (len(m.tokens), -m.sentence))
        name_tokens = longest.tokens
        surfaces = Counter(m.surface for m in group if m.tokens == name_tokens)
        name = surfaces.most_common(1)[0][0]
        order: list[str] = []
        for m in sorted(group, key=lambda m: (m.sentence < 0, m.sentence)):
            if m.surface not in order:
                order.append(m.surface)
        topics.append(
            Topic(
                key=slug(name),
                name=name,
                kind=kind_of(name_tokens, group),
                score=score,
                mentions=order,
            )
        )
    return topics


def extract_topics(title: str, text: str, language: str | None, limit: int = 10) -> list[Topic]:
    """The `limit` best topics of an article, strongest first, scores scaled to (0, 1]."""
    del language  # the cues are the same for every cased alphabet; kept for a per-language model
    body = sentences(text, limit=MAX_SENTENCES)
    title_words = {fold(clean(w)) for w in words(title)}
    spans = [iter_word_spans(s) for s in body]
    scan = scan_words(body, spans)
    names = _name_topics(title, body, spans, scan, title_words, limit)
    taken = {fold(t.name) for t in names} | {fold(m) for t in names for m in t.mentions}
    themes = theme_topics(body, scan, title_words, taken, limit)
    merged: dict[str, Topic] = {}
    for topic in sorted(names + themes, key=lambda t: -t.score):
        if not topic.key or topic.key in merged:
            continue
        merged[topic.key] = topic
    ranked = list(merged.values())[:limit]
    top = ranked[0].score if ranked else 1.0
    for topic in ranked:
        topic.score = round(topic.score / top, 4)
    return ranked
