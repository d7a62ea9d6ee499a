"""parse_feed on one small real-shaped document per format: what the pipeline reads from it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from broadsheet.feeds import FeedParseError, parse_feed

Read = Callable[[str], bytes]


def test_rss2_entries(fixture_bytes: Read):
    feed = parse_feed(fixture_bytes("rss2.xml"), "https://news.example.org/rss.xml")
    assert feed.kind == "rss"
    assert feed.title == "The Daily Example & Co"
    assert feed.site_url == "https://news.example.org/"
    assert feed.language == "en-gb"
    assert feed.hub == "https://hub.example.net/"
    bridge, storm, market = feed.entries
    assert bridge.url == "https://news.example.org/2026/11/bridge"  # relative link resolved
    assert bridge.title == "Council approves new bridge & road"
    assert bridge.guid == "bridge-2026"
    assert bridge.author == "Jane Reporter"
    assert bridge.published == datetime(2026, 11, 29, 7, 30, tzinfo=UTC)
    assert bridge.summary == "The council voted 7–2 for the bridge."
    assert bridge.content_html is not None and "Work starts in spring." in bridge.content_html
    assert bridge.image == "https://cdn.example.org/bridge.jpg"
    assert bridge.categories == ["Local", "Transport"]
    # A broken date is unknown, never "now"; the rest of the entry survives.
    assert storm.published is None
    assert storm.title == "Storm warning for the coast"
    assert storm.image == "https://cdn.example.org/storm.png"
    assert storm.content_html is None  # the description is a summary, not full content
    assert market.url == "https://news.example.org/2026/11/market"  # permalink guid


def test_atom10_with_xml_base(fixture_bytes: Read):
    feed = parse_feed(fixture_bytes("atom10.xml"), "https://blog.example.com/atom.xml")
    assert feed.kind == "atom"
    assert feed.title == "Le Blog d'exemple"
    assert feed.hub == "https://pubsubhubbub.example.com/"
    first, second = feed.entries
    assert first.url == "https://blog.example.com/posts/premier-article"
    assert first.published == datetime(2026, 11, 28, 8, 15, tzinfo=UTC)
    assert first.updated == datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert first.author == "Marie Curie"
    assert first.summary == "Un résumé court."
    assert first.content_html is not None and "texte complet" in first.content_html
    assert first.categories == ["science"]
    assert first.image == "https://blog.example.com/img/premier.jpg"
    assert second.title == "Deuxième & dernier"
    assert second.summary == "Résumé seulement."
    for entry in feed.entries:
        assert entry.published is None or entry.published.tzinfo is not None


def test_atom03(fixture_bytes: Read):
    feed = parse_feed(fixture_bytes("atom03.xml"), "http://old.example.net/atom.xml")
    assert feed.title == "Old Atom Weblog"
    (entry,) = feed.entries
    assert entry.url == "http://old.example.net/2005/07/31/entry"
    assert entry.title == "Atom 0.3 entry"
    assert entry.published == datetime(2005, 7, 31, 12, 29, 29, tzinfo=UTC)


def test_rss091_latin1_with_netscape_doctype(fixture_bytes: Read):
    feed = parse_feed(fixture_bytes("rss091.xml"), "http://cafe.example.com/rss")
    assert feed.title == "Café Weekly"
    (entry,) = feed.entries
    assert entry.title == "Crème brûlée latte arrives"
    assert entry.published is None


def test_rss10_rdf(fixture_bytes: Read):
    feed = parse_feed(fixture_bytes("rss10.rdf"), "https://science.example.org/rss")
    assert feed.kind == "rdf"
    assert [e.url for e in feed.entries] == [
        "https://science.example.org/notes/1",
        "https://science.example.org/notes/2",
    ]
    comet = feed.entries[0]
    assert comet.author == "A. Astronomer"
    assert comet.published == datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


def test_json_feed_11(fixture_bytes: Read):
    feed = parse_feed(fixture_bytes("feed11.json"), "https://json.example.org/feed.json")
    assert feed.kind == "json"
    assert (feed.title, feed.site_url, feed.language) == (
        "JSON Times",
        "https://json.example.org/",
        "en-US",
    )
    assert feed.hub == "https://hub.example.net/"
    one, two = feed.entries  # the item with no URL at all is dropped
    assert one.url == "https://json.example.org/articles/one"
    assert one.title == "First & foremost"
    assert one.content_html == "<p>Full <b>HTML</b> body.</p>"
    assert one.summary == "The first one."
    assert one.image == "https://json.example.org/img/one.jpg"
    assert one.published == datetime(2026, 11, 29, 14, 0, tzinfo=UTC)
    assert one.author == "Sam Writer"
    assert one.categories == ["politics", "world"]
    assert two.url == "https://json.example.org/articles/two"
    assert two.summary == "Plain text only, no url field."
    assert two.published is None
    assert two.author == "Editorial Desk"


def test_json_feed_10(fixture_bytes: Read):
    feed = parse_feed(fixture_bytes("feed10.json"), "https://old.example.org/feed.json")
    (entry,) = feed.entries
    assert entry.author == "Guest"
    assert entry.published == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_max_entries_caps_in_document_order():
    items = "".join(
        f"<item><title>n{i}</title><link>https://x.example/{i}</link></item>" for i in range(50)
    )
    doc = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    feed = parse_feed(doc, "https://x.example/rss", max_entries=7)
    assert [e.title for e in feed.entries] == [f"n{i}" for i in range(7)]


def test_empty_feed_is_a_feed():
    feed = parse_feed(
        b'<rss version="2.0"><channel><title>New</title></channel></rss>', "https://x/"
    )
    assert feed.title == "New" and feed.entries == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty document"),
        (b"   \n\t ", "empty document"),
        (b"<!-- nothing here -->", "empty document"),
        (
            b"<!DOCTYPE html><html><head><title>Shop</title></head><body>hi</body></html>",
            "not a feed: the document is an HTML page (try the site URL to discover its feed)",
        ),
        (
            b'<?xml version="1.0"?><urlset xmlns="x"><url/></urlset>',
            "not a feed: the document is a sitemap",
        ),
        (b'<opml version="2.0"><body/></opml>', "not a feed: the document is an OPML"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a feed"),
        (b"<catalog><book/></catalog>", "not a feed: the document's root element is <catalog>"),
        (b"{not json", "malformed JSON"),
        (b'{"hello": "world"}', "not a feed: the JSON document is not a JSON Feed"),
    ],
)
def test_not_a_feed_messages(content: bytes, message: str):
    with pytest.raises(FeedParseError) as info:
        parse_feed(content, "https://example.org/x")
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?>\n<rss version="2.0"\n<<',
        b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>x</title>\n<item><ti',
        b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>x</ti',
    ],
)
def test_truncated_or_broken_xml_names_the_line(doc: bytes):
    with pytest.raises(FeedParseError) as info:
        parse_feed(doc, "https://example.org/rss")
    assert str(info.value).startswith("malformed XML: ")
    assert " at line " in str(info.value)


def test_recoverable_breakage_keeps_the_entries():
    doc = (
        b'<rss version="2.0"><channel><title>AT&T news</title>'
        b"<item><title>Q&A</title><link>https://x.example/1?a=1&b=2</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(doc, "https://x.example/rss")
    assert [e.title for e in feed.entries] == ["Q&A"]


def test_broken_encoding_is_decoded_best_effort():
    doc = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9</title>'
        b"<item><title>Na\xefve \xff bytes</title><link>https://x.example/1</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(doc, "https://x.example/rss")
    assert len(feed.entries) == 1
    assert feed.entries[0].url == "https://x.example/1"
    assert "Na" in feed.entries[0].title


def test_utf16_feed():
    doc = (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Ünï</title>'
        "<item><title>Ωmega</title><link>https://x.example/1</link></item></channel></rss>"
    ).encode("utf-16")
    feed = parse_feed(doc, "https://x.example/rss")
    assert feed.title == "Ünï"
    assert feed.entries[0].title == "Ωmega"
