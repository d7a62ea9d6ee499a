"""The native main-content finder: split bodies, furniture, structure, listings, CJK text."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from broadsheet.extract import extract_article
from broadsheet.extract.engine_native import native_body
from broadsheet.extract.prune import prune_furniture

PARAGRAPHS = [
    f"Paragraph {n} of the council story: the budget committee met on Tuesday, heard from "
    f"residents about the new bus routes, and voted {n} times on the amendments before dawn."
    for n in range(1, 9)
]
NAV = "".join(f"<li><a href='/s/{n}'>Section number {n}</a></li>" for n in range(12))
RELATED = "".join(
    f"<li><a href='/r/{n}'>Another story headline {n} here</a></li>" for n in range(6)
)


def _page(body: str) -> str:
    return (
        "<html><head><title>Council votes on buses | The Gazette</title></head><body>"
        f"<header><ul class='menu'>{NAV}</ul></header>{body}"
        "<footer><p>© 2024 The Gazette. All rights reserved.</p></footer></body></html>"
    )


def test_article_split_by_promos_is_read_whole_and_without_furniture() -> None:
    body = (
        "<div class='story'><h1>Council votes on buses</h1>"
        f"<div class='story-part'><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>"
        f"<p>{PARAGRAPHS[2]}</p></div>"
        "<div class='inline-ad'><p>STORY CONTINUES BELOW THIS AD</p></div>"
        f"<div class='related-links'><h3>More from Local</h3><ul>{RELATED}</ul></div>"
        f"<div class='story-part'><p>{PARAGRAPHS[3]}</p><p>{PARAGRAPHS[4]}</p>"
        f"<p>Also read: Another story headline 3 here</p><p>{PARAGRAPHS[5]}</p></div>"
        f"<div class='story-part'><p>{PARAGRAPHS[6]}</p><p>{PARAGRAPHS[7]}</p></div></div>"
    )
    article = extract_article(_page(body))
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    for furniture in ("CONTINUES BELOW", "Another story headline", "Section number", "©"):
        assert furniture not in article.text


def test_structure_is_kept_and_captions_stay_out_of_the_text() -> None:
    body = (
        f"<article><p>{PARAGRAPHS[0]}</p><h2>What the residents said</h2><p>{PARAGRAPHS[1]}</p>"
        "<ul><li>Route 4 runs every ten minutes from the station, all day.</li>"
        "<li>Route 9 is cut to weekday mornings only, from next spring.</li></ul>"
        f"<blockquote><p>{PARAGRAPHS[2]}</p></blockquote>"
        "<figure><img src='/bus.jpg'><figcaption>A bus at the depot.</figcaption></figure>"
        f"<p>{PARAGRAPHS[3]} <a href='https://example.org/minutes'>The minutes</a>.</p>"
        f"<p>{PARAGRAPHS[4]}</p></article>"
    )
    article = extract_article(_page(body))
    assert "<h2>What the residents said</h2>" in article.html
    assert "<li>Route 4 runs" in article.html and "<blockquote>" in article.html
    assert "<figcaption>A bus at the depot.</figcaption>" in article.html
    assert 'href="https://example.org/minutes"' in article.html
    assert "Route 9 is cut" in article.text and "What the residents said" in article.text
    assert "A bus at the depot" not in article.text


def test_listing_page_gives_little_confidence() -> None:
    teasers = "".join(
        f"<div class='teaser'><h3><a href='/a/{n}'>Headline of story {n}</a></h3>"
        f"<p><a href='/a/{n}'>A short summary line for story number {n} of the day.</a></p></div>"
        for n in range(30)
    )
    tree = LexborHTMLParser(_page(f"<main>{teasers}</main>"))
    prune_furniture(tree)
    found = native_body(tree)
    assert "Headline of story" not in " ".join(b.text for b in found.blocks if b.in_text)


def test_japanese_article_without_spaces_is_found() -> None:
    sentences = [
        f"政府は{n}日、新たな経済対策を発表した。専門家は効果を疑問視しており、"
        "国会でも議論が続いている。物価の上昇が家計を圧迫している。"
        for n in range(1, 7)
    ]
    body = "<div class='honbun'>" + "".join(f"<p>{s}</p>" for s in sentences) + "</div>"
    article = extract_article(_page(body))
    for sentence in sentences:
        assert sentence in article.text


def test_furniture_named_by_a_token_part_or_a_non_stem_word_is_pruned() -> None:
    body = (
        "<article><div class='article__share'>Share this on every network you know</div>"
        "<div id='most-read'><a href='/x'>Another story that many people read today</a></div>"
        "<p class='lede'>The article itself stays where it was, whole and unharmed.</p></article>"
    )
    html = _page(body)
    tree = LexborHTMLParser(html)
    prune_furniture(tree, html)
    text = tree.body.text() if tree.body else ""
    assert "Share this" not in text and "Another story" not in text
    assert "The article itself stays" in text


def test_a_hidden_or_aside_wrapper_holding_the_whole_article_is_kept() -> None:
    prose = "".join(
        f"<p>Paragraph {n} of the article says something long enough to count as prose.</p>"
        for n in range(8)
    )
    for wrapper in ("<div hidden>{}</div>", "<aside>{}</aside>"):
        html = "<html><body>" + wrapper.format(f"<article>{prose}</article>") + "</body></html>"
        tree = LexborHTMLParser(html)
        prune_furniture(tree, html)
        text = tree.body.text() if tree.body else ""
        assert "Paragraph 7 of the article" in text, wrapper
    small = _page(f"<article>{prose}</article><div hidden>A hidden promo</div><aside>Ad</aside>")
    tree = LexborHTMLParser(small)
    prune_furniture(tree, small)
    text = tree.body.text() if tree.body else ""
    assert "hidden promo" not in text and "Ad" not in text.split()


def test_line_breaks_tables_in_figures_sub_lists_and_linked_list_items_are_read() -> None:
    body = (
        f"<article><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>"
        "<p>Tour dates:<br>June 9, West Palm Beach, FL<br>June 10, Tampa, FL</p>"
        "<figure class='wp-block-table'><table><tr><td>Route</td><td>Buses per hour</td></tr>"
        "<tr><td>Route 4</td><td>six</td></tr></table></figure>"
        "<ul><li><p>The committee heard three kinds of objection from the residents:</p></li>"
        "<ul><li><p>Noise from the new depot at night, said the people living nearest.</p></li>"
        "<li><p>Fewer stops in the old town, which the shopkeepers said would hurt trade.</p>"
        "</li></ul></ul>"
        "<ul><li>Waterproof shelters at every stop, paid for by the council this year</li>"
        "<li><a href='/stakes'>Ticket machines</a></li>"
        "<li>Real-time boards showing the next three buses at the main stations</li></ul>"
        f"<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p></article>"
    )
    text = extract_article(_page(body)).text
    assert "FL June 10" in text and "FLJune" not in text
    assert "Buses per hour" in text and "Route 4 six" in text
    assert "Noise from the new depot" in text and "Fewer stops in the old town" in text
    assert "Ticket machines" in text


def test_widening_takes_the_whole_article_element_but_not_what_is_around_it() -> None:
    blocks = "".join(
        f"<div class='block'><div class='rich-text'><p>{p}</p></div></div>" for p in PARAGRAPHS[1:]
    )
    teaser = "A teaser for another story on the site that runs long enough to count as prose " * 2
    body = (
        f"<main><div class='grid'><article><div class='block'><div class='rich-text'>"
        f"<p>{PARAGRAPHS[0]} {PARAGRAPHS[0]}</p></div></div>{blocks}</article></div>"
        f"<div class='more'>{f'<p>{teaser}</p>' * 5}</div></main>"
    )
    tree = LexborHTMLParser(_page(body))
    prune_furniture(tree)
    text = " ".join(native_body(tree).as_body().paragraphs)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "A teaser" not in text
