"""`DemoSite`: the public handle that starts, describes and stops the fixture news site."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from broadsheet.demo.catalog import ArticlePage, build_catalog
from broadsheet.demo.corpus import load_corpus
from broadsheet.demo.hub import Delivery, Hub, TopicContent
from broadsheet.demo.server import DemoHTTPServer, serve_in_thread
from broadsheet.demo.site import (
    HUB_PATH,
    OPML_PATH,
    SiteContent,
    build_site,
    feed_specs,
    render_feed,
)


class DemoSite:
    """The fixture site; pages are rendered at `start()`, once the port (hence URLs) is known."""

    def __init__(
        self,
        corpus_path: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        feed_limit: int | None = None,
        held_back: int = 0,
    ) -> None:
        """`held_back`: how many of the newest articles of the WebSub publisher (the Ledger) are
        left out of its feeds until `release_next()` publishes them one by one."""
        self._corpus_path = corpus_path
        self._address = (host, port)
        self._feed_limit = feed_limit  # None: every article of a section is in its feeds
        self._held_back_count = held_back
        self._server: DemoHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._content: SiteContent | None = None
        self._hub: Hub | None = None
        self._by_path: dict[str, ArticlePage] = {}
        self._held_back: list[ArticlePage] = []  # oldest first: the order they are released in
        self._release_lock = threading.Lock()

    def start(self) -> None:
        if self._server is not None:
            return
        pages = build_catalog(load_corpus(self._corpus_path))
        websub = sorted(
            (p for p in pages if p.publisher.websub), key=lambda p: (p.published, p.path)
        )
        self._held_back = (
            websub[len(websub) - self._held_back_count :] if self._held_back_count else []
        )
        server = DemoHTTPServer(self._address)
        host, port = server.server_address[:2]
        self._base_url = f"http://{_url_host(str(host))}:{port}"
        hidden = {p.path for p in self._held_back}
        self._content = build_site(pages, self._base_url, self._feed_limit, hidden)
        self._hub = Hub(self._base_url + HUB_PATH, self._topic_content)
        server.resources = self._content.resources
        server.hub = self._hub
        self._by_path = {page.path: page for page in pages}
        self._server = server
        self._thread = serve_in_thread(server)

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> DemoSite:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        self._require()
        return self._base_url

    @property
    def opml_url(self) -> str:
        return self.base_url + OPML_PATH

    def feed_urls(self, kind: str | None = None) -> list[str]:
        """Every feed the site serves; `kind` ("rss" or "atom") keeps one format only."""
        content = self._require()
        return [self._base_url + f.path for f in content.feeds if kind is None or f.kind == kind]

    def sitemap_urls(self, kind: str | None = None) -> list[str]:
        """The sitemaps to follow a publisher that has no feed by: the Herald's news sitemap and
        its sitemap index (which lists the gzip copy), as robots.txt names them. `kind` ("news",
        "index" or "gzip") picks one; "news" or "index" alone covers every Herald article."""
        content = self._require()
        return [
            self._base_url + s.path
            for s in content.sitemaps
            if not s.publisher.has_feeds and (s.kind == kind or (kind is None and s.in_robots))
        ]

    @property
    def hub_url(self) -> str:
        """The WebSub hub: subscription requests are form POSTs to this URL."""
        return self.base_url + HUB_PATH

    @property
    def hub(self) -> Hub:
        """The hub itself: its subscriptions, the checks it made, the pushes it sent."""
        self._require()
        assert self._hub is not None
        return self._hub

    def hub_topics(self) -> list[str]:
        """The feeds that advertise the hub (`rel="hub"`), i.e. that `publish` can push."""
        content = self._require()
        return [self._base_url + f.path for f in content.feeds if f.publisher.websub]

    def publish(self, topic_url: str) -> list[Delivery]:
        """Push a hub topic's current content to its verified subscribers (blocks until sent)."""
        return self.hub.publish(topic_url)

    def held_back(self) -> list[ArticlePage]:
        """Pages not yet in any feed, in the order `release_next` adds them."""
        with self._release_lock:
            return list(self._held_back)

    def release_next(self) -> tuple[ArticlePage, list[Delivery]] | None:
        """Add the next held-back article to its feeds (RSS and Atom) and push both to the
        hub's subscribers: a publisher publishing, live. None when nothing is held back."""
        content = self._require()
        with self._release_lock:
            if not self._held_back:
                return None
            page = self._held_back.pop(0)
            hidden = {p.path for p in self._held_back}
            feeds = feed_specs(content.pages, self._feed_limit, hidden)
            changed = [
                f for f in feeds if f.publisher is page.publisher and f.section == page.section
            ]
            for feed in changed:
                content.resources[feed.path] = render_feed(feed, self._base_url, content.epoch)
            self._content = replace(content, feeds=feeds)
        deliveries = [d for f in changed for d in self.publish(self._base_url + f.path)]
        return page, deliveries

    def article_pages(self) -> list[ArticlePage]:
        """Every article page, oldest first, with the text it renders (wire edits applied)."""
        return list(self._require().pages)

    def url_for(self, page: ArticlePage) -> str:
        return self.base_url + page.path

    def credit_for(self, url: str) -> str | None:
        """The credit line for one of this site's article pages; None for any other URL."""
        self._require()
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self._base_url:
            return None
        page = self._by_path.get(parts.path)
        return None if page is None else page.article.credit

    def _topic_content(self, topic: str) -> TopicContent | None:
        content = self._require()
        if not topic.startswith(self._base_url + "/"):
            return None
        path = topic.removeprefix(self._base_url)
        if not any(f.path == path and f.publisher.websub for f in content.feeds):
            return None
        resource = content.resources[path]
        return TopicContent(resource.body, resource.content_type)

    def _require(self) -> SiteContent:
        if self._content is None:
            raise RuntimeError("DemoSite is not started; call start() first")
        return self._content


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
