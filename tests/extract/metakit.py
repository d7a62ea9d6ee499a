"""Small pieces the metadata tests build their hand-written pages from."""

from __future__ import annotations

import json
from datetime import date

from broadsheet.extract import extract_article

# Enough article text that the page reads as an article, with no name or date of its own.
FILLER = "".join(
    f"<p>Paragraph {n} explains how the harbour board weighed the cost of dredging against "
    f"the tonnage the port expects to handle over the coming decade.</p>"
    for n in range(8)
)


def meta(name: str, content: str) -> str:
    return f'<meta property="{name}" content="{content}">'


def day(html: str) -> date | None:
    published = extract_article(html).published
    return published.date() if published else None


HEADLINE = "Harbour board backs dredging"


def page(head: str = "", under: str = "", h1: str = HEADLINE) -> str:
    """An article page: `head` markup, the `h1` headline, `under` it (a byline, a date), then
    FILLER."""
    return (
        f"<html><head><title>{HEADLINE} | Port Gazette</title>{head}</head>"
        f"<body><article><h1>{h1}</h1>{under}{FILLER}</article></body></html>"
    )


def linked(**fields: object) -> str:
    """A JSON-LD NewsArticle block with these fields."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'
