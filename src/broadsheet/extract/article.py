"""HTML page to ExtractedArticle: decode, parse once for metadata, extract the body."""

from __future__ import annotations

import re
from html import escape

from selectolax.lexbor import LexborHTMLParser

from broadsheet.extract.boilerplate import clean_paragraphs, drop_blocks
from broadsheet.extract.decode import check_html, decode_html
from broadsheet.extract.engine_native import native_body
from broadsheet.extract.engine_trafilatura import Body, trafilatura_body
from broadsheet.extract.metadata import PageMetadata, read_metadata
from broadsheet.extract.prune import prune_furniture
from broadsheet.extract.sanitize import sanitize_html
from broadsheet.extract.visible import headline_window, shown_byline, shown_date
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
    text = " ".join(paragraphs)
    if len(text) < 1000:
        return True
    if not description:
        return False
    lede = set(_WORD.findall(description.casefold()))
    if len(lede) < 6:
        return False
    found = set(_WORD.findall(text.casefold()))
    return len(lede & found) < 0.5 * len(lede)


def _prefer_linked_body(paragraphs: list[str], linked: str | None) -> list[str]:
    """The JSON-LD articleBody, when the page's own DOM yielded far less (text built by script)."""
    if not linked:
        return paragraphs
    found = sum(len(p) for p in paragraphs)
    if len(linked) > 400 and found < 0.3 * len(linked):
        return [p.strip() for p in re.split(r"\n\s*\n|\r?\n", linked) if p.strip()]
    return paragraphs


# The native finder is trusted when the prose it kept is this share of the page's prose: less
# means it missed part of the article, more means it took in text outside the paragraphs.
_TRUSTED_COVERAGE = (0.9, 1.05)


def _body(tree: LexborHTMLParser, url: str | None, description: str | None) -> Body:
    """The native finder's body when it is sure; trafilatura's (fast, then thorough) if not."""
    native = native_body(tree)
    low, high = _TRUSTED_COVERAGE
    if low <= native.coverage <= high:
        return native.as_body()
    pruned = tree.html or ""
    body = trafilatura_body(pruned, url)
    if not _doubtful(body.paragraphs, description):
        return body
    mine = native.as_body()
    if not _doubtful(mine.paragraphs, description):
        return mine  # a second opinion that costs nothing more
    if len(pruned) < _MAX_THOROUGH_CHARS:
        body = trafilatura_body(pruned, url, fast=False)
    return body


_TWO_DAYS = 172_800  # seconds: a shown day this close to a declared instant is a time-zone shift


def _prefer_shown(meta: PageMetadata, tree: LexborHTMLParser) -> None:
    """Date and byline as printed by the headline; declared ones only when the page shows them."""
    lines = (
        [line.strip() for line in tree.body.text(separator="\n").splitlines()] if tree.body else []
    )
    lines = [line for line in lines if line]
    flat = " ".join(lines)
    window = headline_window(flat, meta.title)
    shown = shown_date(window, meta.title)
    declared = meta.published
    if shown is not None and not (declared and abs((declared - shown).total_seconds()) < _TWO_DAYS):
        meta.published = shown  # a declared one within a day (time zones) keeps its time
    at = next((n for n, line in enumerate(lines) if meta.title and meta.title in line), None)
    near = lines[max(0, at - 6) : at + 15] if at is not None else []
    writer = meta.author
    if writer and meta.publisher and writer.casefold() == meta.publisher.casefold():
        writer = None  # the organisation, not a writer
    meta.author = shown_byline(near) or writer


def extract_article(html: bytes | str, url: str | None = None) -> ExtractedArticle:
    """Extract the article of one page; raises ExtractError when the input is not HTML.

    A page without an article gives an ExtractedArticle with empty text, not an error, so a
    feed's listing page is a recorded result rather than an exception.
    """
    text = decode_html(html) if isinstance(html, bytes) else html
    text = check_html(text)
    tree = LexborHTMLParser(text)
    meta = read_metadata(tree, url)
    prune_furniture(tree)
    _prefer_shown(meta, tree)
    body = _body(tree, url, meta.description)
    paragraphs, dropped = clean_paragraphs(body.paragraphs, meta.title)
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
