"""HTML page to ExtractedArticle: decode, parse once for metadata, extract the body."""

from __future__ import annotations

import re
from html import escape

from selectolax.lexbor import LexborHTMLParser

from broadsheet.extract.decode import check_html, decode_html
from broadsheet.extract.engine_trafilatura import trafilatura_body
from broadsheet.extract.metadata import read_metadata
from broadsheet.extract.sanitize import sanitize_html
from broadsheet.models import ExtractedArticle

# Less than this is navigation or a caption, not an article (CJK counted per character).
_MIN_WORDS = 12
_MIN_CJK_CHARS = 40
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _too_thin(paragraphs: list[str]) -> bool:
    text = " ".join(paragraphs)
    return len(text.split()) < _MIN_WORDS and len(_CJK.findall(text)) < _MIN_CJK_CHARS


def extract_article(html: bytes | str, url: str | None = None) -> ExtractedArticle:
    """Extract the article of one page; raises ExtractError when the input is not HTML.

    A page without an article gives an ExtractedArticle with empty text, not an error, so a
    feed's listing page is a recorded result rather than an exception.
    """
    text = decode_html(html) if isinstance(html, bytes) else html
    text = check_html(text)
    tree = LexborHTMLParser(text)
    meta = read_metadata(tree, url)
    body = trafilatura_body(text, url)
    paragraphs = body.paragraphs if not _too_thin(body.paragraphs) else []
    body_html = body.html or "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
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
