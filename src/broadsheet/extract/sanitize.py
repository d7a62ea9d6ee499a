"""Safe display HTML: only structural tags survive, links only to http(s)."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "figure", "figcaption", "a",
    "br", "em", "strong", "b", "i", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def sanitize_html(html: str) -> str:
    """Strip everything but structure; scripts, styles, handlers and odd URL schemes go."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
