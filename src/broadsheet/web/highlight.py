"""Search results show where the words matched: escaped text with the terms in <mark>."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from html import escape

from markupsafe import Markup


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    return _compiled(tuple(terms))


@functools.lru_cache(maxsize=256)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Built once per query, not three times per result (title, snippet, its highlight)."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    return re.compile(r"(?<!\w)(" + alternatives + r")", re.IGNORECASE)


def highlight(text: str, terms: Sequence[str]) -> Markup:
    pattern = _pattern(terms)
    if pattern is None:
        return Markup(escape(text))
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append("<mark>" + escape(m.group(0)) + "</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("".join(out))


def snippet(text: str, terms: Sequence[str], width: int = 260) -> Markup:
    """The passage around the first match (or the opening), highlighted.

    The text is read with its whitespace runs collapsed; only as much of it is collapsed as
    the passage needs (an article's text is thousands of characters, the passage 260), which
    gives the same passage as collapsing it all because collapsing a prefix of the text gives
    a prefix of the collapsed text, and the terms match the same words either way."""
    pattern = _pattern(terms)
    raw = pattern.search(text) if pattern else None
    size = (raw.end() if raw else 0) + width + 1
    while True:
        flat = " ".join(text[:size].split())
        m = pattern.search(flat) if pattern else None
        start = 0
        if m and m.start() > width // 3:
            start = flat.rfind(" ", 0, m.start() - width // 3) + 1
        if size >= len(text) or len(flat) > start + width:
            break  # this prefix holds the whole passage and shows whether more text follows
        size *= 2
    piece = flat[start : start + width]
    if start + width < len(flat):
        piece = piece[: piece.rfind(" ")] if " " in piece else piece
        piece += " …"
    if start > 0:
        piece = "… " + piece
    return highlight(piece, terms)
