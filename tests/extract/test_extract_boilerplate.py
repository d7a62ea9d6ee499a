"""News furniture is stripped, the article is neither cut short nor missing its lede."""

from __future__ import annotations

from broadsheet.extract import extract_article

LEDE = (
    "The city council approved a new transport plan on Monday after a debate that lasted "
    "more than six hours and drew hundreds of residents to the town hall."
)
PARAGRAPHS = [
    f"Paragraph {n}: councillors argued over bus lanes, cycle routes and the cost of extending "
    f"the tram line to the eastern suburbs, which officials put at several million euros."
    for n in range(1, 7)
]
LAST = (
    "The plan now goes to the regional authority, which is expected to decide before the end "
    "of the year whether to contribute to the cost of the tram extension."
)


def news_page() -> str:
    middle = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    rest = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    return f"""<html lang="en"><head><title>Council approves transport plan | City Times</title>
    <meta property="og:title" content="Council approves transport plan"></head><body>
    <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
    </header>
    <main><article>
      <h1>Council approves transport plan</h1>
      <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
      <div class="article-body">
        <p>{LEDE}</p>
        {middle}
        <div class="ad-slot">Advertisement<p>STORY CONTINUES BELOW THIS AD</p></div>
        <p>Also read: Mayor promises cheaper parking in 2025</p>
        <p><a href="/more">Read more</a></p>
        {rest}
        <p>{LAST}</p>
        <p>Photo credit: Jane Smith / City Times</p>
      </div>
      <div class="newsletter">Sign up for our morning newsletter and get the news in your inbox.
        <form><input type="email"><button>Subscribe</button></form></div>
      <div class="related-articles"><h3>More from World</h3><ul>
        <li><a href="/a">Floods hit the north as rivers burst their banks again</a></li>
        <li><a href="/b">Elections: what the polls say one week before the vote</a></li>
      </ul></div>
    </article></main>
    <footer>© 2024 City Times. All rights reserved. <a href="/privacy">Privacy</a></footer>
    </body></html>"""


def test_furniture_is_removed_and_body_is_whole() -> None:
    article = extract_article(news_page(), url="https://citytimes.example/news/transport")
    text = article.text
    assert text.startswith(LEDE)
    assert text.rstrip().endswith(LAST)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    for furniture in (
        "Share on", "Advertisement", "STORY CONTINUES", "Also read", "Read more", "Photo credit",
        "newsletter", "Subscribe", "More from World", "Floods hit", "Privacy", "©", "Home",
    ):  # fmt: skip
        assert furniture not in text, furniture
        assert furniture not in article.html, furniture
    assert article.title == "Council approves transport plan"
    assert "Council approves transport plan" not in text


def test_a_byline_line_at_the_top_of_the_body_is_metadata_not_text() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs

    lede = "By the time police arrived, the crowd had gone, and the square was quiet again."
    kept, _ = clean_paragraphs(
        ["By Harbour Herald staff, December 21, 2020 09:09 UTC", lede, "More text."], "Title"
    )
    assert kept == [lede, "More text."]
    late, _ = clean_paragraphs(["One.", "Two.", "Three.", "By Ann Reporter"], "Title")
    assert late[-1] == "By Ann Reporter", "only a leading byline line is dropped"


def test_caption_labels_timestamps_and_contact_lines_are_furniture() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs

    prose = "The plan was approved after a long debate, officials said on Tuesday evening."
    kept, dropped = clean_paragraphs(
        [
            "Ann Reporter, AP Transport Writer",
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
            prose,
            "Caption",
            "Close",
            "Commuters wait for a tram in the city centre (Image: GETTY)",
            "ann.reporter@example.com",
            "twitter.com/annreporter",
        ],
        "Council approves plan",
        "Ann Reporter",
    )
    assert kept == [prose]
    assert "caption" in dropped


def test_a_related_section_takes_its_headlines_along_but_not_the_prose_after() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs

    after = "Back in the chamber, the vote was carried by nine votes to four, the clerk said."
    kept, _ = clean_paragraphs(
        [
            "First paragraph of the story, which is long enough to be prose for sure.",
            "Related articles",
            "Floods hit the north as rivers burst their banks",
            "Elections: what the polls say one week before the vote",
            after,
        ],
        "Title",
    )
    assert kept[-1] == after and len(kept) == 2


def test_a_tail_label_after_the_article_ends_it_with_its_long_teasers() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs, drop_blocks

    story = [
        "The council approved the transport plan on Tuesday after a debate that ran for hours, "
        "with members split over the cost of the new tram line and its route.",
        "Work on the first section is due to start next spring, the council said, and the "
        "line should open to passengers within four years if funding holds.",
        "Residents near the depot said they welcomed the plan but feared the noise of works, "
        "and asked for a limit on night shifts.",
    ]
    teaser = (
        "Long in the shadow of the capital, a new contender is rising in the mountains, built "
        "around the marvel of its national parks and a growing airport."
    )
    tail = ["Read This Next", teaser, "ICYMI: In case you missed it"]
    kept, dropped = clean_paragraphs([*story, *tail], "Title")
    assert kept == story
    assert "read this next" in dropped and teaser.casefold() in dropped
    html = "".join(f"<p>{p}</p>" for p in [*story, "Read This Next", teaser])
    assert teaser not in drop_blocks(html, dropped) and story[0] in drop_blocks(html, dropped)


def test_a_tail_label_at_the_top_or_a_related_label_mid_article_does_not_end_it() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs

    prose = "Back in the chamber, the vote was carried by nine votes to four, the clerk said."
    kept, _ = clean_paragraphs(["Latest news", prose, prose + " Again."], "Title")
    assert kept == ["Latest news", prose, prose + " Again."], "no article before it: a heading"
    long_story = [prose * 3, "Related articles", "Floods hit the north", prose + " Later."]
    kept, _ = clean_paragraphs(long_story, "Title")
    assert kept == [prose * 3, prose + " Later."], "news pages put related links mid-article"


def test_a_long_paragraph_repeated_word_for_word_is_kept_once() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs

    long = "A guide on how much to charge for yoga classes, with average costs. " * 5
    short = "Verdict"
    kept, dropped = clean_paragraphs([long, short, "Other text.", long, short], "Title")
    assert kept == [long, short, "Other text.", short]
    assert not dropped, "the HTML keeps its first copy: the repeat is not dropped by text"


def test_read_more_after_an_item_does_not_swallow_the_next_item() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs

    items = [
        "Read More",
        "National Student Support Accelerator",
        "Read More",
        "Results for America",
    ]
    kept, _ = clean_paragraphs(["A resource list follows below, with links.", *items], "Title")
    assert "Results for America" in kept and "National Student Support Accelerator" in kept


def test_numeric_datelines_clock_bylines_inbox_promos_and_cjk_sections_are_furniture() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs

    prose = "The plan was approved after a long debate, officials said on Tuesday evening."
    kept, _ = clean_paragraphs(
        [
            "05/10/2018 - Publicado por: Ann Reporter - Categoria: Saúde",  # ambiguous day/month
            "By Ann Reporter, Bo Writer on Monday, November 18th, 2019 at 11:08 a.m.",
            prose,
            "Let our news meet your inbox. The stories that matter, delivered weekday mornings.",
            "This article is exclusive to Gazette+ subscribers",
            "Already have an account? Log in",
            "こちらの記事も合わせてどうぞ",
            "2016年08月03日",
        ],
        "Council approves plan",
    )
    assert kept == [prose]
    late, _ = clean_paragraphs(["One.", "Two.", "Three.", "05/10/2018 - Ann"], "Title")
    assert late[-1] == "05/10/2018 - Ann", "only a leading dateline is dropped"


def test_photo_credit_paragraphs_go_and_prose_about_a_photo_stays() -> None:
    credits = [
        "Harbour master Lena Marsh Image: Portwatcher.",
        "Dredgers at work off the east pier.Image: Tom Vale.",
        "Photo: Reuters",
        "(AP Photo/Jane Roe)",
        "Photograph: John Doe/Getty Images",
        "Councillors leave the chamber after the vote. (AP Photo/Jane Roe, File)",
    ]
    prose = [
        "She kept one photo: it was the harbour as her grandfather had known it.",
        "The image of the old pier, printed on every leaflet, won the campaign many votes.",
        "Reference Image: a flattened export of the plan that the council circulated.",
    ]
    body = "".join(f"<p>{p}</p>" for p in [PARAGRAPHS[0], *credits[:3], *prose])
    body += "".join(f"<p>{p}</p>" for p in [*PARAGRAPHS[1:], *credits[3:], LAST])
    html = (
        "<html><head><title>Council approves transport plan</title></head><body><article>"
        f"<h1>Council approves transport plan</h1><p>{LEDE}</p>{body}</article></body></html>"
    )
    article = extract_article(html)
    for kept in (LEDE, *PARAGRAPHS, *prose, LAST):
        assert kept in article.text, kept
    for credit in credits:
        assert credit not in article.text, credit
        assert credit not in article.html, credit


def test_a_credit_label_inside_a_sentence_is_not_a_credit() -> None:
    from broadsheet.extract.boilerplate import clean_paragraphs

    lines = [
        "The council published one picture: Harbour Road at dawn.",  # label in lower case
        "Best telephoto: Nikon Z 400mm",  # the label is part of a longer word
        "Its cover picture: a gull on the old pier, as the archive holds it.",  # no name
    ]
    kept, dropped = clean_paragraphs(lines, "Title")
    assert kept == lines and not dropped
