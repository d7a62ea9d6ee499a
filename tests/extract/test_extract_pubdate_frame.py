"""Publication dates a page states outside the usual places: its frame, its layout, its
other dates."""

from __future__ import annotations

from datetime import date

from broadsheet.extract.visible import find_dates
from tests.extract.metakit import FILLER, HEADLINE, day, linked, meta

# About 475 characters of standfirst with no date and no name in it.
STANDFIRST = (
    "The board met on a wet evening to settle a question that has split the port for years: "
    "whether the channel should be deepened before the new cranes arrive, or whether the "
    "money would do more good spent on the quays and the rail link that feeds them. Members "
    "heard from pilots, from the dock workers and from the fishing co-operative, whose boats "
    "use the same water and who fear the spoil will foul their grounds. In the end the vote "
    "was closer than anyone had expected it to be."
)


def page(head: str = "", body: str = "", frame: str = "") -> str:
    return (
        f"<html><head><title>{HEADLINE} | Port Gazette</title>{head}</head>"
        f"<body{frame}><article>{body}{FILLER}</article></body></html>"
    )


def test_a_date_on_the_pages_frame_is_declared_like_a_meta_tag() -> None:
    head = linked(datePublished="2022-10-05T09:00:00Z")
    body = f"<h1>{HEADLINE}</h1>"
    assert day(page(head, body)) is None  # JSON-LD alone, nothing printed
    framed = page(head, body, ' data-pubdate="2022-10-05" data-lastmod="2025-12-02"')
    assert day(framed) == date(2022, 10, 5)
    assert day(page(head, body, ' data-pubdate="soon"')) is None


def test_the_date_window_starts_after_a_headline_printed_twice() -> None:
    body = f"<div>{HEADLINE}</div><h1>{HEADLINE}</h1><p>{STANDFIRST}</p><p>May 2, 2024</p>"
    assert day(page(body=body)) == date(2024, 5, 2)


def test_without_an_h1_the_first_h2_heads_the_page() -> None:
    body = (
        "<h2>Dredging the channel: what the board decided and why it matters</h2>"
        f"<p>Lena Marsh</p><p>December 17, 2025</p>{STANDFIRST}"
    )
    assert day(page(body=body)) == date(2025, 12, 17)


def test_an_ambiguous_numeric_date_follows_the_order_of_its_neighbours() -> None:
    days = [d.date() for _, d in find_dates("12/17/2025 News 03/01/2017")]
    assert days == [date(2025, 12, 17), date(2017, 3, 1)]
    days = [d.date() for _, d in find_dates("17/12/2025 News 03/01/2017")]
    assert days == [date(2025, 12, 17), date(2017, 1, 3)]
    mixed = "17/12/2025 and 12/17/2025 News 03/01/2017"
    assert [d.date() for _, d in find_dates(mixed)] == [date(2025, 12, 17)] * 2


def test_a_sidebar_time_element_yields_to_the_date_under_the_headline() -> None:
    sidebar = '<aside><time datetime="2025-01-31T12:00:00Z">01/31/2025</time></aside>'
    assert day(page(body=f"{sidebar}<h1>{HEADLINE}</h1><p>March 1, 2017</p>")) == date(2017, 3, 1)
    teaser = f'<div><time datetime="2025-01-31T12:00:00Z">01/31/2025</time> {STANDFIRST}</div>'
    assert day(page(body=f"{teaser}<h1>{HEADLINE}</h1><p>March 1, 2017</p>")) == date(2017, 3, 1)
    # the <time> printed under the headline is the article's, whatever day its text shows
    own = f'<h1>{HEADLINE}</h1><time datetime="2024-12-20">August 28, 2024</time>'
    assert day(page(body=own)) == date(2024, 12, 20)


def test_a_meta_date_newer_than_the_byline_date_is_a_restamp() -> None:
    head = meta("article:published_time", "2024-08-07T12:01:51Z")
    byline = f"<h1>{HEADLINE}</h1><p>Lena Marsh · 7 min read · Dec 30, 2013</p>"
    assert day(page(head, byline)) == date(2013, 12, 30)
    # a newer printed day may be an edit: the declared day stands
    newer = f"<h1>{HEADLINE}</h1><p>Lena Marsh · 7 min read · Dec 30, 2025</p>"
    assert day(page(head, newer)) == date(2024, 8, 7)
    # the page prints the declared day by the headline: it stands
    both = f"<p>August 7, 2024</p><h1>{HEADLINE}</h1><p>The vote on Dec 30, 2013</p>"
    assert day(page(head, both)) == date(2024, 8, 7)
