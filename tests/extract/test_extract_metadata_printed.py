"""Bylines, headlines and dates as pages print them when their metadata is thin or stale."""

from __future__ import annotations

from datetime import date

from broadsheet.extract import extract_article
from broadsheet.extract.visible import find_dates
from tests.extract.metakit import day, linked, meta, page


def author(html: str) -> str | None:
    return extract_article(html).author


# --- bylines -------------------------------------------------------------------------------


def test_an_author_box_gives_the_name_on_its_first_line_not_the_bio() -> None:
    box = (
        '<div class="post-author-box"><div>Lena Marsh</div>'
        "<div>Lena Marsh covers ports and shipping for the gazette.</div></div>"
    )
    assert author(page().replace("</article>", f"{box}</article>")) == "Lena Marsh"


def test_an_author_element_with_a_date_after_the_name() -> None:
    assert author(page(under='<div class="at-author">Lena Marsh | May 2, 2024</div>')) == (
        "Lena Marsh"
    )


def test_an_author_element_that_is_a_heading_is_not_a_name() -> None:
    box = '<div class="author-spotlight"><h3>Meet Our Author Team</h3></div>'
    assert author(page().replace("</article>", f"{box}</article>")) is None


def test_a_team_credited_by_name() -> None:
    assert author(page(under="<p>By</p><p>The Gazette Editors</p>")) == "The Gazette Editors"
    assert author(page(under="<p>By the Gazette Team</p>")) == "the Gazette Team"


def test_a_name_on_its_own_line_before_the_date_under_the_headline() -> None:
    assert author(page(under="<div>Lena Marsh</div><div>23.07.2025</div>")) == "Lena Marsh"
    assert author(page(under="<div>Nick van Mead</div><div>Tech Writer</div>")) == "Nick van Mead"


def test_a_name_beside_the_date_with_a_dot_between() -> None:
    assert author(page(under="<div>Dec. 19, 2025 · Lena Marsh</div>")) == "Lena Marsh"
    split = "<div><span>2025-12-17</span><span>·</span><span>Lena Marsh</span></div>"
    assert author(page(under=split)) == "Lena Marsh"


def test_a_category_after_the_date_is_not_a_name() -> None:
    assert author(page(under="<div>December 16, 2025</div><div>Vibe Coding</div>")) is None


def test_every_writer_of_a_byline_printed_name_by_name() -> None:
    shown = "<div>Written by <a>Dr Ann Lee</a>, <a>Bo Park</a> &amp; <a>Erik van Vulpen</a></div>"
    assert author(page(under=shown)) == "Dr Ann Lee, Bo Park & Erik van Vulpen"
    role = "<div>By <a>Ann Lee</a>, <span>Senior Editor</span></div>"
    assert author(page(under=role)) == "Ann Lee"


def test_a_writer_known_by_a_user_name() -> None:
    assert author(page(under="<div>by</div><a>jsteinhardt</a>")) == "jsteinhardt"


def test_names_under_an_author_heading() -> None:
    box = (
        "<aside><h6>Author(s)</h6><ul><li><a>John A. Alic</a></li><li><a>David C. Mowery</a>"
        "</li></ul></aside>"
    )
    html = page().replace("</article>", f"</article>{box}")
    assert author(html) == "John A. Alic, David C. Mowery"


def test_the_publisher_credited_with_a_company_suffix_gives_way_to_the_byline() -> None:
    head = meta("og:site_name", "Port Gazette")
    head += linked(author={"@type": "Organization", "name": "Port Gazette Ltd"})
    assert author(page(head, "<p>By Lena Marsh</p>")) == "Lena Marsh"


def test_a_declared_login_name_gives_way_to_the_printed_name() -> None:
    head = '<meta name="author" content="shopwithselect">'
    shown = '<div class="byline"><a href="/author/lena">Lena Marsh Tech Reporter</a></div>'
    assert author(page(head, shown)) == "Lena Marsh"


def test_role_words_after_a_name_are_dropped() -> None:
    assert author(page('<meta name="author" content="Lena Marsh, Journalist">')) == "Lena Marsh"


def test_a_declared_author_that_is_not_a_name_is_left_out() -> None:
    ld = linked(author=[{"name": "Lena Marsh"}, {"name": "South Port Garden Network on Facebook"}])
    assert author(page(ld)) == "Lena Marsh"


# --- headlines -----------------------------------------------------------------------------


def test_a_headline_shown_in_the_h1_wins_over_a_different_declared_title() -> None:
    head = meta("og:title", "Dredging plan approved")
    h1 = "Harbour board backs the dredging plan after a long night"
    html = page(head, h1=h1).replace("<article>", "<div>").replace("</article>", "</div>")
    assert extract_article(html).title == h1
    short = page(head, h1="Port news").replace("<article>", "<div>")
    assert extract_article(short.replace("</article>", "</div>")).title == (
        "Dredging plan approved"
    )


def test_a_headline_that_mentions_a_short_site_name_is_the_headline() -> None:
    head = meta("og:site_name", "SELF") + meta("og:title", "The Best Oral Care Products")
    h1 = "The 2024 SELF Beauty Awards: The Best Oral Care Products"
    assert extract_article(page(head, h1=h1)).title == h1


def test_the_site_name_after_the_headline_in_the_h1_is_dropped() -> None:
    head = meta("og:site_name", "Artlyst")
    html = page(head, h1="Best UK Art Exhibitions 2025 - Artlyst")
    assert extract_article(html).title == "Best UK Art Exhibitions 2025"


def test_a_site_name_that_is_the_page_title_is_not_the_site() -> None:
    full = "How to Design a Website: a Complete Guide | Clay"
    head = meta("og:site_name", full) + meta("og:title", full)
    html = page(head, h1="How to Design a Website: a Complete Guide")
    assert extract_article(html).title == "How to Design a Website: a Complete Guide"


def test_a_date_printed_before_the_headline_in_the_h1_is_dropped() -> None:
    html = page(h1="Dec 18 2025 Preparing a transition in the harbour")
    assert extract_article(html).title == "Preparing a transition in the harbour"


def test_a_headline_split_inside_a_word_by_its_styling_is_read_whole() -> None:
    h1 = "How the board cut its <span>P</span>lanning cycle to two days"
    html = page(h1=h1).replace(
        "<title>Harbour board backs dredging | Port Gazette</title>",
        "<title>How the board cut its Planning cycle to two days</title>",
    )
    assert extract_article(html).title == "How the board cut its Planning cycle to two days"


# --- dates ---------------------------------------------------------------------------------


def test_other_names_of_the_publication_date_meta_tag() -> None:
    head = '<meta name="published-date" content="2021-02-16">'
    head += '<meta name="modified-date" content="2024-07-30">'
    assert day(page(head)) == date(2021, 2, 16)


def test_deadlines_and_ranges_are_not_the_publication_date() -> None:
    assert day(page(under="<p>This estimate is valid through 01/23/2026.</p>")) is None
    assert day(page(under="<p>DATE: 2025-12-12 - 2025-12-17</p>")) is None
    assert day(page(under="<p>Offer valid from January 16, 2025</p>")) is None
    both = "<p>August 16, 2019 - Updated July 9, 2025</p>"
    assert day(page(under=both)) == date(2019, 8, 16)


def test_a_printed_date_and_its_time_element_outvote_a_stale_meta_date() -> None:
    head = meta("article:published_time", "2013-03-11T11:11:07-07:00")
    shown = '<time datetime="2023-03-20T00:00:00-07:00">March 20, 2023</time>'
    assert day(page(head, shown)) == date(2023, 3, 20)
    # a day apart is the time zone's doing: the declared date stands
    near = '<time datetime="2013-03-10T20:00:00-07:00">March 10, 2013</time>'
    assert day(page(head, near)) == date(2013, 3, 11)


def test_a_heading_that_starts_with_author_is_not_a_byline() -> None:
    spotlight = page().replace("</article>", "<h3>Author Spotlight</h3></article>")
    assert author(spotlight) is None
    assert author(page(under="<p>Author: Lena Marsh</p>")) == "Lena Marsh"


def test_a_numeric_date_whose_day_is_its_month_is_not_ambiguous() -> None:
    assert [d.date() for _, d in find_dates("By the editors 12.12.2025")] == [date(2025, 12, 12)]
    assert find_dates("05/11/2019") == []  # day-first or month-first: still skipped


def test_a_name_between_the_date_and_the_headline() -> None:
    html = page().replace("<h1>", "<div>Dec 17, 2025</div><div>Lena Marsh</div><h1>")
    assert author(html) == "Lena Marsh"
