"""Which page of which publisher shows which corpus article, wire copies included.

Each corpus article is published once, by the publisher that owns its section. About fifteen are
also carried by a second publisher as lightly edited wire copy (new headline, a wire byline, last
paragraph cut, one paragraph moved), which is what near-duplicate detection has to recognise. All
choices come from a seeded generator, so every run serves the same site.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.demo.corpus import CorpusArticle
from broadsheet.demo.publishers import (
    PUBLISHERS,
    WIRE_BYLINE,
    Publisher,
    publisher_for_section,
    section_slug,
)

WIRE_COPIES = 15
WIRE_SEED = 20190104


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """One article page of the demo site, as rendered (paragraphs after any wire edits)."""

    path: str
    publisher: Publisher
    section: str
    article: CorpusArticle
    title: str
    paragraphs: tuple[str, ...]
    byline: str
    published: datetime
    wire: bool = False

    @property
    def summary(self) -> str:
        """Wire edits never touch the lead paragraph, so the original's first sentence serves."""
        return self.article.summary


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:80].strip("-") or "story"


def build_catalog(
    articles: list[CorpusArticle], wire_copies: int = WIRE_COPIES, seed: int = WIRE_SEED
) -> list[ArticlePage]:
    """Every article page of the site, oldest first."""
    used: set[str] = set()
    pages = [_original(article, used) for article in articles]
    rng = random.Random(seed)
    candidates = [page for page in pages if len(page.paragraphs) >= 4]
    for original in sorted(
        rng.sample(candidates, min(wire_copies, len(candidates))), key=lambda p: p.published
    ):
        pages.append(_wire_copy(original, rng, used))
    pages.sort(key=lambda p: (p.published, p.path))
    return pages


def _path(publisher: Publisher, section: str, when: datetime, title: str, used: set[str]) -> str:
    stem = f"/{publisher.slug}/{section_slug(section)}/{when:%Y/%m/%d}/{slugify(title)}"
    path, n = f"{stem}.html", 1
    while path in used:
        n += 1
        path = f"{stem}-{n}.html"
    used.add(path)
    return path


def _original(article: CorpusArticle, used: set[str]) -> ArticlePage:
    publisher = publisher_for_section(article.section)
    return ArticlePage(
        path=_path(publisher, article.section, article.published, article.title, used),
        publisher=publisher,
        section=article.section,
        article=article,
        title=article.title,
        paragraphs=article.paragraphs,
        byline=f"By {publisher.name.removeprefix('The ')} staff",
        published=article.published,
    )


def _wire_copy(original: ArticlePage, rng: random.Random, used: set[str]) -> ArticlePage:
    # Only publishers with feeds carry wire copy, so the copies stay where they always were.
    publisher = rng.choice([p for p in PUBLISHERS if p is not original.publisher and p.has_feeds])
    section = original.section if original.section in publisher.sections else publisher.sections[0]
    paragraphs = list(original.paragraphs[:-1])  # the tail is cut
    moved = paragraphs.pop(rng.randrange(1, len(paragraphs) - 1))
    paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), moved)
    if tuple(paragraphs) == original.paragraphs[:-1]:  # landed where it was: move it to the end
        paragraphs.append(paragraphs.pop(1))
    title = _rewrite_headline(original.title, rng)
    published = original.published + timedelta(minutes=rng.randrange(40, 300))
    return ArticlePage(
        path=_path(publisher, section, published, title, used),
        publisher=publisher,
        section=section,
        article=original.article,
        title=title,
        paragraphs=tuple(paragraphs),
        byline=WIRE_BYLINE,
        published=published,
        wire=True,
    )


def _rewrite_headline(title: str, rng: random.Random) -> str:
    """A different headline for the same story, the way a second desk retitles wire copy."""
    head, sep, tail = title.rpartition(", ")
    if sep and len(tail.split()) >= 2 and rng.random() < 0.7:
        return f"{tail[0].upper()}{tail[1:]}: {head}"
    return rng.choice(("{t}, reports say", "Update: {t}", "{t} — what we know")).format(t=title)
