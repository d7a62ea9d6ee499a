"""Paragraph-level news furniture: the lines that survive DOM pruning because they sit inside
the article container ("Read more", "Also read", newsletter prompts, share and print lines,
photo credits, "STORY CONTINUES BELOW THIS AD"). Generic phrases in several languages; never
per-site. Only short paragraphs are judged, so a real paragraph that quotes such a phrase stays.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

# Paragraphs longer than this are prose, whatever words they contain.
_MAX_FURNITURE_CHARS = 220
_FURNITURE = re.compile(
    r"^[\W_]*(?:"
    r"related(?: posts?| articles?| stories| content| coverage| reading| links?)?\s*[:|]|"
    r"(?:read|see) (?:more|also|next|the full)\b|also read\b|more from\b|more on (?:this|that)\b|"
    r"recommended(?: for you| reading)?\s*[:|]|you (?:may|might) also like|don'?t miss\b|"
    r"tags?\s*:|topics?\s*:|filed under\b|categor(?:y|ies)\s*:|"
    r"(?:print|email|share)(?: this)?(?: article| story| page)?$|share (?:this|on)\b|"
    r"follow (?:us|\w+(?: \w+)?) on\b|like us on facebook|"
    r"(?:sign up|subscribe|register)\b.{0,120}(?:newsletter|inbox|email|free|today|now)|"
    r"get (?:the|our) .{0,80}(?:newsletter|inbox|delivered)|.{0,80}\bnewsletter\b.{0,80}$|"
    r"click here\b|continue reading\b|story continues below|article continues below|"
    r"advertisement$|advertising$|sponsored(?: content)?$|ad$|"
    r"(?:photo|image|picture|video|graphic)(?: credit)?s?\s*(?::|by\b|©)|credit\s*:|"
    r"©|copyright\b|all rights reserved|this (?:copy|article) is for your personal|"
    r"write to .{0,60}@|contact (?:the )?(?:author|reporter|writer)|"
    r"comments?$|leave a (?:comment|reply)|no comments|loading\b|"
    r"(?:lesen sie auch|mehr zum thema|auch interessant|weiterlesen|anzeige$)|"
    r"(?:leia (?:também|mais)|veja (?:também|mais)|lea también|leer más|ver más|publicidad$)|"
    r"(?:читайте также|подробнее|реклама$)|"
    r"(?:関連記事|あわせて読みたい|広告$|相关阅读|相关新闻|延伸阅读|广告$|관련기사|광고$)"
    r")",
    re.IGNORECASE,
)
# A byline line left at the top of the body ("By Ann Reporter, January 20, 2020 16:40 UTC"):
# metadata, which the article page shows on its own, not article text.
_BYLINE_LINE = re.compile(
    r"^(?:by|von|par|por|di|door)\s+[^.!?]{1,80}?(?:,\s*[^.!?]{0,60}\d{4}[^.!?]{0,30})?$",
    re.IGNORECASE,
)
_CLICK_TO_TWEET = re.compile(r"\s*Click To Tweet\s*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def is_furniture(paragraph: str) -> bool:
    """A short paragraph that is page furniture rather than article text."""
    text = paragraph.strip().lstrip("-•*· ").strip()
    return len(text) <= _MAX_FURNITURE_CHARS and bool(_FURNITURE.match(text))


def clean_paragraphs(paragraphs: list[str], title: str | None) -> tuple[list[str], set[str]]:
    """Paragraphs without furniture (and without a repeat of the headline); and what went."""
    kept: list[str] = []
    dropped: set[str] = set()
    headline = _norm(title) if title else None
    for n, raw in enumerate(paragraphs):
        paragraph = _CLICK_TO_TWEET.sub("", raw)
        leading = n < 3
        if (
            is_furniture(paragraph)
            or (leading and headline and _norm(paragraph) == headline)
            or (leading and _BYLINE_LINE.match(paragraph.strip()))
        ):
            dropped.add(_norm(raw))
            continue
        kept.append(paragraph)
    return kept, dropped


def drop_blocks(html: str, dropped: set[str]) -> str:
    """The body HTML without the blocks whose text was dropped as furniture."""
    if not dropped or not html:
        return html
    tree = LexborHTMLParser(html)
    doomed = [
        node
        for node in tree.css("p, li, h1, h2, h3, h4, h5, h6, blockquote, figcaption, div")
        if _norm(node.text(deep=True, separator=" ")) in dropped
    ]
    for node in reversed(doomed):  # innermost last in document order: children before parents
        node.decompose()
    body = tree.body
    return body.inner_html if body is not None and isinstance(body.inner_html, str) else ""
