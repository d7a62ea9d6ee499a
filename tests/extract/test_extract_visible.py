"""Dates and bylines as printed beside the headline, in several languages; nothing invented."""

from __future__ import annotations

from datetime import date

import pytest

from broadsheet.extract import extract_article
from broadsheet.extract.visible import find_dates, shown_byline

BODY = "".join(
    f"<p>Paragraph {n}: the harbour authority said on Monday that the new pier, which cost "
    f"more than expected, would open to ferries and fishing boats within the year.</p>"
    for n in range(6)
)


@pytest.mark.parametrize(
    "text,day",
    [
        ("Last updated: August 19, 2025", date(2025, 8, 19)),
        ("Published 3rd Feb 2024 at noon", date(2024, 2, 3)),
        ("19. August 2025, 10:00 Uhr", date(2025, 8, 19)),
        ("19 de agosto de 2025", date(2025, 8, 19)),
        ("Publicado em 5 de março de 2024", date(2024, 3, 5)),
        ("19 августа 2025 года", date(2025, 8, 19)),
        ("2025年8月19日 10時", date(2025, 8, 19)),
        ("2025년 8월 19일", date(2025, 8, 19)),
        ("2025-08-19T10:00", date(2025, 8, 19)),
        ("09/25/2025", date(2025, 9, 25)),
        ("25.09.2025", date(2025, 9, 25)),
    ],
)
def test_written_dates_are_read(text: str, day: date) -> None:
    assert [d.date() for _, d in find_dates(text)] == [day]


def test_ambiguous_and_impossible_dates_are_not_guessed() -> None:
    assert find_dates("05/06/2024") == []
    assert find_dates("February 30, 2024") == []
    assert find_dates("Room 12 of 2024 visitors") == []


def test_byline_names_the_writer_not_the_labels() -> None:
    assert shown_byline(["Harbour pier opens", "By Jane Doe | June 3, 2024"]) == "Jane Doe"
    assert shown_byline(["Written by", "Ana Pérez", "Updated"]) == "Ana Pérez"
    assert shown_byline(["By", "Updated on"]) is None
    assert shown_byline(["Disclosure: we may earn a commission"]) is None


def test_shown_date_beats_a_stale_declared_one() -> None:
    html = (
        "<html><head><title>Harbour pier opens | Coast News</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2021-01-01T00:00:00Z"}</script>'
        "</head><body><article><h1>Harbour pier opens</h1>"
        f"<p class='meta'>By Jane Doe · March 4, 2024</p>{BODY}</article></body></html>"
    )
    article = extract_article(html)
    assert article.published is not None and article.published.date() == date(2024, 3, 4)
    assert article.author == "Jane Doe"


def test_page_without_any_date_gives_none() -> None:
    html = f"<html><body><article><h1>Harbour pier opens</h1>{BODY}</article></body></html>"
    assert extract_article(html).published is None


def test_a_writer_shown_on_the_page_beats_the_publisher_declared_as_author() -> None:
    head = (
        "<html><head><title>Harbour pier opens</title>"
        '<meta property="og:site_name" content="Coast News">'
        '<meta name="author" content="Coast News"></head>'
    )
    named = f'{head}<body><article><h1>Harbour pier opens</h1><p class="authorName">Ria Holm</p>'
    assert extract_article(f"{named}{BODY}</article></body></html>").author == "Ria Holm"
    # with no writer printed, the publisher the page declares is the author it gives
    bare = f"{head}<body><article><h1>Harbour pier opens</h1>{BODY}</article></body></html>"
    assert extract_article(bare).author == "Coast News"
