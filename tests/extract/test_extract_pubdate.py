"""Publication date, byline and headline choices: declared metadata weighed against the page."""

from __future__ import annotations

import json
from datetime import date

from broadsheet.extract import extract_article
from tests.extract.metakit import FILLER, day, linked, page


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
    assert day(page(under=shown)) == date(2025, 2, 14)


def test_printed_date_by_the_headline_is_used_without_metadata() -> None:
    assert day(page(under="<p>Jan 9, 2022 · 4 min read</p>")) == date(2022, 1, 9)


def test_a_date_in_the_prose_far_from_the_headline_is_not_the_page_date() -> None:
    tail = FILLER * 2 + "<p>The last survey was on July 4, 2019.</p>"
    html = page(under=tail)
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


def test_a_yoast_graph_names_its_author_by_reference_after_the_web_page() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "https://p.example/#page", "datePublished": "2025-01-08"},
            {
                "@type": "BlogPosting",
                "headline": "Harbour board backs dredging",
                "author": {"@id": "https://p.example/#/person/ahmet"},
            },
            {"@type": "Person", "@id": "https://p.example/#/person/ahmet", "name": "Ahmet Serhan"},
        ],
    }
    html = page(f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    assert extract_article(html).author == "Ahmet Serhan"
    card = '<meta name="twitter:label1" content="Written by">'
    card += '<meta name="twitter:data1" content="Lisa Pham">'
    assert extract_article(page(card)).author == "Lisa Pham"


def test_several_writers_are_given_as_the_page_prints_them() -> None:
    ld = linked(author=[{"name": "Jared Newman"}, {"name": "Sam Singleton"}])
    shown = "<div>By <span>Jared Newman</span> and <span>Sam Singleton</span></div>"
    assert extract_article(page(ld, shown)).author == "Jared Newman and Sam Singleton"


def test_labels_dates_and_prose_are_not_bylines() -> None:
    for shown in (
        "<p>By focusing on tonnage the board won the vote.</p>",
        '<p class="author">Sat</p>',
    ):
        assert extract_article(page("", shown)).author is None
    tagged = '<p class="author">Personal finance</p>'
    assert extract_article(page("", tagged)).author is None


def test_a_shown_updated_date_is_the_date_when_no_publication_date_is_given() -> None:
    html = page(linked(datePublished="2024-01-29"), "<p>Last updated: August 19, 2025</p>")
    assert day(html) == date(2025, 8, 19)
    # a published date the page prints still wins over its updated one
    both = "<p>March 2, 2025</p><p>Updated August 19, 2025</p>"
    assert day(page(linked(datePublished="2025-03-02"), both)) == date(2025, 3, 2)
    # and so does a declared display date (article:published_time)
    meta = '<meta property="article:published_time" content="2025-03-02">'
    assert day(page(meta, "<p>Updated August 19, 2025</p>")) == date(2025, 3, 2)


def test_a_labelled_publication_date_under_the_body_counts() -> None:
    html = page("", "").replace("</article>", f"{FILLER}<p>Posted on April 13, 2023</p></article>")
    assert day(html) == date(2023, 4, 13)
    prose = page("").replace(
        "</article>", f"{FILLER}<p>The pier closed on April 13, 2023.</p></article>"
    )
    assert day(prose) is None


def test_a_truncated_schema_headline_gives_way_to_the_whole_title() -> None:
    whole = "Harbour board backs dredging after a long night of talks (and one surprise vote)"
    head = linked(headline=whole[:60]) + f'<meta property="og:title" content="{whole}">'
    html = page(head, h1="Port news")
    assert extract_article(html).title == whole


def test_a_written_by_line_under_the_body_names_the_writer() -> None:
    html = page().replace("</article>", "<p>Written by</p><p>Cassidy Horton</p></article>")
    assert extract_article(html).author == "Cassidy Horton"
    labels = page("", '<p class="author">Category</p>')
    assert extract_article(labels).author is None


def test_a_commenter_is_not_the_writer() -> None:
    comments = (
        '<section id="comments"><div class="comment-author vcard">Mara Quist</div>'
        "<p>Dredging will ruin the beach.</p></section>"
    )
    html = page().replace("</article>", f"</article>{comments}")
    assert extract_article(html).author is None
    named = page("", '<span class="post-author">Ria Holm</span>')
    assert (
        extract_article(named.replace("</article>", f"</article>{comments}")).author == "Ria Holm"
    )


def test_a_papers_authors_all_in_reading_order() -> None:
    tags = "".join(
        f'<meta name="citation_author" content="{n}">'
        for n in ("Roy, Aniruddha", "Patel, Jyoti", "Doe, PhD")
    )
    assert extract_article(page(tags)).author == "Aniruddha Roy, Jyoti Patel, Doe, PhD"


def test_many_other_labels_do_not_hide_a_published_label_further_down() -> None:
    """Each label is searched on its own: seventy "Released" must not use up the search."""
    noise = "<p>" + " ".join(["RELEASED"] * 70) + "</p>"
    tail = f"{noise}<p>Published on May 2, 2024</p></article>"
    html = page().replace("</article>", tail)
    assert day(html) == date(2024, 5, 2)
