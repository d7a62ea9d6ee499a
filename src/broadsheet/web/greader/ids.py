"""Google Reader identifiers: item ids (long and short forms) and stream ids.

Item ids are article ids. Responses use the long form `tag:google.com,2005:reader/item/<16 hex>`
(contents, Atom) or the decimal short form (item id listings), as Google Reader did; requests
may use either, plus the bare 16-digit hex form some clients send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

LONG_PREFIX = "tag:google.com,2005:reader/item/"
STATE_PREFIX = "user/-/state/com.google/"
LABEL_PREFIX = "user/-/label/"

READING_LIST = STATE_PREFIX + "reading-list"
READ = STATE_PREFIX + "read"
STARRED = STATE_PREFIX + "starred"
KEPT_UNREAD = STATE_PREFIX + "kept-unread"
FRESH = STATE_PREFIX + "fresh"

_HEX16 = re.compile(r"^[0-9a-fA-F]{16}$")
_USER_PART = re.compile(r"^user/(?:-|\d+)/")

StreamKind = Literal[
    "feed", "feed-url", "label", "reading-list", "read", "starred", "kept-unread", "state"
]


def long_item_id(article_id: int) -> str:
    return f"{LONG_PREFIX}{article_id:016x}"


def parse_item_id(value: str) -> int | None:
    """Any of the forms clients send, to an article id; None when it is none of them."""
    value = value.strip()
    try:
        if value.startswith(LONG_PREFIX):
            return int(value[len(LONG_PREFIX) :], 16)
        if _HEX16.match(value) and not value.isdigit():
            return int(value, 16)
        if value.isdigit():
            return int(value) if len(value) != 16 else int(value, 16)
        if value.startswith("-") and value[1:].isdigit():
            return int(value) & 0xFFFFFFFFFFFFFFFF  # signed 64-bit short ids
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class Stream:
    kind: StreamKind
    feed_id: int | None = None
    name: str = ""  # the label, the feed URL, or the unknown state's name


def parse_stream(value: str) -> Stream | None:
    """`feed/12`, `feed/https://…`, `user/-/label/X`, `user/123/state/com.google/read`, …"""
    value = value.strip()
    if value.startswith("feed/"):
        rest = value[len("feed/") :]
        if rest.isdigit():
            return Stream("feed", feed_id=int(rest))
        return Stream("feed-url", name=rest) if rest else None
    normal = _USER_PART.sub("user/-/", value, count=1)
    if normal.startswith(LABEL_PREFIX):
        label = normal[len(LABEL_PREFIX) :]
        return Stream("label", name=label) if label else None
    if normal.startswith(STATE_PREFIX):
        state = normal[len(STATE_PREFIX) :]
        if state in ("reading-list", "read", "starred", "kept-unread"):
            return Stream(state)  # type: ignore[arg-type]  # narrowed by the test above
        return Stream("state", name=state)
    return None


def stream_id_of_feed(feed_id: int) -> str:
    return f"feed/{feed_id}"


def label_id(name: str) -> str:
    return LABEL_PREFIX + name
