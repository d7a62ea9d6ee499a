"""The Evening Courier: modern semantic markup, widgets set inside the article body."""

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


def _header(publisher: Publisher, current: str | None) -> str:
    links = " ".join(
        f'<a href="{section_path(publisher, s)}"{" class=active" if s == current else ""}>{s}</a>'
        for s in publisher.sections
    )
    return f"""<div class="consent-overlay" id="cookie-notice">
<div class="consent-box"><h2>We value your privacy</h2><p>{esc(cookie_text(publisher))}
By clicking "Accept" you agree to the storing of cookies on your device.</p>
<button class="accept">Accept</button><button class="reject">Reject all</button></div>
</div>
<header class="site-header">
<a class="logo" href="{publisher.prefix()}">{esc(publisher.name)}</a>
<nav aria-label="Sections">{links} <a href="{publisher.prefix()}newsletters">Newsletters</a>
<a href="{publisher.prefix()}search">Search</a></nav>
</header>"""


def _footer(publisher: Publisher, credit_html: str = "") -> str:
    return f"""<footer class="site-foot">
<ul class="foot-links"><li><a href="{publisher.prefix()}about">About the Courier</a></li>
<li><a href="{publisher.prefix()}advertise">Advertise with us</a></li>
<li><a href="{publisher.prefix()}privacy">Privacy</a></li></ul>
<small class="copyright">Copyright © 2020 The Evening Courier Ltd. All rights reserved.
Reproduction without permission is prohibited.</small>
{credit_html}
</footer>"""


def render_article(view: ArticleView) -> str:
    page = view.page
    publisher = page.publisher
    shares = "".join(
        f'<li><a href="{href}" rel="noopener" target="_blank">{label}</a></li>'
        for label, href in share_links(view)
    )
    also = "".join(f"<li>{link(p)}</li>" for p in view.read_more)
    live = "".join(f"<li>{link(p)}</li>" for p in view.live)
    inserts = [
        f'<aside class="also-read"><h3>Also read</h3><ul>{also}</ul></aside>',
        '<div class="story-continues"><p>STORY CONTINUES BELOW THIS AD</p>'
        '<div class="dfp-ad" data-slot="mid-article"></div></div>',
        f'<div class="live-events-widget"><h4>Live Events</h4><ul>{live}</ul></div>',
    ]
    related = "".join(
        f'<li>{link(p)} <time datetime="{iso(p.published)}">{human_time(p.published)}</time></li>'
        for p in view.related
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
{
        head(
            title=f"{page.title} – {publisher.name}",
            publisher=publisher,
            canonical=view.url,
            feeds=view.feeds,
            description=page.summary,
            extra=article_meta(view),
        )
    }
<body>
{_header(publisher, page.section)}
<div class="page">
<ol class="crumbs"><li><a href="{publisher.prefix()}">{esc(publisher.name)}</a></li>
<li><a href="{section_path(publisher, page.section)}">{esc(page.section)}</a></li></ol>
<article>
<h1>{esc(page.title)}</h1>
<div class="article-meta">
<address class="author">{esc(page.byline)}</address>
<time datetime="{iso(page.published)}">Published {human_time(page.published)}</time>
</div>
<ul class="social-share" aria-label="Share this story">{shares}</ul>
<img class="hero" src="{lead_image_path(page)}" alt="">
<section class="article-content">
{interleave(page.paragraphs, inserts)}
</section>
<ul class="social-share bottom" aria-label="Share this story">{shares}</ul>
<div class="comments-teaser" id="comments"><button type="button">Show comments</button>
<span>{view.comments} comments</span> · Comments are open for 48 hours.</div>
</article>
<aside class="more-from"><h2>More from {esc(page.section)}</h2><ul>{related}</ul></aside>
<div class="newsletter">
<p><strong>The Courier Daily</strong>: sign up to our newsletter for the day's top stories,
delivered to your inbox every evening.</p>
<a class="button" href="{publisher.prefix()}newsletters">Sign up</a>
</div>
</div>
{_footer(publisher, credit(page))}
</body>
</html>
"""


def render_listing(view: ListingView) -> str:
    publisher = view.publisher
    heading = view.section or "Top stories"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
{
        head(
            title=f"{heading} – {publisher.name}",
            publisher=publisher,
            canonical=view.base_url + view.path,
            feeds=view.feeds,
            description=publisher.tagline,
            extra=WEBSITE_META,
        )
    }
<body>
{_header(publisher, view.section)}
<div class="page"><h1>{esc(heading)}</h1>
<ol class="river">
{listing_items(view)}
</ol></div>
{_footer(publisher)}
</body>
</html>
"""
