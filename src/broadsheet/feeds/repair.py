"""Repair the one breakage that makes the fast parser silently lose text: stray ampersands.

lxml's recovering parser (inside fastfeedparser) drops what follows a bare "&" or an HTML-only
entity such as "&hellip;" or "&nbsp;": "Q&A" becomes "Q" and "?a=1&b=2" becomes "?a=1=2", a
wrong link. Real feeds have both (bench/feeds/real has bare "&" and "&colon;"). Outside CDATA
sections these are always errors in XML, so rewriting them changes nothing in a well-formed
document: a bare "&" becomes "&amp;", an HTML entity its numeric reference.
"""

from __future__ import annotations

import re
from html.entities import html5

_STRAY = re.compile(
    rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)([A-Za-z][A-Za-z0-9]{0,31};)?"
)
_CDATA = re.compile(rb"<!\[CDATA\[.*?(?:\]\]>|$)", re.DOTALL)


def repair_ampersands(content: bytes) -> bytes:
    """`content` with stray ampersands escaped; unchanged for UTF-16/32 documents."""
    if b"&" not in content or b"\0" in content[:4] or content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return content
    if not _STRAY.search(content):
        return content
    parts: list[bytes] = []
    pos = 0
    for cdata in _CDATA.finditer(content):
        parts.append(_STRAY.sub(_fix, content[pos : cdata.start()]))
        parts.append(cdata.group(0))
        pos = cdata.end()
    parts.append(_STRAY.sub(_fix, content[pos:]))
    return b"".join(parts)


def _fix(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    if name is None:
        return b"&amp;"
    text = html5.get(name.decode("ascii"))
    if text is None:
        return b"&amp;" + name
    return b"".join(b"&#%d;" % ord(char) for char in text)


# Control characters XML 1.0 forbids. lxml's recovering parser, meeting one, turns the markup of
# every later item into plain text, so one bad byte in one entry would lose all the others.
_INVALID_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_invalid_controls(content: bytes) -> bytes:
    """`content` without XML-forbidden control characters; unchanged for UTF-16/32 documents."""
    if b"\0" in content[:4] or content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return content
    return _INVALID_CONTROLS.sub(b"", content)
