"""OPML import/export: folders, round trip, and files that are not OPML."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from broadsheet.feeds import OpmlError, build_opml, parse_opml
from broadsheet.models import OutlineFeed

Read = Callable[[str], bytes]


def test_import_with_nested_folders(fixture_bytes: Read):
    feeds = parse_opml(fixture_bytes("subscriptions.opml"))
    assert feeds == [
        OutlineFeed(
            url="https://news.example.org/rss.xml",
            title="The Daily Example",
            site_url="https://news.example.org/",
            folder="News",
        ),
        OutlineFeed(url="https://wire.example.com/world.atom", title="World Wire", folder="World"),
        OutlineFeed(
            url="http://loose.example.net/feed", title="Loose feed & more", folder="Gadgets"
        ),
    ]


def test_round_trip_keeps_urls_titles_and_folders():
    feeds = [
        OutlineFeed("https://a.example/rss", 'A <&> "quoted"', "https://a.example/", "Tech"),
        OutlineFeed("https://b.example/atom.xml?x=1&y=2", "B", None, "Tech"),
        OutlineFeed("https://c.example/feed.json", "C", None, None),
        OutlineFeed("https://d.example/rss", "Ünïcödé", None, "Welt & Wissen"),
    ]
    text = build_opml(feeds, title="Mine")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    back = parse_opml(text.encode("utf-8"))
    assert sorted(back, key=lambda f: f.url) == sorted(feeds, key=lambda f: f.url)


def test_export_of_nothing_is_valid_opml():
    assert parse_opml(build_opml([]).encode()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty document"),
        (b"<html><body>hello</body></html>", "not OPML: the root element is <html>"),
        (b'<rss version="2.0"><channel/></rss>', "add it as a feed instead"),
        (b"<opml><head/></opml>", "not OPML: the file has no <body>"),
        (b"<opml><body><outline></body></opml>", "not OPML: malformed XML"),
        (b'{"feeds": []}', "not OPML: the file is JSON"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">]>'
            b'<opml><body><outline text="&a;" xmlUrl="https://x.example/"/></body></opml>',
            "unsafe XML",
        ),
    ],
)
def test_not_opml(content: bytes, message: str):
    with pytest.raises(OpmlError) as info:
        parse_opml(content)
    assert message in str(info.value)
