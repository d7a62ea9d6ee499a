"""The one exception the extract stage raises.

    ExtractError          input that is not an HTML page at all (empty, binary, JSON, …)

A page that *is* HTML but holds no article is not an error: `extract_article` returns an
`ExtractedArticle` with empty text, so the caller can record "no article found" on the feed
without a try/except around every page.
"""

from __future__ import annotations


class ExtractError(ValueError):
    """Raised when the input cannot be read as an HTML page; the message says why."""
