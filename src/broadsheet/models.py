"""Plain dataclasses passed between pipeline stages.

Stages (feeds, extract, enrich, stories) take and return these; only `store` maps them to rows
and only `web` turns them into pages. Keeping them free of behaviour lets every stage be tested
with literal fixtures and benchmarked on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class FetchResult:
    """What the HTTP client got for one URL (after redirects, decompression and the byte cap)."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    headers: dict[str, str]  # lower-cased names
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # 304 on a conditional GET
    elapsed_s: float = 0.0

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(slots=True)
class Entry:
    """One item of a parsed feed, before its page is fetched."""

    url: str
    title: str = ""
    guid: str | None = None
    author: str | None = None
    published: datetime | None = None  # timezone-aware UTC, or None when the feed gives none
    updated: datetime | None = None
    summary: str = ""  # plain text
    content_html: str | None = None  # full content when the feed carries it
    image: str | None = None
    categories: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedFeed:
    """A feed document parsed into entries; `kind` is rss, atom, rdf or json."""

    kind: str
    title: str = ""
    site_url: str | None = None
    description: str = ""
    language: str | None = None
    hub: str | None = None  # WebSub hub, when advertised
    entries: list[Entry] = field(default_factory=list)


@dataclass(slots=True)
class OutlineFeed:
    """One feed of an OPML file."""

    url: str
    title: str = ""
    site_url: str | None = None
    folder: str | None = None


@dataclass(slots=True)
class ExtractedArticle:
    """What the extractor recovers from one HTML page."""

    url: str | None
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    publisher: str | None = None
    language: str | None = None
    text: str = ""  # plain text, paragraphs separated by a blank line
    html: str = ""  # safe, structural HTML of the body (p, h2-h4, ul/ol/li, blockquote, figure)
    image: str | None = None
    canonical_url: str | None = None
    description: str | None = None


@dataclass(slots=True)
class Feed:
    """A subscribed feed and its fetch state, as the store keeps it."""

    id: int
    url: str
    title: str = ""
    site_url: str | None = None
    publisher: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetched_at: datetime | None = None
    next_check_at: datetime | None = None
    last_error: str | None = None
    error_count: int = 0
    full_text: bool = True  # fetch article pages when the feed carries summaries only
    kind: str = "feed"  # feed | sitemap
    created_at: datetime | None = None
    hub: str | None = None  # WebSub hub the feed advertised at its last fetch


@dataclass(slots=True)
class Article:
    """A stored article: the unit of reading, keyed by canonical URL and content hash."""

    id: int
    url: str
    title: str
    text: str
    html: str = ""
    feed_id: int | None = None
    publisher: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    fetched_at: datetime | None = None
    language: str | None = None
    image: str | None = None
    summary: str = ""
    content_hash: str = ""
    story_id: int | None = None
    duplicate_of: int | None = None
    credit: str | None = None  # licence / attribution line to show with the article


@dataclass(slots=True)
class NewArticle:
    """An article ready to be stored (no id yet)."""

    url: str
    title: str
    text: str
    html: str = ""
    feed_id: int | None = None
    publisher: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    language: str | None = None
    image: str | None = None
    summary: str = ""
    content_hash: str = ""
    credit: str | None = None


@dataclass(slots=True)
class Story:
    """All publishers' articles about one real-world event."""

    id: int
    key: str
    title: str
    first_published: datetime | None = None
    last_published: datetime | None = None
    article_count: int = 0
    publisher_count: int = 0


@dataclass(slots=True)
class TopicRef:
    """A person, organisation, place or theme, as attached to articles."""

    id: int
    key: str
    name: str
    kind: str
    score: float = 0.0
    mentions: list[str] = field(default_factory=list)
