"""The body as trafilatura finds it: the reference extractor, kept as a fallback engine."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

import trafilatura
from lxml.etree import strip_tags
from trafilatura.htmlprocessing import build_html_output
from trafilatura.xml import xmltotxt


@dataclass(slots=True)
class Body:
    """A page's main content as plain paragraphs and as (unsanitised) structural HTML."""

    paragraphs: list[str]
    html: str


def trafilatura_body(html: str, url: str | None, fast: bool = True) -> Body:
    """Run trafilatura's main-content extraction (no comments: readers want the article).

    `fast` skips its fallback extractors (readability, jusText), which cost ~40 % of the time
    and matter on few pages; the caller reruns without it when the result looks wrong.
    """
    document = trafilatura.bare_extraction(
        html,
        url=url,
        fast=fast,
        include_comments=False,
        include_links=True,
        with_metadata=False,
    )
    if document is None or isinstance(document, dict) or document.body is None:
        return Body([], "")
    plain = deepcopy(document.body)
    strip_tags(plain, "ref")  # links stay in the HTML; the plain text carries no markdown
    text = xmltotxt(plain, include_formatting=False) or ""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return Body(paragraphs, build_html_output(document))
