"""The Morning Globe: grid markup, plain-paragraph "Also read" links, JSON-LD metadata."""

from __future__ import annotations

import json

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
    static_path,
)
from broadsheet.demo.publishers import Publisher


def _top(publisher: Publisher) -> str:
    menu = "".join(
        f'<li><a href="{section_path(publisher, s)}">{s.upper()}</a></li>'
        for s in publisher.sections
    )
    return f"""<div class="gdpr-bar"><span>{esc(cookie_text(publisher))} Read our
<a href="{publisher.prefix()}privacy">privacy and cookie policy</a>.</span>
<a class="gdpr-ok" href="#">I agree</a></div>
<header id="top"><div class="container">
<div class="logo"><a href="{publisher.prefix()}"><img src="{static_path(publisher, "logo.svg")}"
 alt="{esc(publisher.name)}"></a></div>
<ul class="menu"><li><a href="{publisher.prefix()}">HOME</a></li>{menu}
<li><a href="{publisher.prefix()}epaper">E-PAPER</a></li></ul>
</div></header>"""


def _bottom(publisher: Publisher, credit_html: str = "") -> str:
    return f"""<footer class="footer"><div class="container">
<div class="footer-menu"><a href="{publisher.prefix()}about">About</a>
<a href="{publisher.prefix()}careers">Careers</a>
<a href="{publisher.prefix()}contact">Contact us</a>
<a href="{publisher.prefix()}sitemap-news.xml">Sitemap</a></div>
<div class="copyright">© The Morning Globe 2020. All rights reserved.</div>
{credit_html}
</div></footer>"""


def _json_ld(view: ArticleView) -> str:
    page = view.page
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": view.url},
        "headline": page.title,
        "description": page.summary,
        "image": [view.base_url + lead_image_path(page)],
        "datePublished": iso(page.published),
        "dateModified": iso(page.published),
        "articleSection": page.section,
        "inLanguage": "en",
        "author": {"@type": "Organization", "name": page.byline.removeprefix("By ")},
        "publisher": {
            "@type": "Organization",
            "name": page.publisher.name,
            "logo": {
                "@type": "ImageObject",
                "url": view.base_url + static_path(page.publisher, "logo.svg"),
            },
        },
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def render_article(view: ArticleView) -> str:
    page = view.page
    publisher = page.publisher
    shares = "".join(
        f'<a class="icon" href="{href}" title="{label}"><span>{label}</span></a>'
        for label, href in share_links(view)
    )
    inserts = [
        f"<p><strong>Also read |</strong> {link(view.read_more[0])}</p>",
        '<div class="ad-container"><div class="ad-text">ADVERTISEMENT</div>'
        '<div id="div-gpt-ad-inarticle"></div></div>',
        f"<p><strong>Read more:</strong> {link(view.read_more[1])}</p>",
    ]
    live = "".join(f"<li>{link(p)}</li>" for p in view.live)
    related = "".join(f"<li>{link(p)}</li>" for p in view.related)
    return f"""<!DOCTYPE html>
<html lang="en-US">
{
        head(
            title=f"{page.title} | {publisher.name}",
            publisher=publisher,
            canonical=view.url,
            feeds=view.feeds,
            description=page.summary,
            extra=article_meta(view),
        )
    }
<body class="globe">
{_top(publisher)}
<div class="container">
<div class="breadcrumb"><a href="{publisher.prefix()}">Home</a> /
<a href="{section_path(publisher, page.section)}">{esc(page.section)}</a> /
<span>{esc(page.title)}</span></div>
<div class="row">
<div class="col-main">
<h1 class="native_story_title">{esc(page.title)}</h1>
<div class="editor-details">
<span class="editor">Written by {esc(page.byline.removeprefix("By "))}</span> |
<span class="date">Updated: <time datetime="{iso(page.published)}">{
        human_time(page.published)
    }</time></span>
</div>
<div class="social-icons">{shares}</div>
<div class="story-image"><img src="{lead_image_path(page)}" alt="{esc(page.title)}"></div>
<div class="full-details" id="pcl-full-content">
{interleave(page.paragraphs, inserts)}
</div>
<div class="liveevents"><h3>Live Events</h3><ul>{live}</ul></div>
<div class="newsletter-box"><h3>Globe Morning Brief</h3>
<p>Subscribe to our newsletter: science, health and culture in five minutes.</p>
<a href="{publisher.prefix()}newsletter">Subscribe now</a></div>
<div class="more-from"><h3>More from {esc(page.section)}:</h3><ul>{related}</ul></div>
<div class="comment-box" id="comments"><h3>Comments ({view.comments})</h3>
<p>Be the first to know what readers think. <a href="#comments">View comments</a></p></div>
</div>
<div class="col-side"><h3>Trending</h3><ul>{related}</ul></div>
</div>
</div>
{_bottom(publisher, credit(page))}
{_json_ld(view)}
</body>
</html>
"""


def render_listing(view: ListingView) -> str:
    publisher = view.publisher
    heading = view.section or "Latest"
    return f"""<!DOCTYPE html>
<html lang="en-US">
{
        head(
            title=f"{heading} News | {publisher.name}",
            publisher=publisher,
            canonical=view.base_url + view.path,
            feeds=view.feeds,
            description=publisher.tagline,
            extra=WEBSITE_META,
        )
    }
<body class="globe">
{_top(publisher)}
<div class="container"><h1>{esc(heading)}</h1>
<ul class="articles">
{listing_items(view)}
</ul></div>
{_bottom(publisher)}
</body>
</html>
"""
