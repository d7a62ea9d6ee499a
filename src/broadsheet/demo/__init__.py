"""The demo's offline fixture news site: Wikinews articles as four fictional publishers.

`broadsheet demo` starts a `DemoSite` on loopback, subscribes to its feeds and runs the real
pipeline over real HTTP, so the demo exercises fetching, feed parsing, conditional GET, full-text
extraction and duplicate detection exactly as it would on the web, with no internet.

    site = DemoSite()            # the bundled corpus, a free port on 127.0.0.1
    site.start()
    site.feed_urls()             # every RSS and Atom feed; site.opml_url lists them too
    site.sitemap_urls()          # the feedless Herald's news sitemap and sitemap index
    site.credit_for(page_url)    # the CC BY 2.5 credit line for an article page
    site.hub_url, site.hub_topics()  # the WebSub hub (form POSTs) and the feeds it serves
    site.publish(topic_url)      # push a topic's content to its verified subscribers
    site.release_next()          # DemoSite(held_back=N): add one held-back article, push it
    site.stop()

Publishers (see `publishers.py`): The Daily Ledger (/ledger/: Politics, Business; full-content
feeds that name the WebSub hub at /hub), The Evening Courier (/courier/: World, Sport; summary
feeds), The Morning Globe (/globe/: Science, Culture; summary feeds, JSON-LD, a news sitemap) and
The Harbour Herald (/herald/: Health; no feed at all, only a news sitemap, its gzip copy and a
sitemap index, named in /robots.txt, which also disallows /herald/private/).
Sections come from keyword rules on the headline (`sections.py`). About fifteen articles also
appear at a second publisher as edited wire copy (`catalog.py`).
"""

from __future__ import annotations

from broadsheet.demo.catalog import ArticlePage
from broadsheet.demo.corpus import CorpusArticle, load_corpus
from broadsheet.demo.demosite import DemoSite

__all__ = ["ArticlePage", "CorpusArticle", "DemoSite", "load_corpus"]
