"""Metadata from JSON-LD, meta tags and the visible page; never an invented date."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from broadsheet.extract import extract_article

BODY = "".join(
    f"<p>Paragraph {n} of the article tells the reader something new about the council vote "
    f"and what it means for the city budget next year.</p>"
    for n in range(6)
)


def page(head: str = "", before: str = "", lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head><title>Council votes on budget | Daily Bugle</title>{head}'
        f"</head><body><article>{before}<h1>Council votes on budget</h1>{BODY}</article>"
        "</body></html>"
    )


def test_json_ld_news_article() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Daily Bugle"},
            {
                "@type": "NewsArticle",
                "headline": "Council votes on budget",
                "author": [{"@type": "Person", "name": "Ann Reporter"}, {"name": "Bo Writer"}],
                "datePublished": "2024-03-05T09:30:00+01:00",
                "dateModified": "2024-03-06T10:00:00Z",
                "image": {"@type": "ImageObject", "url": "https://bugle.example/lead.jpg"},
            },
        ],
    }
    # the page prints the day too: a JSON-LD date alone on a page showing none is not kept
    html = page(
        f'<script type="application/ld+json">{json.dumps(ld)}</script>', "<p>March 5, 2024</p>"
    )
    article = extract_article(html, url="https://bugle.example/news/budget")
    assert article.title == "Council votes on budget"
    assert article.author == "Ann Reporter, Bo Writer"
    assert article.published == datetime(2024, 3, 5, 9, 30, tzinfo=UTC) + timedelta(hours=-1)
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=1)
    assert article.updated == datetime(2024, 3, 6, 10, 0, tzinfo=UTC)
    assert article.publisher == "Daily Bugle"
    assert article.image == "https://bugle.example/lead.jpg"
    assert article.language == "en"


def test_open_graph_and_meta_tags() -> None:
    head = (
        '<meta property="og:site_name" content="Le Matin">'
        '<meta property="og:title" content="Council votes on budget">'
        '<meta property="og:image" content="/img/lead.jpg">'
        '<meta name="author" content="By Claire Dupont">'
        '<meta property="article:published_time" content="2023-11-05">'
        '<link rel="canonical" href="/2023/budget">'
    )
    article = extract_article(page(head, lang="fr-FR"), url="https://matin.example/x?utm=1")
    assert article.publisher == "Le Matin"
    assert article.author == "Claire Dupont"
    assert article.published == datetime(2023, 11, 5, tzinfo=UTC)
    assert article.image == "https://matin.example/img/lead.jpg"
    assert article.canonical_url == "https://matin.example/2023/budget"
    assert article.language == "fr"


def test_page_without_any_date_has_none() -> None:
    article = extract_article(page(), url="https://bugle.example/news/budget")
    assert article.published is None and article.updated is None


def test_date_in_url_is_used_when_the_page_has_none() -> None:
    article = extract_article(page(), url="https://bugle.example/2021/07/14/budget-vote")
    assert article.published == datetime(2021, 7, 14, tzinfo=UTC)


def test_visible_time_element() -> None:
    html = page(before='<time datetime="2022-01-02T03:04:05Z">2 Jan</time>')
    article = extract_article(html)
    assert article.published == datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_title_without_site_suffix_when_only_the_title_tag_exists() -> None:
    html = f"<html><head><title>Council votes on budget | Daily Bugle</title></head><body>{BODY}"
    html += "</body></html>"
    article = extract_article(html)
    assert article.title == "Council votes on budget"


def test_an_author_reference_that_is_not_a_string_is_ignored_not_a_crash() -> None:
    """Hostile JSON-LD: an "@id" that is an object cannot name a graph node."""
    data = json.dumps({"@type": "NewsArticle", "author": {"@id": {"a": 1}}})
    html = page(head=f'<script type="application/ld+json">{data}</script>')
    assert extract_article(html).author is None
