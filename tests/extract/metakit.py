"""Small pieces the metadata tests build their hand-written pages from."""

from __future__ import annotations

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
