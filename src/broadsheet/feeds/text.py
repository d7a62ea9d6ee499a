"""Small conversions shared by the feed mappers: HTML to plain text, dates, URLs."""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

_LOOKS_HTML = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|article|header|"
    r"footer|figure|figcaption|img|hr|dd|dt|dl)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>")
_HIDDEN = ("script", "style", "noscript", "template")


def to_text(value: str | None) -> str:
    """Plain text of a title or summary that may hold HTML or entities; whitespace collapsed.

    Tags are stripped with linear regular expressions rather than a DOM parser: summaries are
    often whole articles, and building a DOM per entry made parsing 10x slower (bench/feeds.py).
    The result is text for display (escaped when shown), not a sanitizer.
    """
    if not value:
        return ""
    if not _LOOKS_HTML.search(value):
        return " ".join(value.split())
    text = _drop_hidden(_COMMENT.sub(" ", value))
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", text))
    return " ".join(html.unescape(text).split())


def _drop_hidden(value: str) -> str:
    lower = value.lower()
    if not any("<" + name in lower for name in _HIDDEN):
        return value
    parts: list[str] = []
    pos = 0
    while True:
        starts = [(lower.find("<" + n, pos), n) for n in _HIDDEN]
        found = [(i, n) for i, n in starts if i >= 0]
        if not found:
            parts.append(value[pos:])
            return " ".join(parts)
        start, name = min(found)
        parts.append(value[pos:start])
        close = lower.find("</" + name, start)
        if close < 0:
            return " ".join(parts)
        end = lower.find(">", close)
        pos = len(value) if end < 0 else end + 1


def parse_date(value: object) -> datetime | None:
    """A timezone-aware UTC datetime from an ISO 8601 / RFC 822 string or a struct_time.

    Anything unreadable is None, never "now": an unknown date must stay visibly unknown.
    """
    try:
        if isinstance(value, time.struct_time):
            return datetime(*value[:6], tzinfo=UTC)
        if isinstance(value, datetime):
            when = value
        elif isinstance(value, str) and value.strip():
            parsed = _parse_date_text(value.strip())
            if parsed is None:
                return None
            when = parsed
        else:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.astimezone(UTC)
    except (ValueError, OverflowError, TypeError):
        return None


def _parse_date_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def absolute_url(value: str | None, base: str) -> str | None:
    """`value` resolved against `base`; None unless the result is an http(s) URL."""
    if not value:
        return None
    value = value.strip()
    lower = value[:8].lower()
    if lower.startswith(("http://", "https://")) and not any(c in value for c in " \t\n\\"):
        start = 7 if lower.startswith("http://") else 8
        if len(value) > start and value[start] not in "/?#":  # absolute with a host: as is
            return value[:start].lower() + value[start:]
    try:
        joined = urljoin(base, value) if base else value
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return parts.scheme + joined[len(parts.scheme) :]  # "HTTP://x" -> "http://x"
