"""Property tests (issue 9): whatever bytes arrive, the feeds stage returns data or raises its
own error, never anything else; entries always carry absolute http(s) URLs and aware dates."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.feeds import FeedParseError, OpmlError, discover_feeds, parse_feed, parse_opml
from broadsheet.feeds.text import to_text

FIXTURES = sorted((Path(__file__).parent / "fixtures").iterdir())
SEEDS = [p.read_bytes() for p in FIXTURES if p.suffix in (".xml", ".rdf", ".json")]

# Mutations of real documents reach far deeper into the parsers than random bytes do.
mutated = st.builds(
    lambda seed, cut, junk, at: seed[:at] + junk + seed[at + cut :],
    st.sampled_from(SEEDS),
    st.integers(0, 64),
    st.binary(max_size=32) | st.sampled_from([b"&", b"<", b"]]>", b"&bogus;", b"\xff\xfe", b"\0"]),
    st.integers(0, 4000),
)
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(content: bytes) -> None:
    try:
        feed = parse_feed(content, "https://fuzz.example/feed", max_entries=20)
    except FeedParseError as exc:
        assert str(exc)
        return
    assert len(feed.entries) <= 20
    for entry in feed.entries:
        assert entry.url.startswith(("http://", "https://"))
        for when in (entry.published, entry.updated):
            assert when is None or when.utcoffset() is not None


@PROFILE
@given(mutated)
def test_mutated_feeds_never_crash(content: bytes):
    _check(content)


@PROFILE
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(content: bytes):
    _check(content)


@PROFILE
@given(st.binary(max_size=1000) | mutated)
def test_opml_and_discovery_never_crash(content: bytes):
    with contextlib.suppress(OpmlError):
        parse_opml(content)
    for found in discover_feeds(content, "https://fuzz.example/"):
        assert found.url.startswith(("http://", "https://"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_to_text_has_no_tags_left_for_tag_shaped_input(value: str):
    text = to_text(value)
    assert "<script" not in text.lower() or "<script" in value.lower()
    assert text == text.strip() and "  " not in text
