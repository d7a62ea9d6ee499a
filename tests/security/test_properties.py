"""Property tests (hypothesis) for the feed parser and the extractor: no error but the documented
one, whatever the input, and no way for extracted HTML to run script. The sanitizer's own
properties (inert output, idempotence) are in test_sanitizer.py."""

from __future__ import annotations

import contextlib
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.extract import ExtractError, extract_article
from broadsheet.feeds import FeedParseError, parse_feed
from tests.security.inert import assert_inert

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "&",
        "&amp;",
        "&#0;",
        "&nbsp;",
        "<",
        ">",
        '"',
        "\x00",
        "\x0c",
        "\ufeff",
        "<!DOCTYPE x>",
        "<?xml version='1.0'?>",
        "<rss>",
        "</item>",
        "<item>",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), HOSTILE), max_size=12).map("".join)


def rss(title: str, body: str, link: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<description>{escape(body)}</description></item>"
        f"<item><title>second</title><link>https://a.example/2</link>"
        "<description>&lt;p&gt;kept&lt;/p&gt;</description></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")


@FAST
@given(st.binary(max_size=2000))
def test_parse_feed_on_any_bytes_raises_only_feed_parse_error(data: bytes):
    with contextlib.suppress(FeedParseError):
        parse_feed(data, "https://feeds.example/feed.xml")


@FAST
@given(TEXT, TEXT, st.one_of(st.just("https://a.example/1"), TEXT))
def test_parse_feed_with_hostile_fields_raises_only_feed_parse_error(
    title: str, body: str, link: str
):
    try:
        feed = parse_feed(rss(title, body, link), "https://feeds.example/feed.xml")
    except FeedParseError:
        return
    for entry in feed.entries:
        assert not entry.url.lower().lstrip().startswith(("javascript:", "data:", "vbscript:"))


@FAST
@given(TEXT, TEXT)
def test_extract_article_raises_only_extract_error_and_its_html_is_inert(title: str, body: str):
    page = (
        f"<html><head><title>{title}</title></head><body><article><p>{body}</p>"
        + ("<p>Filler sentence for the extractor to find a body in this page.</p>" * 8)
        + "</article></body></html>"
    )
    try:
        article = extract_article(page, "https://news.example/a")
    except ExtractError:
        return
    if article.html:
        assert_inert(article.html)


def test_one_bad_character_does_not_corrupt_later_entries():
    """One XML-forbidden control character in one item must not change any other item."""

    def feed_with(bad: str) -> bytes:
        items = "".join(
            f"<item><title>t{n}</title><link>https://a.example/{n}</link>"
            f"<description>{bad if n == 0 else ''}&lt;p&gt;para {n}&lt;/p&gt;</description>"
            f"<content:encoded>&lt;p&gt;full {n}&lt;/p&gt;</content:encoded></item>"
            for n in range(3)
        )
        return (
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>t</title>{items}</channel></rss>"
        ).encode()

    clean = parse_feed(feed_with(""), "https://feeds.example/feed.xml")
    for bad in ("bad \x01 char", "bad \x0c char", "\x1b[31m"):
        feed = parse_feed(feed_with(bad), "https://feeds.example/feed.xml")
        assert len(feed.entries) == 3
        assert feed.entries[1:] == clean.entries[1:]
        for entry in feed.entries:
            assert entry.content_html is not None and "<p>" in entry.content_html
