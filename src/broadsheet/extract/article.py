"""HTML page to ExtractedArticle: decode, parse once for metadata, extract the body."""

from __future__ import annotations

import re
from html import escape

from selectolax.lexbor import LexborHTMLParser

from broadsheet.extract.boilerplate import clean_paragraphs, drop_blocks
from broadsheet.extract.decode import check_html, decode_html
from broadsheet.extract.engine_native import NativeBody, native_body
from broadsheet.extract.engine_trafilatura import Body, trafilatura_body
from broadsheet.extract.metadata import read_metadata
from broadsheet.extract.prune import prune_furniture
from broadsheet.extract.sanitize import sanitize_html
from broadsheet.models import ExtractedArticle

# Less than this is navigation or a caption, not an article (CJK counted per character).
_MIN_WORDS = 12
_MIN_CJK_CHARS = 40
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _too_thin(paragraphs: list[str]) -> bool:
    text = " ".join(paragraphs)
    return len(text.split()) < _MIN_WORDS and len(_CJK.findall(text)) < _MIN_CJK_CHARS


# The thorough second pass (trafilatura's fallbacks) is superlinear; huge pages skip it.
_MAX_THOROUGH_CHARS = 1_000_000
_WORD = re.compile(r"\w+")


def _doubtful(paragraphs: list[str], description: str | None) -> bool:
    """A fast result worth a second, thorough look: very short, or missing the page's lede."""
    return len(" ".join(paragraphs)) < 1000 or _lede_missing(paragraphs, description)


def _lede_missing(paragraphs: list[str], description: str | None) -> bool:
    """Whether under half the words of the page's own summary appear in the text found."""
    if not description:
        return False
    lede = set(_WORD.findall(description.casefold()))
    if len(lede) < 6:
        return False
    found = set(_WORD.findall(" ".join(paragraphs).casefold()))
    return len(lede & found) < 0.5 * len(lede)


def _prefer_linked_body(paragraphs: list[str], linked: str | None) -> list[str]:
    """The JSON-LD articleBody, when the page's own DOM yielded far less (text built by script)."""
    if not linked:
        return paragraphs
    found = sum(len(p) for p in paragraphs)
    if len(linked) > 400 and found < 0.3 * len(linked):
        return [p.strip() for p in re.split(r"\n\s*\n|\r?\n", linked) if p.strip()]
    return paragraphs


# The native finder is trusted when the prose it kept is this share of the page's prose and
# its text carries the page's lede. Less means it missed part of the article; much more means
# it took in text outside the paragraphs (lists, captions, link blocks). `coverage` exceeds 1
# on most good pages, as it counts loose text and shorter paragraphs that the page's prose
# measure leaves out. A page with no long paragraphs at all (coverage 0: text in `<div>`s and
# `<br>`s) is trusted when the finder read a fair amount. Short articles are trusted too:
# trafilatura, asked for a second opinion on them, mostly adds furniture. Tuned on the
# even-indexed benchmark pages, odd ones held out; trafilatura now runs on ~5 % of pages. The
# low end went 0.5 -> 0.4: on the pages between the two, the native body was the better one.
_TRUSTED_COVERAGE = (0.4, 1.5)
_TRUSTED_WITHOUT_PROSE = 500  # characters read on a page without long paragraphs


def _trusted(native: NativeBody, mine: Body, description: str | None) -> bool:
    low, high = _TRUSTED_COVERAGE
    if _lede_missing(mine.paragraphs, description):
        return False
    if low <= native.coverage <= high:
        return True
    return native.coverage == 0 and sum(map(len, mine.paragraphs)) > _TRUSTED_WITHOUT_PROSE


def _body(tree: LexborHTMLParser, url: str | None, description: str | None) -> Body:
    """The native finder's body when it is sure; trafilatura's (fast, then thorough) if not."""
    native = native_body(tree)
    mine = native.as_body()
    if _trusted(native, mine, description):
        return mine
    pruned = tree.html or ""
    body = trafilatura_body(pruned, url)
    if not _doubtful(body.paragraphs, description):
        return body
    if not _doubtful(mine.paragraphs, description):
        return mine  # a second opinion that costs nothing more
    if len(pruned) < _MAX_THOROUGH_CHARS:
        body = trafilatura_body(pruned, url, fast=False)
    return body


def extract_article(html: bytes | str, url: str | None = None) -> ExtractedArticle:
    """Extract the article of one page; raises ExtractError when the input is not HTML.

    A page without an article gives an ExtractedArticle with empty text, not an error, so a
    feed's listing page is a recorded result rather than an exception.
    """
    text = decode_html(html) if isinstance(html, bytes) else html
    text = check_html(text)
    tree = LexborHTMLParser(text)
    meta = read_metadata(tree, url)
    prune_furniture(tree, text)
    body = _body(tree, url, meta.description)
    paragraphs, dropped = clean_paragraphs(body.paragraphs, meta.title, meta.author)
    paragraphs = paragraphs if not _too_thin(paragraphs) else []
    body_html = drop_blocks(body.html, dropped)
    linked = _prefer_linked_body(paragraphs, meta.linked_body)
    if linked is not paragraphs:
        paragraphs, body_html = linked, ""
    body_html = body_html or "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return ExtractedArticle(
        url=url or meta.canonical_url,
        title=meta.title,
        author=meta.author,
        published=meta.published,
        updated=meta.updated,
        publisher=meta.publisher,
        language=meta.language,
        text="\n\n".join(paragraphs),
        html=sanitize_html(body_html) if paragraphs else "",
        image=meta.image,
        canonical_url=meta.canonical_url,
        description=meta.description,
    )
