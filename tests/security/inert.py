"""What every fuzz target and property test checks on sanitized output: no way left to run script.

Text may say "javascript:" (a sentence about it is harmless); inside a tag it may not, after
undoing entities and dropping the whitespace and control characters browsers ignore in URLs.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]*>")
_EVENT_ATTR = re.compile(r"[\s/\"']on[a-z]+\s*=", re.IGNORECASE)
_IGNORED = re.compile(r"[\s\x00-\x1f]")


def assert_inert(markup: str) -> None:
    if "<script" in markup.lower():
        raise AssertionError(f"<script survived: {markup[:200]!r}")
    for tag in _TAG.findall(markup):
        if _EVENT_ATTR.search(tag):
            raise AssertionError(f"on*= handler survived: {tag[:200]!r}")
        if "javascript:" in _IGNORED.sub("", html.unescape(tag)).lower():
            raise AssertionError(f"javascript: URL survived: {tag[:200]!r}")
