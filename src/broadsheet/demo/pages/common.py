"""Pieces every publisher's pages share: the <head>, links, times, the credit line.

The publisher templates differ in markup on purpose; what they share here is only what every real
news page carries in some form (metadata for link previews, feed links, a copyright footer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from broadsheet.demo.catalog import ArticlePage
from broadsheet.demo.publishers import Publisher, section_slug


def esc(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True, slots=True)
class FeedLink:
    title: str
    path: str
    media_type: str  # application/rss+xml or application/atom+xml


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article page plus the links its furniture points to."""

    page: ArticlePage
    base_url: str
    feeds: tuple[FeedLink, ...]
    read_more: tuple[ArticlePage, ...]  # in-body "Read more:" / "Also read:" links
    related: tuple[ArticlePage, ...]  # the "More from <section>" box
    live: tuple[ArticlePage, ...]  # the "Live Events" widget
    comments: int

    @property
    def url(self) -> str:
        return self.base_url + self.page.path


@dataclass(frozen=True, slots=True)
class ListingView:
    """A publisher's home page or a section front: a list of articles, not an article."""

    publisher: Publisher
    section: str | None
    base_url: str
    feeds: tuple[FeedLink, ...]
    pages: tuple[ArticlePage, ...]

    @property
    def path(self) -> str:
        prefix = self.publisher.prefix()
        return prefix if self.section is None else f"{prefix}{section_slug(self.section)}/"


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def human_time(when: datetime) -> str:
    return f"{when:%B} {when.day}, {when.year} {when:%H:%M} UTC"


def section_path(publisher: Publisher, section: str) -> str:
    return f"{publisher.prefix()}{section_slug(section)}/"


def static_path(publisher: Publisher, name: str) -> str:
    return f"{publisher.prefix()}static/{name}"


def lead_image_path(page: ArticlePage) -> str:
    return static_path(page.publisher, f"lead-{section_slug(page.section)}.svg")


def head(
    *,
    title: str,
    publisher: Publisher,
    canonical: str,
    feeds: Sequence[FeedLink],
    description: str,
    extra: str = "",
) -> str:
    feed_links = "\n".join(
        f'<link rel="alternate" type="{f.media_type}" title="{esc(f.title)}" href="{esc(f.path)}">'
        for f in feeds
    )
    return f"""<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}">
<link rel="canonical" href="{esc(canonical)}">
<meta property="og:site_name" content="{esc(publisher.name)}">
<meta property="og:title" content="{esc(title.split(" | ")[0])}">
<meta property="og:url" content="{esc(canonical)}">
<meta name="twitter:card" content="summary_large_image">
{extra}<link rel="stylesheet" href="{static_path(publisher, "site.css")}">
{feed_links}
</head>"""


def article_meta(view: ArticleView) -> str:
    """Open Graph article properties, in every publisher's <head>."""
    page = view.page
    return f"""<meta property="og:type" content="article">
<meta property="og:image" content="{esc(view.base_url + lead_image_path(page))}">
<meta property="article:published_time" content="{iso(page.published)}">
<meta property="article:modified_time" content="{iso(page.published)}">
<meta property="article:section" content="{esc(page.section)}">
<meta name="author" content="{esc(page.byline.removeprefix("By "))}">
"""


def credit(page: ArticlePage) -> str:
    """The licence credit, set apart from the article in the page footer."""
    return (
        f'<p class="credit" data-nosnippet>Source: {esc(page.article.credit)}'
        f"{'; edited as wire copy' if page.wire else ''}.</p>"
    )


def share_links(view: ArticleView) -> list[tuple[str, str]]:
    url = esc(view.url)
    return [
        ("Share on Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("Share on X", f"https://twitter.com/intent/tweet?url={url}"),
        ("Share on WhatsApp", f"https://wa.me/?text={url}"),
    ]


def link(page: ArticlePage) -> str:
    return f'<a href="{esc(page.path)}">{esc(page.title)}</a>'


def interleave(paragraphs: Sequence[str], inserts: Sequence[str]) -> str:
    """Body paragraphs with the inserts spread over the gaps between them (never after the end)."""
    n = len(paragraphs)
    after: dict[int, list[str]] = {}
    for j, insert in enumerate(inserts):
        gap = min(max(round((j + 1) * n / (len(inserts) + 1)) - 1, 0), max(n - 2, 0))
        after.setdefault(gap, []).append(insert)
    parts: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        parts.append(f"<p>{esc(paragraph)}</p>")
        parts.extend(after.get(i, []))
    return "\n".join(parts)


def cookie_text(publisher: Publisher) -> str:
    return (
        f"{publisher.name} uses cookies to personalise content and ads, to provide social media "
        "features and to analyse our traffic."
    )


def listing_items(view: ListingView) -> str:
    items = []
    for page in view.pages:
        items.append(
            f"""<li class="teaser">
<h2><a href="{esc(page.path)}">{esc(page.title)}</a></h2>
<p class="teaser-meta"><span class="kicker">{esc(page.section)}</span> ·
<time datetime="{iso(page.published)}">{human_time(page.published)}</time></p>
<p class="teaser-text">{esc(page.summary)}</p>
</li>"""
        )
    return "\n".join(items)


WEBSITE_META = '<meta property="og:type" content="website">\n'
