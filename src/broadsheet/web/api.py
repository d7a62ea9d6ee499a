"""JSON endpoints for feeds and articles, and the health check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from broadsheet.models import Article, Feed
from broadsheet.web.services import Services, services

router = APIRouter()


def feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "url": feed.url,
        "title": feed.title,
        "site_url": feed.site_url,
        "publisher": feed.publisher,
        "last_fetched_at": feed.last_fetched_at.isoformat() if feed.last_fetched_at else None,
        "next_check_at": feed.next_check_at.isoformat() if feed.next_check_at else None,
        "last_error": feed.last_error,
        "error_count": feed.error_count,
    }


def article_json(article: Article, *, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "publisher": article.publisher,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "image": article.image,
        "summary": article.summary,
        "story_id": article.story_id,
        "duplicate_of": article.duplicate_of,
        "feed_id": article.feed_id,
    }
    if full:
        data["text"] = article.text
        data["credit"] = article.credit
    return data


@router.get("/healthz")
def healthz(svc: Services = Depends(services)) -> dict[str, Any]:
    return {"status": "ok", "articles": svc.store.count_articles()}


@router.get("/api/feeds")
def list_feeds(svc: Services = Depends(services)) -> list[dict[str, Any]]:
    return [feed_json(f) for f in svc.store.list_feeds()]


@router.get("/api/articles")
def list_articles(
    limit: int = Query(30, ge=1, le=200),
    offset: int = Query(0, ge=0),
    publisher: str | None = None,
    svc: Services = Depends(services),
) -> list[dict[str, Any]]:
    items = svc.store.latest_articles(limit=limit, offset=offset, publisher=publisher)
    return [article_json(a) for a in items]


@router.get("/api/articles/{article_id}")
def get_article(article_id: int, svc: Services = Depends(services)) -> dict[str, Any]:
    article = svc.store.get_article(article_id)
    if article is None:
        raise HTTPException(404, "No such article")
    return article_json(article, full=True)
