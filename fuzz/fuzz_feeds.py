"""Fuzz target: parse_feed raises nothing but FeedParseError, on any bytes.

python fuzz/fuzz_feeds.py -runs=100000 [corpus_dir]
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    from broadsheet.feeds import FeedParseError, parse_feed

SEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title>'
    b"<link>https://a.example/1</link><description>&lt;b&gt;x&lt;/b&gt;</description></item>"
    b"</channel></rss>"
)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():
        content = fdp.ConsumeBytes(fdp.remaining_bytes())
    else:  # mutate inside a real feed, so the parsers get past the first bytes
        text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
        content = SEED.replace(b"<title>a</title>", b"<title>" + text.encode() + b"</title>")
    with contextlib.suppress(FeedParseError):
        parse_feed(content, "https://feeds.example/feed.xml", max_entries=50)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
