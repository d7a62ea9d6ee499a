"""Look at a document's first bytes: which format it is, and whether it declares entities.

Entity declarations are the root of billion-laughs, quadratic-blowup and XXE attacks. Neither
feed library may be trusted to refuse them (feedparser's expat path expands internal entities, and
its memory climbs to hundreds of MiB on quadratic.xml before it gives up), so any document whose
DTD declares an entity is refused before a parser sees it. A DOCTYPE without entity
declarations (old RSS 0.91 feeds point at Netscape's DTD) is fine: nothing ever loads it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from broadsheet.feeds.errors import FeedParseError

_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)")
_DECLARED = re.compile(r"""encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_ASCII_COMPATIBLE = frozenset(
    {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be"}
)
_HEAD_CHARS = 256 * 1024  # a prolog longer than this is itself a sign of abuse

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Sniffed:
    format: str  # "json", "xml" or "empty"
    root: str | None  # local name of the root element, lower case ("rss", "feed", "rdf", "html")


def head_text(content: bytes, limit: int = _HEAD_CHARS) -> str:
    """The start of the document as text, good enough to scan markup (not to read content)."""
    raw = content[: limit * 4]
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, "replace")[:limit]
    if raw[:4] in (b"<\0?\0", b"<\0\0\0"):
        return raw.decode("utf-16-le" if raw[:4] == b"<\0?\0" else "utf-32-le", "replace")[:limit]
    if raw[:4] in (b"\0<\0?", b"\0\0\0<"):
        return raw.decode("utf-16-be" if raw[:4] == b"\0<\0?" else "utf-32-be", "replace")[:limit]
    if raw[:4] == b"\x4c\x6f\xa7\x94":  # "<?xm" in EBCDIC (XML 1.0 appendix F)
        return raw.decode("cp037", "replace")[:limit]
    return raw.decode("latin-1")[:limit]  # ASCII-compatible encodings: markup reads the same


def sniff(content: bytes) -> Sniffed:
    """Classify the document and refuse one that declares entities (FeedParseError)."""
    head = head_text(content)
    stripped = head.lstrip("\ufeff \t\r\n\0")
    if not stripped:
        return Sniffed("empty", None)
    if stripped[0] in "{[":
        return Sniffed("json", None)
    first = None
    for view in (head, *_declared_views(content, head)):
        found = _FIRST_ELEMENT.search(view, _prolog_end(view))
        first = first or found
        # feedparser reads declarations up to the first start tag, lxml up to the root element;
        # the union of both is checked, so a comment holding "<a" cannot hide a later DOCTYPE.
        start_tag = re.search(r"<\w", view)
        scan_to = max(found.start() if found else len(view), start_tag.start() if start_tag else 0)
        if _ENTITY_DECL.search(view, 0, scan_to):
            raise FeedParseError(
                "unsafe XML: the document declares entities in a DTD; entity expansion and"
                " external entities are never processed (billion-laughs / XXE protection)"
            )
    root = first.group(1).rsplit(":", 1)[-1].lower() if first else None
    return Sniffed("xml", root)


def _declared_views(content: bytes, head: str) -> list[str]:
    """The head decoded as its XML declaration says, when that is not ASCII-compatible
    (UTF-7, EBCDIC…): feedparser decodes with Python's codecs before parsing, so "<!ENTITY"
    written as "+ADw-!ENTITY" in UTF-7 must be caught too."""
    match = _DECLARED.search(head[:200])
    if match is None:
        return []
    try:
        codec = codecs.lookup(match.group(1))
    except LookupError:
        return []
    if codec.name in _ASCII_COMPATIBLE:
        return []
    try:
        return [content[: _HEAD_CHARS * 4].decode(codec.name, "replace")[:_HEAD_CHARS]]
    except (UnicodeError, ValueError, TypeError, LookupError):
        return []


def _prolog_end(head: str) -> int:
    """Where the prolog (declaration, comments, PIs, DOCTYPE) ends; a linear scan, no regex
    backtracking on hostile input."""
    pos, size = 0, len(head)
    while True:
        while pos < size and head[pos] in "\ufeff \t\r\n\0":
            pos += 1
        if head.startswith("<?", pos):
            end = head.find("?>", pos + 2)
            pos = size if end < 0 else end + 2
        elif head.startswith("<!--", pos):
            end = head.find("-->", pos + 4)
            pos = size if end < 0 else end + 3
        elif head[pos : pos + 9].upper() == "<!DOCTYPE":
            close = head.find(">", pos)
            subset = head.find("[", pos)
            if 0 <= subset < close or (subset >= 0 and close < 0):
                close = head.find(">", max(subset, head.find("]", subset)))
            pos = size if close < 0 else close + 1
        else:
            return pos
