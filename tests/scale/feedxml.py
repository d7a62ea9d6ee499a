"""The generated feeds' bodies and ETags, shared by the in-test site and the bench's site.

Feed i lists `per_feed` articles of its own plus the first article of the next feed, so some
articles arrive through two feeds and must still be stored once.
"""

from __future__ import annotations


def feed_etag(i: int) -> str:
    return f'"feed-{i}"'


def article_numbers(i: int, feeds: int, per_feed: int) -> list[int]:
    own = [i * per_feed + j for j in range(per_feed)]
    if feeds > 1:
        own.append(((i + 1) % feeds) * per_feed)
    return own


class FeedCounts:
    """What a site of `feeds` feeds of `per_feed` articles must end up storing."""

    feeds: int
    per_feed: int

    @property
    def expected_articles(self) -> int:
        return self.feeds * self.per_feed

    @property
    def expected_entries(self) -> int:
        return self.feeds * (self.per_feed + (1 if self.feeds > 1 else 0))


def feed_xml(base_url: str, i: int, feeds: int, per_feed: int) -> bytes:
    """RSS 2.0 for feed i, whose articles live under `base_url`/articles/."""
    items = "".join(
        f"<item><title>Article {n}</title><link>{base_url}/articles/{n}.html</link>"
        f"<guid>{base_url}/articles/{n}.html</guid>"
        f"<pubDate>Sun, 29 Nov 2026 10:{n % 60:02d}:00 GMT</pubDate>"
        f"<description>Report number {n}: the council voted on measure {n * 7919}"
        f" after a long debate about item {n}.</description></item>"
        for n in article_numbers(i, feeds, per_feed)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {i}</title><link>{base_url}/</link>"
        f"<description>Feed {i}</description>{items}</channel></rss>"
    ).encode()
