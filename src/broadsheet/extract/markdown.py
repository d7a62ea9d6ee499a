"""Markdown for `broadsheet extract --format markdown`: the article as a reader would paste it."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from broadsheet.models import ExtractedArticle

_PREFIX = {"h2": "## ", "h3": "### ", "h4": "#### ", "blockquote": "> ", "figcaption": "*"}


def _inline(node: LexborNode) -> str:
    parts: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag == "a" and child.attributes.get("href"):
            parts.append(f"[{_inline(child).strip()}]({child.attributes['href']})")
        else:
            parts.append(_inline(child))
    return " ".join("".join(parts).split()) if node.tag != "pre" else "".join(parts)


def _blocks(node: LexborNode, out: list[str], depth: int = 0) -> None:
    for child in node.iter():
        tag = child.tag
        if tag in ("ul", "ol"):
            for n, item in enumerate((c for c in child.iter() if c.tag == "li"), 1):
                bullet = f"{n}. " if tag == "ol" else "- "
                out.append("  " * depth + bullet + _inline(item))
            out.append("")
        elif tag in ("figure", "blockquote") and any(
            c.tag in ("p", "figcaption", "ul", "ol") for c in child.iter()
        ):
            inner: list[str] = []
            _blocks(child, inner, depth)
            prefix = "> " if tag == "blockquote" else ""
            out.extend(prefix + line if line else line for line in inner)
        else:
            text = _inline(child)
            if text:
                end = "*" if tag == "figcaption" else ""
                out.extend([_PREFIX.get(tag or "", "") + text + end, ""])


def to_markdown(article: ExtractedArticle) -> str:
    """Title, a byline line, then the body; falls back to plain paragraphs without HTML."""
    lines: list[str] = []
    if article.title:
        lines += [f"# {article.title}", ""]
    byline = " · ".join(
        p
        for p in (
            article.author,
            article.publisher,
            article.published.isoformat() if article.published else None,
        )
        if p
    )
    if byline:
        lines += [f"*{byline}*", ""]
    body = LexborHTMLParser(f"<div>{article.html}</div>").css_first("div")
    if article.html and body is not None:
        _blocks(body, lines)
    else:
        for paragraph in article.text.split("\n\n"):
            lines += [paragraph, ""]
    return "\n".join(lines).strip() + "\n"
