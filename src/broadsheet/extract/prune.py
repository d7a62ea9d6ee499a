"""Remove page furniture before the body is looked for: cheaper and more precise afterwards.

Works on the selectolax (lexbor) tree, which parses and edits in about a millisecond, so the
slower main-content search runs on a page a fraction of the size. Rules are generic (tags,
ARIA roles, and class/id words that name furniture on any site), never per-site.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "select", "input", "textarea", "nav", "footer", "aside", "dialog",
    "link", "meta",
)  # fmt: skip
_DROP_SELECTORS = (
    '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[role="complementary"]',
    '[aria-hidden="true"]', "[hidden]", '[role="dialog"]', '[role="alert"]',
    '[style*="display:none" i]', '[style*="display: none" i]', '[style*="visibility:hidden" i]',
    '[style*="visibility: hidden" i]',
)  # fmt: skip
# Words that, as a whole class or id token (or its first/last part), name furniture.
_FURNITURE = re.compile(
    r"^(?:share|sharing|sharebar|social|socials|social-?share|related|related-?\w+|"
    r"newsletter\w*|subscribe\w*|subscription|signup|sign-up|promo|promos|promotion|advert\w*|"
    r"ad|ads|adslot|ad-?slot|ad-?container|ad-?wrapper|adunit|dfp|gpt-ad|sponsor\w*|cookie\w*|"
    r"consent|gdpr|popup|modal|overlay|sidebar|breadcrumbs?|comments?|comment-?\w+|disqus|"
    r"outbrain|taboola|recirc\w*|more-?stories|read-?more|readmore|also-?read|trending|"
    r"most-?popular|most-?read|popular-?posts|toolbar|skip-?link|print-?only|screen-?reader-?text|"
    r"sr-only|visually-?hidden|author-?bio|bio-?box|tags|tag-?list|post-?tags|pagination|"
    r"next-?post|prev-?post|post-?navigation)$",
    re.IGNORECASE,
)
# Cheap CSS pre-filter: only elements whose class or id contains one of these stems are
# checked token by token against _FURNITURE (a Python loop over every element is the slow part).
_STEMS = (
    "share", "social", "related", "newsletter", "subscri", "signup", "sign-up", "promo", "advert",
    "ad", "dfp", "sponsor", "cookie", "consent", "gdpr", "popup", "modal", "overlay", "sidebar",
    "breadcrumb", "comment", "disqus", "outbrain", "taboola", "recirc", "stories", "more",
    "also", "trending", "popular", "toolbar", "skip", "print", "reader", "sr-only", "hidden",
    "bio", "tag", "pagination", "post",
)  # fmt: skip
_CANDIDATES = ", ".join(f'[class*="{s}" i], [id*="{s}" i]' for s in _STEMS)
# A matched element holding more than this share of the page's text is content, not furniture.
_MAX_SHARE = 0.4


def _names(node: LexborNode) -> list[str]:
    attrs = node.attributes
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    tokens: list[str] = []
    for token in raw.split():
        tokens.append(token)
        parts = re.split(r"__|--|_", token)
        if len(parts) > 1:
            tokens.extend((parts[0], parts[-1]))
    return tokens


def _is_furniture(node: LexborNode) -> bool:
    return any(_FURNITURE.match(token) for token in _names(node))


def prune_furniture(tree: LexborHTMLParser) -> None:
    """Delete scripts, navigation and furniture-named blocks from `tree` in place."""
    tree.strip_tags(list(_DROP_TAGS))
    for selector in _DROP_SELECTORS:
        for node in tree.css(selector):
            node.decompose()
    body = tree.body
    if body is None:
        return
    total = len(body.text(deep=True, separator=" ")) or 1
    doomed: dict[int, LexborNode] = {}
    for node in body.css(_CANDIDATES):
        if node.tag in ("html", "body", "main", "article") or not _is_furniture(node):
            continue
        if _inside(node, doomed):
            continue
        if len(node.text(deep=True, separator=" ")) / total < _MAX_SHARE:
            doomed[node.mem_id] = node
    # Decompose only after the walk: a removed node's descendants must not be touched again.
    for node in doomed.values():
        node.decompose()


def _inside(node: LexborNode, doomed: dict[int, LexborNode]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in doomed:
            return True
        parent = parent.parent
    return False
