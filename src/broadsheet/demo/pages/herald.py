"""The Harbour Herald: semantic HTML5 (main/article/aside), no feeds, a news sitemap instead.

Its pages advertise no `<link rel="alternate">` feed at all, the way many small publishers' sites
do; a reader can follow it only through the news sitemap that its robots.txt names.
"""

from __future__ import annotations

from broadsheet.demo.pages.common import (
    WEBSITE_META,
    ArticleView,
    ListingView,
    article_meta,
    cookie_text,
    credit,
    esc,
    head,
    human_time,
    interleave,
    iso,
    lead_image_path,
    link,
    listing_items,
    section_path,
    share_links,
)
from broadsheet.demo.publishers import Publisher


def _banner(publisher: Publisher) -> str:
    sections = " · ".join(
        f'<a href="{section_path(publisher, s)}">{esc(s)}</a>' for s in publisher.sections
    )
    return f"""<aside class="consent" aria-label="Privacy">
<p>{esc(cookie_text(publisher))}</p><button type="button">OK</button></aside>
<header class="banner">
<a class="wordmark" href="{publisher.prefix()}">{esc(publisher.name)}</a>
<nav aria-label="Sections">{sections} · <a href="{publisher.prefix()}donate">Support us</a></nav>
</header>"""


def _colophon(publisher: Publisher, credit_html: str = "") -> str:
    return f"""<footer class="colophon">
<p><a href="{publisher.prefix()}about">About the Herald</a> ·
<a href="{publisher.prefix()}sitemap-index.xml">Sitemap</a> ·
<a href="{publisher.prefix()}contact">Write to the editor</a></p>
<p class="copyright">© The Harbour Herald 2020. All rights reserved.</p>
{credit_html}
</footer>"""


def render_article(view: ArticleView) -> str:
    page = view.page
    publisher = page.publisher
    shares = " · ".join(f'<a href="{href}">{label}</a>' for label, href in share_links(view))
    inserts = [
        f'<aside class="inline-link"><p>Read more: {link(view.read_more[0])}</p></aside>',
        '<aside class="sponsor"><small>ADVERTISEMENT</small></aside>',
        f'<aside class="inline-link"><p>Also read: {link(view.read_more[1])}</p></aside>',
    ]
    related = "".join(f"<li>{link(p)}</li>" for p in view.related)
    live = "".join(f"<li>{link(p)}</li>" for p in view.live)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
{
        head(
            title=f"{page.title} — {publisher.name}",
            publisher=publisher,
            canonical=view.url,
            feeds=view.feeds,
            description=page.summary,
            extra=article_meta(view),
        )
    }
<body class="herald">
{_banner(publisher)}
<main>
<article>
<p class="kicker"><a href="{section_path(publisher, page.section)}">{esc(page.section)}</a></p>
<h1>{esc(page.title)}</h1>
<p class="standfirst-meta"><span class="author">{esc(page.byline)}</span>,
<time datetime="{iso(page.published)}">{human_time(page.published)}</time></p>
<img class="lead" src="{lead_image_path(page)}" alt="">
{interleave(page.paragraphs, inserts)}
<p class="share">{shares}</p>
</article>
<aside class="rail">
<section><h2>Live Events</h2><ul>{live}</ul></section>
<section><h2>More from {esc(page.section)}</h2><ul>{related}</ul></section>
<section><h2>The Herald newsletter</h2><p>Harbour news in your inbox every Sunday.</p></section>
<section id="comments"><h2>Comments ({view.comments})</h2></section>
</aside>
</main>
{_colophon(publisher, credit(page))}
</body>
</html>
"""


def render_listing(view: ListingView) -> str:
    publisher = view.publisher
    heading = view.section or "Front page"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
{
        head(
            title=f"{heading} — {publisher.name}",
            publisher=publisher,
            canonical=view.base_url + view.path,
            feeds=view.feeds,
            description=publisher.tagline,
            extra=WEBSITE_META,
        )
    }
<body class="herald">
{_banner(publisher)}
<main><h1>{esc(heading)}</h1>
<ul class="stories">
{listing_items(view)}
</ul></main>
{_colophon(publisher)}
</body>
</html>
"""
