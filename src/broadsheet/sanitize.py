"""The one allow-list for third-party HTML, used wherever such HTML is stored or shown."""

from __future__ import annotations

import nh3

_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "q",
    "cite",
    "figure",
    "figcaption",
    "img",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "abbr",
    "time",
    "small",
    "mark",
    "del",
    "ins",
    "dl",
    "dt",
    "dd",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "blockquote": {"cite"},
}


def sanitize_html(html: str) -> str:
    """Only structural tags; links http/https/mailto with rel=noopener noreferrer; no scripts,
    styles, event handlers or iframes."""
    # A parser turns a literal CR into LF, so an encoded one (&#13;) is normalised here too:
    # sanitizing must be idempotent.
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).replace("\r", "\n")
