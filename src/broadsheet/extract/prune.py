"""Remove page furniture before the body is looked for: cheaper and more precise afterwards.

Works on the selectolax (lexbor) tree, which parses and edits in about a millisecond, so the
slower main-content search runs on a page a fraction of the size. Rules are generic (tags,
ARIA roles, and class/id words that name furniture on any site), never per-site.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "select", "input", "textarea", "link", "meta",
)  # fmt: skip
# Page landmarks that are furniture on nearly every site, but once in a while wrap the article
# itself (a whole post inside `<aside>`): removed unless they hold nearly all of the page's text.
_LANDMARKS = "nav, footer, aside, dialog"
_MAX_LANDMARK_SHARE = 0.9
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
    r"next-?post|prev-?post|post-?navigation|next-?prev|prev-?next|next-?previous|previous-?next)$",
    re.IGNORECASE,
)
# Class and id values as written in the source. Reading them with a regex over the raw HTML is
# far cheaper than ~80 substring selectors or a Python loop over every element; only the tokens
# that name furniture become (exact, fast) selectors. Two patterns, each starting with a
# literal, so the regex engine skips ahead with a substring search (an alternation first is
# four times slower). A stray match ("data-id=") only adds a selector that matches nothing.
_VALUE = r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
_CLASS_ATTRIBUTE = re.compile("class" + _VALUE)
_ID_ATTRIBUTE = re.compile("id" + _VALUE)
_UNSAFE = re.compile(r'["\\\n]')  # would break out of a quoted selector value
# Furniture wherever the word sits in the name ("hst-resgallery", "photo-carousel"): slides and
# their captions repeat what the article says, and benchmarks' article text leaves them out.
_CONTAINED = re.compile(r"gallery|slideshow|carousel|lightbox|caption", re.IGNORECASE)
# A matched element holding more than this share of the page's text is content, not furniture.
_MAX_SHARE = 0.4


_SPLIT = re.compile(r"__|--|_")


@lru_cache(maxsize=8192)
def _is_furniture_token(token: str) -> bool:
    """A class or id token that names furniture: whole, by its first or last part (BEM, snake
    case), or holding a gallery word anywhere. Cached: templates repeat names across pages."""
    if _UNSAFE.search(token):
        return False
    if _FURNITURE.match(token) or _CONTAINED.search(token):
        return True
    if "_" not in token and "--" not in token:
        return False
    parts = _SPLIT.split(token)
    return bool(_FURNITURE.match(parts[0]) or _FURNITURE.match(parts[-1]))


# Every furniture name holds one of these (lower case); "ad" only at a name's or part's start.
_STEMS = (
    "share", "sharing", "social", "related", "newsletter", "subscri", "signup", "sign-up", "promo",
    "advert", "\nad", "-ad", "_ad", "dfp", "sponsor", "cookie", "consent", "gdpr", "popup",
    "modal", "overlay", "sidebar", "breadcrumb", "comment", "disqus", "outbrain", "taboola",
    "recirc", "stories", "read", "trending", "most", "popular", "toolbar", "skip", "print",
    "sr-only", "hidden", "bio", "tag", "pagination", "post", "gallery", "slideshow", "carousel",
    "lightbox", "caption", "prev",
)  # fmt: skip


def _candidates(tokens: set[str]) -> set[str]:
    """The tokens holding a furniture stem: a few substring scans in C instead of a Python call
    per token (a page has hundreds of names, mostly unique ids that no cache would hold)."""
    joined = "\n" + "\n".join(tokens) + "\n"
    lowered = joined.lower()
    if len(lowered) != len(joined):
        return tokens  # a rare letter whose lower case is longer: check every token
    found: set[str] = set()
    for stem in _STEMS:
        start = lowered.find(stem)
        while start >= 0:
            begin = joined.rfind("\n", 0, start + 1) + 1 if stem[0] != "\n" else start + 1
            end = joined.find("\n", start + 1)
            found.add(joined[begin:end])
            start = lowered.find(stem, end)
    return found


def _furniture_selector(html: str) -> str:
    """One selector list matching every element whose class or id holds a furniture token."""
    classes = {t for found in _CLASS_ATTRIBUTE.findall(html) for t in "".join(found).split()}
    ids = {t for found in _ID_ATTRIBUTE.findall(html) for t in "".join(found).split()}
    selectors = [
        f'[class~="{token}"]'
        for token in sorted(_candidates(classes))
        if _is_furniture_token(token)
    ]
    selectors += [
        f'[id~="{token}"]' for token in sorted(_candidates(ids)) if _is_furniture_token(token)
    ]
    return ", ".join(selectors)


def prune_furniture(tree: LexborHTMLParser, html: str | None = None) -> None:
    """Delete scripts, navigation and furniture-named blocks from `tree` in place.

    `html` is the source the tree was parsed from (its class and id tokens are read from it);
    without it the tree is serialised once to find them.
    """
    selector = _furniture_selector(html if html is not None else tree.html or "")
    tree.strip_tags(list(_DROP_TAGS))
    body = tree.body
    if body is None:
        return
    total = len(body.text(deep=True, separator=" ")) or 1
    _drop_minor(body.css(_LANDMARKS), total, _MAX_LANDMARK_SHARE)
    # Hidden until a script shows it ("<div hidden>" around a whole server-rendered article):
    # when it holds much of the page, it is the page. One selector at a time, so a node removed
    # with an earlier one is not visited again.
    for hidden in _DROP_SELECTORS:
        _drop_minor(body.css(hidden), total, _MAX_SHARE)
    if not selector:
        return
    total = len(body.text(deep=True, separator=" ")) or 1
    doomed: dict[int, LexborNode] = {}
    for node in body.css(selector):
        if node.tag in ("html", "body", "main", "article"):
            continue
        if _inside(node, doomed):
            continue
        if len(node.text(deep=True, separator=" ")) / total < _MAX_SHARE:
            doomed[node.mem_id] = node
    # Decompose only after the walk: a removed node's descendants must not be touched again.
    for node in doomed.values():
        node.decompose()


def _drop_minor(nodes: list[LexborNode], total: int, share: float) -> None:
    """Decompose the nodes holding under `share` of the page's text, outermost only."""
    doomed: dict[int, LexborNode] = {}
    for node in nodes:
        if not _inside(node, doomed) and len(node.text(deep=True, separator=" ")) / total < share:
            doomed[node.mem_id] = node
    for node in doomed.values():  # a descendant found first goes before its ancestor
        node.decompose()


def _inside(node: LexborNode, doomed: dict[int, LexborNode]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in doomed:
            return True
        parent = parent.parent
    return False
