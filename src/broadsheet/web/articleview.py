"""What the article page adds to a stored article: topic links in the body and a diversified
list of related coverage. Pure functions over plain data, so they are tested on their own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import quote

from broadsheet.models import Article, TopicRef

_TAG = re.compile(r"(<[^>]*>)")


def text_to_html(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def link_topics(body_html: str, topics: Sequence[TopicRef]) -> str:
    """Link the first mention of each topic in the body's text (never inside an existing link
    or a heading's markup), longest mention first so "Xi Jinping" wins over "Xi"."""
    pending: list[tuple[str, re.Pattern[str]]] = []
    for topic in topics:
        mentions = sorted(
            {m for m in (topic.mentions or [topic.name]) if len(m) >= 2}, key=len, reverse=True
        )
        if not mentions:
            continue
        alternatives = "|".join(re.escape(escape(m, quote=False)) for m in mentions)
        pending.append((topic.key, re.compile(rf"(?<!\w)({alternatives})(?!\w)")))
    if not pending:
        return body_html
    parts = _TAG.split(body_html)
    in_link = 0
    for i, part in enumerate(parts):
        if part.startswith("<"):
            lowered = part.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                in_link += 1
            elif lowered.startswith("</a"):
                in_link = max(0, in_link - 1)
            continue
        if in_link or not part.strip() or not pending:
            continue
        parts[i] = _link_in_text(part, pending)
    return "".join(parts)


def _link_in_text(text: str, pending: list[tuple[str, re.Pattern[str]]]) -> str:
    """Replace at most one mention per topic in this text node, earliest first, without
    overlapping; topics linked here leave `pending`."""
    found: list[tuple[int, int, str]] = []
    for key, pattern in list(pending):
        m = pattern.search(text)
        if m and all(m.end() <= s or m.start() >= e for s, e, _ in found):
            found.append((m.start(), m.end(), key))
            pending.remove((key, pattern))
    if not found:
        return text
    out: list[str] = []
    last = 0
    for start, end, key in sorted(found):
        out.append(text[last:start])
        out.append(f'<a class="topic-link" href="/topics/{quote(key)}">{text[start:end]}</a>')
        last = end
    out.append(text[last:])
    return "".join(out)


def related_coverage(
    article: Article,
    story_mates: Iterable[Article],
    by_topics: Iterable[Article],
    *,
    limit: int = 8,
    per_publisher: int = 2,
) -> list[Article]:
    """Other publishers' articles of the same story first (newest first), then articles on the
    same topics; never the article itself, its copies or its own publisher's story-mates, and
    at most `per_publisher` from one outlet so the list is not one publisher's feed."""
    seen: set[int] = {article.id}
    per: dict[str, int] = {}
    chosen: list[Article] = []

    def take(candidates: Iterable[Article], *, other_publisher_only: bool) -> None:
        for cand in candidates:
            if len(chosen) >= limit:
                return
            if cand.id in seen or cand.duplicate_of == article.id:
                continue
            if article.duplicate_of is not None and cand.id == article.duplicate_of:
                continue
            outlet = (cand.publisher or cand.url).lower()
            if other_publisher_only and outlet == (article.publisher or article.url).lower():
                continue
            if per.get(outlet, 0) >= per_publisher:
                continue
            seen.add(cand.id)
            per[outlet] = per.get(outlet, 0) + 1
            chosen.append(cand)

    mates = sorted((a for a in story_mates if a.duplicate_of is None), key=_timestamp, reverse=True)
    take(mates, other_publisher_only=True)
    take(by_topics, other_publisher_only=False)
    return chosen


def _timestamp(a: Article) -> float:
    when = a.published or a.fetched_at
    return when.timestamp() if when else 0.0
