"""Read schema.org JSON-LD blocks: the most reliable metadata a news page carries.

Publishers feed it to search engines, so headline, author and datePublished there are
usually the ones the page shows. Broken JSON (trailing commas, raw newlines) is common and
is skipped rather than repaired beyond the cheap fixes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Posting|Report|NewsArticle|Review|Recipe)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(slots=True)
class LinkedData:
    """What the JSON-LD of a page says about its main article (empty fields when silent)."""

    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    site_name: str | None = None
    image: str | None = None
    language: str | None = None
    description: str | None = None
    body: str | None = None
    url: str | None = None
    is_article: bool = False


def _load(raw: str) -> Any:
    text = _CONTROL.sub(" ", raw.strip())
    if text.startswith("<!--"):
        text = text.strip("<!->")
    if text.startswith("//<![CDATA["):
        text = text[len("//<![CDATA[") :].rsplit("//]]>", 1)[0]
    try:
        return json.loads(text)
    except ValueError:
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", text), strict=False)
        except ValueError:
            return None


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                yield from _walk(node[key], depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type", [])
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind)]


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url")
    if isinstance(value, str | int | float) and str(value).strip():
        return str(value).strip()
    return None


def _image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _names(value: Any, nodes: dict[str, dict[str, Any]]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if (
            isinstance(item, dict)
            and "name" not in item
            and isinstance(item.get("@id"), str)
            and item["@id"] in nodes
        ):
            item = nodes[item["@id"]]  # Yoast's graph names a Person by reference
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            names.extend(str(n).strip() for n in name if isinstance(n, str) and n.strip())
        elif isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def read_linked_data(blocks: list[str]) -> LinkedData:
    """Merge the page's JSON-LD blocks into one view of its main article."""
    found = LinkedData()
    article: dict[str, Any] | None = None
    page: dict[str, Any] | None = None
    nodes: dict[str, dict[str, Any]] = {}
    for raw in blocks:
        for obj in _walk(_load(raw)):
            types = _types(obj)
            if isinstance(obj.get("@id"), str):
                nodes.setdefault(obj["@id"], obj)
            if any(_ARTICLE_TYPES.search(t) for t in types) and article is None:
                article = obj
            elif "WebSite" in types and not found.site_name:
                found.site_name = _text(obj.get("name"))
            elif "WebPage" in types and page is None and obj.get("datePublished"):
                page = obj  # Yoast lists the WebPage before the Article it holds
    article = article or page
    if article is None:
        return found
    found.is_article = any(_ARTICLE_TYPES.search(t) for t in _types(article))
    found.headline = _text(article.get("headline")) or _text(article.get("name"))
    found.authors = _names(article.get("author") or article.get("creator"), nodes)
    found.published = _text(article.get("datePublished")) or _text(article.get("dateCreated"))
    found.modified = _text(article.get("dateModified"))
    found.publisher = _text(article.get("publisher"))
    found.image = _image(article.get("image") or article.get("thumbnailUrl"))
    found.language = _text(article.get("inLanguage"))
    found.description = _text(article.get("description"))
    body = article.get("articleBody")
    found.body = body if isinstance(body, str) else None
    found.url = _text(article.get("url")) or _text(article.get("mainEntityOfPage"))
    return found
