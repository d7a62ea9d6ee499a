"""The demo's offline fixture news site: Wikinews articles as three fictional publishers.

`broadsheet demo` starts a `DemoSite` on loopback, subscribes to its feeds and runs the real
pipeline over real HTTP, so the demo exercises fetching, feed parsing, conditional GET, full-text
extraction and duplicate detection exactly as it would on the web, with no internet.

    site = DemoSite()            # the bundled corpus, a free port on 127.0.0.1
    site.start()
    site.feed_urls()             # every RSS and Atom feed; site.opml_url lists them too
    site.credit_for(page_url)    # the CC BY 2.5 credit line for an article page
    site.stop()

Publishers (see `publishers.py`): The Daily Ledger (/ledger/: Politics, Business; full-content
feeds), The Evening Courier (/courier/: World, Sport; summary feeds) and The Morning Globe
(/globe/: Science, Health, Culture; summary feeds, JSON-LD, a news sitemap named in /robots.txt).
Sections come from keyword rules on the headline (`sections.py`). About fifteen articles also
appear at a second publisher as edited wire copy (`catalog.py`).
"""

from __future__ import annotations

from broadsheet.demo.catalog import ArticlePage
from broadsheet.demo.corpus import CorpusArticle, load_corpus
from broadsheet.demo.demosite import DemoSite

__all__ = ["ArticlePage", "CorpusArticle", "DemoSite", "load_corpus"]
