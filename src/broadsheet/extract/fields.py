"""How a raw field value is read, shared by the modules that choose a page's fields.

Meta tags, JSON-LD and element text carry entities and stray whitespace, and each module that
chooses a field needs them read the same way; the helpers live here, beneath them all, so
that headline and byline need not import metadata (which imports them).
"""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

from selectolax.lexbor import LexborNode

from broadsheet.extract.visible import find_dates

_SPACE = re.compile(r"\s+")


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _SPACE.sub(" ", unescape(text)).strip()  # JSON-LD and meta often carry &amp; &#8211;
    return text or None


def first_meta(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in metas:
            return metas[key]
    return None


def node_text(node: LexborNode | None) -> str | None:
    return clean(node.text(deep=True, separator=" ")) if node is not None else None


def leading_date(text: str, reach: int, start: int = 0) -> datetime | None:
    """The date `text` opens with at `start`, looked for only within `reach` characters: a
    date later on is some other day (a headline's, a label's), not the one the field gives."""
    dates = find_dates(text[start : start + reach])
    return dates[0][1] if dates and dates[0][0] == 0 else None
