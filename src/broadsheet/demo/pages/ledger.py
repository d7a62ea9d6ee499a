"""The Daily Ledger: a classic newspaper layout, div-heavy, with a right-hand sidebar."""

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


def _masthead(publisher: Publisher, current: str | None) -> str:
    items = [f'<li><a href="{publisher.prefix()}">Home</a></li>']
    for section in publisher.sections:
        here = ' aria-current="page"' if section == current else ""
        items.append(f'<li><a href="{section_path(publisher, section)}"{here}>{section}</a></li>')
    items.append(f'<li class="cta"><a href="{publisher.prefix()}subscribe">Subscribe</a></li>')
    items.append(f'<li><a href="{publisher.prefix()}login">Sign in</a></li>')
    return f"""<div id="cookie-consent" class="cookie-banner" role="dialog"
 aria-label="Cookie consent">
<p>{esc(cookie_text(publisher))} <a href="{publisher.prefix()}cookie-policy">Cookie policy</a></p>
<button type="button">Accept all cookies</button> <button type="button">Manage preferences</button>
</div>
<header class="masthead">
<div class="brand"><a href="{publisher.prefix()}">{esc(publisher.name)}</a></div>
<p class="tagline">{esc(publisher.tagline)}</p>
<nav class="primary-nav" aria-label="Main"><ul>{"".join(items)}</ul></nav>
</header>"""


def _footer(publisher: Publisher, credit_html: str = "") -> str:
    year = 2020
    return f"""<footer class="site-footer">
<nav class="footer-links"><a href="{publisher.prefix()}about">About us</a> |
<a href="{publisher.prefix()}contact">Contact</a> |
<a href="{publisher.prefix()}privacy">Privacy policy</a> |
<a href="{publisher.prefix()}terms">Terms of use</a></nav>
<p class="copyright">© {year} {esc(publisher.name)}. All rights reserved.</p>
{credit_html}
</footer>"""


def render_article(view: ArticleView) -> str:
    page = view.page
    publisher = page.publisher
    shares = " ".join(
        f'<a class="share" href="{href}">{label}</a>' for label, href in share_links(view)
    )
    inserts = [
        f'<p class="read-more"><strong>Read more:</strong> {link(view.read_more[0])}</p>',
        '<div class="ad-slot ad-inarticle" id="ad-mid-1">'
        '<span class="ad-label">ADVERTISEMENT</span>'
        '<div class="ad-placeholder" style="height:250px"></div></div>',
        f'<p class="read-more"><strong>Also read:</strong> {link(view.read_more[1])}</p>',
    ]
    related = "".join(f"<li>{link(p)}</li>" for p in view.related)
    live = "".join(f'<li><span class="live-dot">LIVE</span> {link(p)}</li>' for p in view.live)
    dateline = page.article.dateline or human_time(page.published)
    return f"""<!DOCTYPE html>
<html lang="en">
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
<body class="ledger article-page">
{_masthead(publisher, page.section)}
<div id="main" class="layout">
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>
<li><a href="{publisher.prefix()}">Home</a></li>
<li><a href="{section_path(publisher, page.section)}">{esc(page.section)}</a></li>
</ol></nav>
<div class="content-col">
<article class="story">
<header class="story-header">
<h1 class="headline">{esc(page.title)}</h1>
<div class="story-meta">
<span class="byline">{esc(page.byline)}</span>
<time class="published" datetime="{iso(page.published)}">{esc(dateline)}</time>
</div>
<div class="share-bar">{shares}</div>
</header>
<figure class="lead-image"><img src="{
        lead_image_path(page)
    }" alt="" width="800" height="450"></figure>
<div class="article-body">
{interleave(page.paragraphs, inserts)}
</div>
</article>
<section class="newsletter-signup">
<h2>Get the Ledger Briefing</h2>
<p>Sign up for our free morning newsletter and never miss a story.</p>
<form action="{publisher.prefix()}newsletter" method="post"><input type="email" name="email"
 placeholder="Your email address"> <button type="submit">Sign up</button></form>
</section>
<section class="comments-teaser"><h2>Comments ({view.comments})</h2>
<p>Join the conversation: <a href="{
        esc(page.path)
    }#comments">read and post comments</a>.</p></section>
</div>
<aside class="sidebar">
<section class="live-events"><h2>Live Events</h2><ul>{live}</ul></section>
<section class="related-box"><h2>More from {esc(page.section)}:</h2><ul>{related}</ul></section>
</aside>
</div>
{_footer(publisher, credit(page))}
</body>
</html>
"""


def render_listing(view: ListingView) -> str:
    publisher = view.publisher
    heading = view.section or "Latest news"
    return f"""<!DOCTYPE html>
<html lang="en">
{
        head(
            title=f"{heading} | {publisher.name}",
            publisher=publisher,
            canonical=view.base_url + view.path,
            feeds=view.feeds,
            description=publisher.tagline,
            extra=WEBSITE_META,
        )
    }
<body class="ledger listing-page">
{_masthead(publisher, view.section)}
<main id="main" class="layout"><h1 class="section-title">{esc(heading)}</h1>
<ul class="story-list">
{listing_items(view)}
</ul></main>
{_footer(publisher)}
</body>
</html>
"""
