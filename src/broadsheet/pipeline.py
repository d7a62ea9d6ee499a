"""One feed or one URL through every stage: fetch → parse → extract → store → understand.

The stages stay ignorant of each other; this module is the only place that knows their order
(the role Miniflux's feed handler plays). Failures become recorded errors on the feed or entry,
never exceptions that stop other feeds.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

from protego import Protego

from broadsheet.config import Settings
from broadsheet.extract import ExtractError, extract_article
from broadsheet.feeds import FeedParseError, parse_feed
from broadsheet.feeds.sitemap import read_sitemap
from broadsheet.fetch import FetchError, HttpClient
from broadsheet.fingerprint import content_hash
from broadsheet.jobs.schedule import next_check_after_error, next_check_after_success
from broadsheet.models import Article, Entry, ExtractedArticle, Feed, NewArticle, ParsedFeed
from broadsheet.ops.metrics import Metrics
from broadsheet.ops.retention import RetentionPolicy, is_expired
from broadsheet.store import Store
from broadsheet.store.base import utcnow
from broadsheet.store.feeds import NotModifiedPoll
from broadsheet.urls import canonical_url, same_site
from broadsheet.websub.manager import WebSubManager

log = logging.getLogger(__name__)
_T = TypeVar("_T")

# A feed body shorter than this (in characters of text) is a summary: fetch the page instead.
_FULL_TEXT_MIN_CHARS = 600


@dataclass(slots=True)
class FeedOutcome:
    feed_id: int
    url: str
    new_articles: int = 0
    already_known: int = 0
    not_modified: bool = False
    error: str | None = None
    entry_errors: list[str] = field(default_factory=list)


ArticleHook = Callable[[Article], None]


class NotModifiedWriter(Protocol):
    """Records a 304 poll: when it was fetched, when it is next due, the validators."""

    async def __call__(self, poll: NotModifiedPoll) -> None: ...


# The licence / attribution line to keep with an article, by its URL (e.g. the demo's Wikinews
# credit); None where a source needs none.
CreditLookup = Callable[[str], str | None]


class Pipeline:
    """Runs feeds and URLs through the stages into the store.

    `on_article` hooks run (in a worker thread) after each newly stored article: the
    understanding stages (enrich, stories) attach there, so ingest works without them.
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        client: HttpClient,
        on_article: list[ArticleHook] | None = None,
        *,
        metrics: Metrics | None = None,
        websub: WebSubManager | None = None,
        credit_for: CreditLookup | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.client = client
        self.on_article = on_article or []
        self.metrics = metrics
        self.websub = websub
        self.retention = RetentionPolicy.from_settings(settings)
        self.credit_for = credit_for

    async def _stage(self, stage: str, work: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """Run one stage's (blocking) work off the event loop, timed for /metrics."""
        start = time.perf_counter()
        try:
            return await asyncio.to_thread(work, *args, **kwargs)
        finally:
            if self.metrics is not None:
                self.metrics.observe(
                    "broadsheet_stage_seconds", time.perf_counter() - start, stage=stage
                )

    # -- one feed ------------------------------------------------------------------------------
    async def refresh_feed(
        self, feed: Feed, *, record_not_modified: NotModifiedWriter | None = None
    ) -> FeedOutcome:
        """Poll one feed. `record_not_modified` replaces the store write of a 304 (the workers
        send it on the connection that holds the feed's lock, with the unlock)."""
        outcome = await self._refresh_feed(feed, record_not_modified)
        if self.metrics is not None:
            self.metrics.record_feed_outcome(outcome)
            if outcome.new_articles:
                self.metrics.articles_ingested(outcome.new_articles)
        return outcome

    async def _refresh_feed(
        self, feed: Feed, record_not_modified: NotModifiedWriter | None
    ) -> FeedOutcome:
        outcome = FeedOutcome(feed_id=feed.id, url=feed.url)
        now = utcnow()
        try:
            result = await self.client.get(
                feed.url, etag=feed.etag, last_modified=feed.last_modified
            )
        except FetchError as exc:
            self._record_feed_error(feed, str(exc), now, exc.retry_after)
            outcome.error = str(exc)
            return outcome
        if result.not_modified:
            # Nothing to parse and no article to touch: only the schedule moves on.
            write = record_not_modified or self._record_not_modified
            await write(
                NotModifiedPoll(
                    feed.id,
                    fetched_at=now,
                    next_check_at=next_check_after_success(now, self.settings.poll_interval_s),
                    etag=result.etag or feed.etag,
                    last_modified=result.last_modified or feed.last_modified,
                )
            )
            outcome.not_modified = True
            return outcome
        try:
            if feed.kind == "sitemap":
                parsed = await self._read_sitemap(result.content, result.final_url)
            else:
                parsed = await self._stage(
                    "parse",
                    parse_feed,
                    result.content,
                    result.final_url,
                    max_entries=self.settings.max_entries_per_feed,
                )
        except FeedParseError as exc:
            message = f"{feed.url}: {exc}"
            self._record_feed_error(feed, message, now, None)
            outcome.error = message
            return outcome

        guids = [entry.guid or entry.url for entry in parsed.entries if entry.url]
        known = await asyncio.to_thread(self.store.known_entries, feed.id, guids)
        fresh = [
            e
            for e in parsed.entries
            if e.url
            and (e.guid or e.url) not in known
            # Retention would delete it again, and the next poll would fetch it again.
            and not is_expired(e.published, self.retention, now)
        ]
        outcome.already_known = len(guids) - len(fresh)
        publisher = feed.publisher or publisher_name(parsed.title) or None
        results = await asyncio.gather(
            *(self._ingest_entry(feed, entry, publisher) for entry in fresh)
        )
        for created, error in results:
            if error:
                outcome.entry_errors.append(error)
            elif created:
                outcome.new_articles += 1
        await asyncio.to_thread(
            self.store.record_fetch_success,
            feed.id,
            fetched_at=now,
            next_check_at=next_check_after_success(now, self.settings.poll_interval_s),
            etag=result.etag,
            last_modified=result.last_modified,
            title=parsed.title or None,
            site_url=parsed.site_url,
            publisher=publisher_name(parsed.title) or None,
            hub=parsed.hub,
        )
        if self.websub is not None and parsed.hub:
            try:
                await self.websub.ensure(feed, parsed.hub)
            except Exception:  # a hub's trouble never fails the poll; polling goes on
                log.exception("WebSub subscription for %s failed", feed.url)
        return outcome

    async def _record_not_modified(self, poll: NotModifiedPoll) -> None:
        await asyncio.to_thread(self.store.record_not_modified_many, [poll])

    async def _read_sitemap(self, content: bytes, url: str) -> ParsedFeed:
        """A news sitemap as a feed; an index is followed to its first few child sitemaps."""
        limit = self.settings.max_entries_per_feed
        sitemap = await asyncio.to_thread(read_sitemap, content, url, max_entries=limit)
        entries = list(sitemap.entries)
        for child in sitemap.sitemaps[:3] if sitemap.is_index else []:
            try:
                page = await self.client.get(child)
                inner = await asyncio.to_thread(
                    read_sitemap, page.content, page.final_url, max_entries=limit
                )
            except (FetchError, FeedParseError) as exc:
                log.warning("child sitemap %s failed: %s", child, exc)
                continue
            entries.extend(inner.entries)
        allowed = await self._robots_allow(url)
        return ParsedFeed(kind="sitemap", entries=[e for e in entries if allowed(e.url)][:limit])

    async def robots(self, url: str) -> Protego | None:
        """The site's robots.txt rules, or None when it has none (404, unreachable)."""
        try:
            robots = await self.client.get(urljoin(url, "/robots.txt"))
        except FetchError:
            return None
        return Protego.parse(robots.content.decode("utf-8", "replace"))

    async def _robots_allow(self, url: str) -> Callable[[str], bool]:
        """Whether robots.txt lets us crawl a page: pages a sitemap lists were not offered to
        readers the way a feed's entries are, so the site's crawling rules apply to them."""
        rules = await self.robots(url)
        if rules is None:
            return lambda _page: True  # no robots.txt: nothing is disallowed
        agent = self.settings.user_agent.split("/")[0]
        return lambda page: bool(rules.can_fetch(page, agent))

    def _record_feed_error(
        self, feed: Feed, message: str, now: datetime, retry_after: float | None
    ) -> None:
        log.warning("feed %s failed: %s", feed.url, message)
        self.store.record_fetch_error(
            feed.id,
            error=message,
            fetched_at=now,
            next_check_at=next_check_after_error(
                now,
                error_count=feed.error_count + 1,
                interval_s=self.settings.poll_interval_s,
                max_backoff_s=self.settings.poll_max_backoff_s,
                retry_after_s=retry_after,
            ),
        )

    async def _ingest_entry(
        self, feed: Feed, entry: Entry, publisher: str | None
    ) -> tuple[bool, str | None]:
        guid = entry.guid or entry.url
        try:
            article, created = await self._build_and_store(entry, feed, publisher)
        except (FetchError, ExtractError, ValueError) as exc:
            message = f"{entry.url}: {exc}"
            await asyncio.to_thread(self.store.record_entry, feed.id, guid, None, message)
            return False, message
        await asyncio.to_thread(self.store.record_entry, feed.id, guid, article.id, None)
        return created, None

    async def _build_and_store(
        self, entry: Entry, feed: Feed, publisher: str | None
    ) -> tuple[Article, bool]:
        extracted: ExtractedArticle | None = None
        page_url = entry.url
        if entry.content_html and _text_length(entry.content_html) >= _FULL_TEXT_MIN_CHARS:
            extracted = await self._stage("extract", extract_article, entry.content_html, entry.url)
            if len(extracted.text) < _FULL_TEXT_MIN_CHARS // 2:
                extracted = None
        if extracted is None and feed.full_text:
            page = await self.client.get(entry.url, accept="text/html,application/xhtml+xml")
            page_url = page.final_url
            extracted = await self._stage("extract", extract_article, page.content, page.final_url)
        if extracted is None or not extracted.text.strip():
            if entry.summary.strip():
                extracted = ExtractedArticle(url=entry.url, text=entry.summary.strip())
            else:
                raise ValueError("no article text found on the page or in the feed")
        new = _merge(entry, extracted, page_url, feed, publisher)
        return await self._stage("store", self._store_article, new)

    def _store_article(self, new: NewArticle) -> tuple[Article, bool]:
        if self.credit_for is not None and new.credit is None:
            new.credit = self.credit_for(new.url)
        article, created = self.store.add_article(new)
        if created:
            for hook in self.on_article:
                try:
                    hook(article)
                except Exception:  # a failing enrichment must not lose the stored article
                    log.exception("post-processing failed for article %s", article.id)
        return article, created

    # -- one URL -------------------------------------------------------------------------------
    async def ingest_url(self, url: str, *, feed: Feed | None = None) -> tuple[Article, bool]:
        """Save a single page as an article (the 'add by URL' path)."""
        page = await self.client.get(url, accept="text/html,application/xhtml+xml")
        extracted = await self._stage("extract", extract_article, page.content, page.final_url)
        if not extracted.text.strip():
            raise ValueError(f"{url}: no article text found on the page")
        entry = Entry(url=page.final_url, title=extracted.title or "")
        new = _merge(entry, extracted, page.final_url, feed, None)
        if feed is None:
            new.feed_id = None
        return await self._stage("store", self._store_article, new)


_SECTION_SUFFIX = re.compile(r"\s+[-–—|:»·]\s+.*$")


def publisher_name(feed_title: str) -> str:
    """ "BBC News - World" → "BBC News": feeds are usually titled publisher, then section."""
    return _SECTION_SUFFIX.sub("", feed_title.strip())


def _text_length(html: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html).strip())


def _merge(
    entry: Entry,
    extracted: ExtractedArticle,
    page_url: str,
    feed: Feed | None,
    publisher: str | None,
) -> NewArticle:
    """Feed metadata and page metadata, each where it is the more reliable source."""
    url = page_url
    if extracted.canonical_url and same_site(extracted.canonical_url, page_url):
        url = extracted.canonical_url
    text = extracted.text.strip()
    return NewArticle(
        url=canonical_url(url),
        title=(entry.title or extracted.title or "").strip() or "(untitled)",
        text=text,
        html=extracted.html,
        feed_id=feed.id if feed else None,
        publisher=extracted.publisher or publisher,
        author=entry.author or extracted.author,
        published=entry.published or extracted.published,
        updated=entry.updated or extracted.updated,
        language=extracted.language,
        image=entry.image or extracted.image,
        summary=(entry.summary or extracted.description or "").strip()[:1000],
        content_hash=content_hash(text),
    )


class SubscribeError(Exception):
    """A URL that could not become a subscription, with a message for the person who typed it."""


async def discover_and_add(pipeline: Pipeline, url: str) -> tuple[Feed, bool]:
    """Subscribe to a feed URL, or to the feed a site's page advertises."""
    from broadsheet.feeds import discover_feeds

    if not url.startswith(("http://", "https://")):
        url = "https://" + url.strip()
    try:
        result = await pipeline.client.get(url)
    except FetchError as exc:
        raise SubscribeError(f"could not fetch {url}: {exc}") from exc
    try:
        parsed = await asyncio.to_thread(parse_feed, result.content, result.final_url)
        store = pipeline.store
        return await asyncio.to_thread(
            store.add_feed, result.final_url, title=parsed.title, site_url=parsed.site_url
        )
    except FeedParseError as parse_error:
        if _is_sitemap(result.content, result.final_url):
            return await asyncio.to_thread(
                pipeline.store.add_feed, result.final_url, kind="sitemap", full_text=True
            )
        found = await asyncio.to_thread(discover_feeds, result.content, result.final_url)
        if not found:
            sitemap = await _sitemap_from_robots(pipeline, result.final_url)
            if sitemap is not None:
                return await asyncio.to_thread(
                    pipeline.store.add_feed, sitemap, kind="sitemap", site_url=result.final_url
                )
            raise SubscribeError(
                f"{url} is not a feed, and neither its page nor its robots.txt names a feed or"
                f" a news sitemap ({parse_error})"
            ) from parse_error
        candidate = found[0]
        try:
            feed_page = await pipeline.client.get(candidate.url)
            parsed = await asyncio.to_thread(parse_feed, feed_page.content, feed_page.final_url)
        except (FetchError, FeedParseError) as exc:
            raise SubscribeError(f"{url} advertises {candidate.url}, which failed: {exc}") from exc
        return await asyncio.to_thread(
            pipeline.store.add_feed,
            feed_page.final_url,
            title=parsed.title or candidate.title or "",
            site_url=parsed.site_url or result.final_url,
        )


def _is_sitemap(content: bytes, url: str) -> bool:
    try:
        read_sitemap(content, url, max_entries=1)
    except FeedParseError:
        return False
    return True


async def _sitemap_from_robots(pipeline: Pipeline, site_url: str) -> str | None:
    """The first sitemap robots.txt names that parses, preferring news sitemaps."""
    rules = await pipeline.robots(site_url)
    if rules is None:
        return None
    named = list(rules.sitemaps)
    # One robots.txt may serve several publications (example.com/a/, example.com/b/): prefer the
    # sitemaps under the page's own path, then news sitemaps, then robots.txt's order.
    own_path = urlsplit(site_url).path.rsplit("/", 1)[0] + "/"

    def preference(url: str) -> tuple[bool, bool]:
        under = own_path != "/" and urlsplit(url).path.startswith(own_path)
        return (not under, "news" not in url.lower())

    named.sort(key=preference)
    for candidate in named[:5]:
        try:
            page = await pipeline.client.get(candidate)
        except FetchError:
            continue
        if _is_sitemap(page.content, page.final_url):
            return page.final_url
    return None


async def save_single_article(pipeline: Pipeline, url: str) -> tuple[Article, bool]:
    """The 'add anything by URL' fallback: a page that is neither a feed nor a site with one is
    saved as one article, processed like any other and shown under its publisher."""
    try:
        return await pipeline.ingest_url(url)
    except (FetchError, ExtractError, ValueError) as exc:
        raise SubscribeError(
            f"{url} is not a feed, a site with a feed, or an article: {exc}"
        ) from exc
