"""Comments are written in a small markdown subset (emphasis, code, links, lists, quotes) and
rendered with raw HTML off, then passed through the project's one sanitizer allow-list."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from broadsheet.sanitize import sanitize_html


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True})
    md.enable(["emphasis", "backticks", "link", "list", "blockquote", "newline", "escape"])
    md.validateLink = lambda url: url.lower().startswith(("http://", "https://"))  # type: ignore[method-assign]
    return md


def render_comment(body: str) -> str:
    return sanitize_html(_parser().render(body))
