"""Smaller cues pages give for their headline, writer and day, and what they do not mean."""

from __future__ import annotations

from datetime import date

from broadsheet.extract import extract_article
from tests.extract.metakit import FILLER, day, meta


def page(
    head: str = "",
    under: str = "",
    h1: str = "<h1>Harbour board backs dredging</h1>",
    title: str = "Harbour board backs dredging | Port Gazette",
    tail: str = "",
) -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body><article>{h1}{under}{FILLER}{tail}</article></body></html>"
    )


# Headlines


def test_the_one_h1_that_reads_as_a_headline_wins_among_several() -> None:
    html = (
        "<html><head><title>Retirement Calculators 2025 | Money Notes</title></head><body>"
        "<div><h1>A Practical Guide to Retirement Calculators in 2025</h1>"
        f"{FILLER}</div><aside><h1>Free Email Course</h1></aside></body></html>"
    )
    title = extract_article(html).title
    assert title == "A Practical Guide to Retirement Calculators in 2025"


def test_a_section_h1_in_the_frame_yields_to_the_h1_the_page_title_names() -> None:
    html = (
        "<html><head><title>Packing Tips Guide</title>"
        f"{meta('og:title', 'Packing Tips Guide')}</head><body>"
        f"<article><h1>Blog</h1><h1>Packing Tips Guide</h1>{FILLER}</article></body></html>"
    )
    assert extract_article(html).title == "Packing Tips Guide"


def test_an_h1_garbled_by_a_wrong_character_set_takes_the_declared_spelling() -> None:
    h1 = "<h1>Event Planning Basics? A Beginner? Guide</h1>"
    head = meta("og:title", "Event Planning Basics: A Beginner's Guide")
    assert extract_article(page(head, h1=h1)).title == "Event Planning Basics: A Beginner's Guide"


def test_a_blog_name_the_title_prints_before_a_colon_is_not_the_headline() -> None:
    html = (
        "<html><head><title>Harbour Data Notes: Small adventures with small boats</title>"
        f"{meta('og:title', 'Small adventures with small boats')}</head><body>"
        f"<header><h1>Harbour Data Notes</h1></header><div>{FILLER}</div></body></html>"
    )
    assert extract_article(html).title == "Small adventures with small boats"


def test_a_blog_name_h1_yields_to_the_page_title() -> None:
    html = (
        "<html><head><title>Progress report number 39 on the parser</title></head><body>"
        f"<header><h1>Jo's Notebook</h1></header><div>{FILLER}</div></body></html>"
    )
    assert extract_article(html).title == "Progress report number 39 on the parser"


def test_a_host_name_after_the_page_title_is_dropped() -> None:
    html = page(h1="", title="GAME CHANGER | shop.example.com")
    assert extract_article(html).title == "GAME CHANGER"


def test_a_section_label_before_the_headline_in_the_h1_is_dropped() -> None:
    h1 = "<h1>Blog: Best harbour dredging contractors of 2025 (ranked)</h1>"
    head = meta("og:title", "Best harbour dredging contractors of 2025 (ranked) | Port Gazette")
    title = extract_article(page(head, h1=h1)).title
    assert title == "Best harbour dredging contractors of 2025 (ranked)"


def test_a_colon_inside_the_headline_is_kept() -> None:
    h1 = "<h1>Dredging: what the harbour board decided and why</h1>"
    head = meta("og:title", "Dredging: what the harbour board decided and why")
    title = extract_article(page(head, h1=h1)).title
    assert title == "Dredging: what the harbour board decided and why"


# Writers


def test_a_link_to_an_authors_page_is_a_byline() -> None:
    under = '<p><a href="/blog/authors/ana-silva">Ana Silva</a></p>'
    assert extract_article(page(under=under)).author == "Ana Silva"


def test_a_dotted_login_is_a_name_but_a_host_name_is_not() -> None:
    login = '<meta name="author" content="ana.m.silva">'
    host = '<meta name="author" content="www.portgazette.example">'
    assert extract_article(page(login)).author == "ana.m.silva"
    assert extract_article(page(host)).author is None


def test_a_printed_byline_wins_over_a_declared_writer_the_page_never_names() -> None:
    head = '<meta name="author" content="Lan Tran">'
    tail = FILLER * 2 + "<p>By Fitlab Team</p>"
    assert extract_article(page(head, tail=tail)).author == "Fitlab Team"


def test_a_declared_writer_keeps_the_role_the_byline_prints_after_a_comma() -> None:
    head = '<meta name="author" content="Mark Hollis">'
    under = '<div class="post-byline"><a href="/about">Mark Hollis, Shipping Expert</a></div>'
    assert extract_article(page(head, under)).author == "Mark Hollis, Shipping Expert"


def test_a_byline_may_name_a_studio_whose_name_starts_with_a_digit() -> None:
    assert extract_article(page(under="<p>By 3d Harbour Studio</p>")).author == "3d Harbour Studio"
    assert extract_article(page(under="<p>By 1st May</p>")).author is None


def test_a_company_or_university_in_the_author_field_is_no_writer() -> None:
    company = '<meta name="author" content="Harbour Dredging Inc">'
    college = '<meta name="author" content="Northshore Maritime University">'
    assert extract_article(page(company)).author is None
    assert extract_article(page(college)).author is None
    byline = '<div class="post-byline"><a href="/about">Mark Hollis</a></div>'
    assert extract_article(page(company, byline)).author == "Mark Hollis"
    assert extract_article(page('<meta name="author" content="Incra Pelt">')).author == "Incra Pelt"
    affiliated = '<meta name="author" content="Ada Kerr, Northshore Maritime University">'
    assert extract_article(page(affiliated)).author == "Ada Kerr, Northshore Maritime University"


def test_the_reviewer_on_a_by_line_after_medically_reviewed_is_not_the_writer() -> None:
    under = (
        "<p>Medically reviewed <span>by</span> <a>Kim Rowe, RDN</a></p>"
        "<p>Written by <a>Jill Kubo, MS, RD</a></p>"
    )
    assert extract_article(page(under=under)).author == "Jill Kubo, MS, RD"


def test_a_by_line_ending_a_sentence_is_no_byline() -> None:
    under = "<p>The figures were compiled <em>by Insurance Weekly Review.</em></p>"
    assert extract_article(page(under=under)).author is None


def test_a_name_before_the_section_it_writes_in_is_a_byline() -> None:
    under = '<p>Dec 26, 2025</p><p>•</p><p>Rina Bose in <a href="/c/pm">Planning</a></p>'
    assert extract_article(page(under=under)).author == "Rina Bose"


def test_a_byline_card_gives_the_name_without_the_role_printed_under_it() -> None:
    under = (
        '<a class="card-author-name" href="/team/tom"><h2>Tom Vine</h2><div>Head Brewer</div></a>'
    )
    assert extract_article(page(under=under)).author == "Tom Vine"


def test_the_paper_a_syndicated_story_came_from_is_not_a_writer() -> None:
    head = '<meta name="author" content="Ravi Menon and Jo Park, The Harbour Courier">'
    assert extract_article(page(head)).author == "Ravi Menon and Jo Park"


# Days


def test_the_date_in_the_articles_own_footer_is_read_but_not_the_pages_footer() -> None:
    html = (
        "<html><head><title>Harbour board backs dredging</title></head><body><article>"
        f"<h1>Harbour board backs dredging</h1><footer><span>March 30, 2023</span></footer>"
        f"{FILLER}</article><footer>Site updated May 2, 2024</footer></body></html>"
    )
    assert day(html) == date(2023, 3, 30)
    assert day(html.replace("<span>March 30, 2023</span>", "")) is None


def test_a_meta_date_written_out_in_words_is_read() -> None:
    head = '<meta name="published" content="July 17, 2025">'
    assert day(page(head)) == date(2025, 7, 17)


def test_a_dated_path_that_spells_the_month_out_is_read() -> None:
    head = meta("og:url", "https://gazette.example/blog/2023/october/03/dredging")
    assert day(page(head)) == date(2023, 10, 3)


def test_a_time_element_that_prints_only_a_month_gives_no_day() -> None:
    month = '<p><time datetime="2025-04-14T12:00:00Z">April 2025</time></p>'
    whole = '<p><time datetime="2025-04-14T12:00:00Z">April 14, 2025</time></p>'
    assert day(page(under=month)) is None
    assert day(page(under=whole)) == date(2025, 4, 14)


def test_posted_on_the_day_is_a_published_label() -> None:
    tail = FILLER + "<p>Posted on the 15/12/2025 at 19:00</p>"
    assert day(page(tail=tail)) == date(2025, 12, 15)


def test_originally_published_wins_over_the_date_under_the_headline() -> None:
    under = "<p>30 Sep 2022</p>"
    tail = "<p>This article was originally published on 26 Sep 2019 and updated since.</p>"
    assert day(page(under=under, tail=tail)) == date(2019, 9, 26)


def test_a_written_by_line_with_its_date_under_the_body() -> None:
    tail = FILLER + "<p>Written by Omar Fields and Kate Shore April 8, 2024</p>"
    assert day(page(tail=tail)) == date(2024, 4, 8)


def test_a_published_label_further_down_yields_to_the_bylines_own_date() -> None:
    under = (
        "<p>by Amelia · Dec 20, 2025</p><p>This week's book is a gothic romance.</p>"
        "<p>Published June 17, 2025 by a small press.</p>"
    )
    assert day(page(under=under)) == date(2025, 12, 20)
