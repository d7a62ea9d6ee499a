"""Publication date, byline and headline choices: declared metadata weighed against the page."""

from __future__ import annotations

import json
from datetime import date

from broadsheet.extract import extract_article

FILLER = "".join(
    f"<p>Paragraph {n} explains how the harbour board weighed the cost of dredging against "
    f"the tonnage the port expects to handle over the coming decade.</p>"
    for n in range(8)
)


def page(head: str = "", under_headline: str = "", h1: str = "Harbour board backs dredging") -> str:
    return (
        f"<html><head><title>Harbour board backs dredging | Port Gazette</title>{head}</head>"
        f"<body><article><h1>{h1}</h1>{under_headline}{FILLER}</article></body></html>"
    )


def linked(**fields: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def day(html: str) -> date | None:
    published = extract_article(html).published
    return published.date() if published else None


def test_json_ld_date_alone_on_a_page_that_prints_none_is_not_invented() -> None:
    assert day(page(linked(datePublished="2024-03-05T09:30:00Z"))) is None


def test_json_ld_date_kept_when_the_page_prints_a_date() -> None:
    html = page(linked(datePublished="2024-03-05T09:30:00Z"), "<p>March 5, 2024</p>")
    assert day(html) == date(2024, 3, 5)


def test_meta_published_time_is_trusted_without_a_printed_date() -> None:
    head = '<meta property="article:published_time" content="2023-11-20T08:00:00+01:00">'
    assert day(page(head)) == date(2023, 11, 20)


def test_printed_published_label_wins_over_an_updated_one() -> None:
    shown = "<p>Updated June 18, 2025</p><p>Published on 14 February 2025</p>"
    assert day(page(under_headline=shown)) == date(2025, 2, 14)


def test_printed_date_by_the_headline_is_used_without_metadata() -> None:
    assert day(page(under_headline="<p>Jan 9, 2022 · 4 min read</p>")) == date(2022, 1, 9)


def test_a_date_in_the_prose_far_from_the_headline_is_not_the_page_date() -> None:
    tail = FILLER * 2 + "<p>The last survey was on July 4, 2019.</p>"
    html = page(under_headline=tail)
    assert day(html) is None


def test_byline_under_the_headline_and_junk_author_fields() -> None:
    html = page('<meta name="author" content="undefined">', "<p>By Jane Roe</p>")
    assert extract_article(html).author == "Jane Roe"
    assert extract_article(page('<meta name="author" content="undefined">')).author is None


def test_author_cleaned_of_trailing_date_and_role_word() -> None:
    html = page(linked(author={"@type": "Person", "name": "Irene Okpanachi Author"}))
    assert extract_article(html).author == "Irene Okpanachi"
    html = page('<meta name="author" content="Andrew Gerrand 4 August 2010">')
    assert extract_article(html).author == "Andrew Gerrand"


def test_an_h1_naming_the_site_gives_way_to_the_declared_headline() -> None:
    head = '<meta property="og:title" content="Harbour board backs dredging plan for the port">'
    html = page(head, h1="Blog")
    assert extract_article(html).title == "Harbour board backs dredging plan for the port"


def test_seo_tagline_after_a_pipe_in_the_h1_is_dropped() -> None:
    html = page(h1="Best harbour dredging contractors 2025 | Top 19 Companies")
    assert extract_article(html).title == "Best harbour dredging contractors 2025"
