"""`DemoSite`: the public handle that starts, describes and stops the fixture news site."""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from broadsheet.demo.catalog import ArticlePage, build_catalog
from broadsheet.demo.corpus import load_corpus
from broadsheet.demo.server import DemoHTTPServer, serve_in_thread
from broadsheet.demo.site import OPML_PATH, SiteContent, build_site


class DemoSite:
    """The fixture site; pages are rendered at `start()`, once the port (hence URLs) is known."""

    def __init__(
        self,
        corpus_path: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        feed_limit: int | None = None,
    ) -> None:
        self._corpus_path = corpus_path
        self._address = (host, port)
        self._feed_limit = feed_limit  # None: every article of a section is in its feeds
        self._server: DemoHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._content: SiteContent | None = None
        self._by_path: dict[str, ArticlePage] = {}

    def start(self) -> None:
        if self._server is not None:
            return
        pages = build_catalog(load_corpus(self._corpus_path))
        server = DemoHTTPServer(self._address)
        host, port = server.server_address[:2]
        self._base_url = f"http://{_url_host(str(host))}:{port}"
        self._content = build_site(pages, self._base_url, self._feed_limit)
        server.resources = self._content.resources
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

    def _require(self) -> SiteContent:
        if self._content is None:
            raise RuntimeError("DemoSite is not started; call start() first")
        return self._content


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
