"""The JSON contract of `broadsheet extract` (DESIGN.md): other tools read these keys."""

from __future__ import annotations

from typing import Any

from broadsheet.models import ExtractedArticle

CONTRACT_KEYS = (
    "url", "title", "author", "published", "publisher", "language", "text", "image", "topics",
)  # fmt: skip


def to_contract(article: ExtractedArticle, id: str | None = None) -> dict[str, Any]:
    """One article as the contract's JSON object; `id` is added in batch mode."""
    record: dict[str, Any] = {} if id is None else {"id": id}
    record.update(
        url=article.url or article.canonical_url,
        title=article.title,
        author=article.author,
        published=article.published.isoformat() if article.published else None,
        publisher=article.publisher,
        language=article.language,
        text=article.text,
        image=article.image,
        topics=[],
    )
    return record
