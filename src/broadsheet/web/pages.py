"""Server-rendered pages for readers."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from broadsheet.pipeline import SubscribeError, discover_and_add
from broadsheet.sanitize import sanitize_html
from broadsheet.web.services import Services, services

router = APIRouter()
PAGE_SIZE = 30


def _render(svc: Services, request: Request, name: str, status: int = 200, **ctx: Any) -> Response:
    return svc.templates.TemplateResponse(request, name, ctx, status_code=status)


@router.get("/", response_class=HTMLResponse)
def front_page(
    request: Request, page: int = Query(1, ge=1, le=10_000), svc: Services = Depends(services)
) -> Response:
    items = svc.store.latest_articles(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return _render(
        svc,
        request,
        "front.html",
        articles=items[:PAGE_SIZE],
        page=page,
        has_more=len(items) > PAGE_SIZE,
        title="Latest",
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int, svc: Services = Depends(services)) -> Response:
    article = svc.store.get_article(article_id)
    if article is None:
        raise HTTPException(404, "No such article")
    original = svc.store.get_article(article.duplicate_of) if article.duplicate_of else None
    copies = svc.store.duplicates_of(original.id if original else article.id)
    also = [a for a in ([original] if original else []) + copies if a.id != article.id]
    body = sanitize_html(article.html) if article.html else ""
    paragraphs = [] if body else [p for p in article.text.split("\n\n") if p.strip()]
    return _render(
        svc,
        request,
        "article.html",
        article=article,
        body=body,
        paragraphs=paragraphs,
        also=also,
        title=article.title,
    )


@router.get("/publishers/{name}", response_class=HTMLResponse)
def publisher_page(
    request: Request,
    name: str,
    page: int = Query(1, ge=1, le=10_000),
    svc: Services = Depends(services),
) -> Response:
    items = svc.store.latest_articles(
        publisher=name, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    if not items and page == 1:
        raise HTTPException(404, "No articles from this publisher")
    return _render(
        svc,
        request,
        "front.html",
        articles=items[:PAGE_SIZE],
        page=page,
        has_more=len(items) > PAGE_SIZE,
        title=name,
        publisher=name,
    )


@router.get("/publishers", response_class=HTMLResponse)
def publishers_page(request: Request, svc: Services = Depends(services)) -> Response:
    return _render(svc, request, "publishers.html", publishers=svc.store.publishers(),
                   title="Publishers")


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = Query("", max_length=500),
    page: int = Query(1, ge=1, le=1000),
    svc: Services = Depends(services),
) -> Response:
    items = (
        svc.store.search_articles(q, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
        if q.strip()
        else []
    )
    return _render(
        svc,
        request,
        "search.html",
        q=q,
        articles=items[:PAGE_SIZE],
        page=page,
        has_more=len(items) > PAGE_SIZE,
        title=f"Search: {q}" if q else "Search",
    )


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request, svc: Services = Depends(services)) -> Response:
    return _render(svc, request, "feeds.html", feeds=svc.store.list_feeds(), title="Feeds")


@router.post("/feeds", response_class=HTMLResponse)
async def add_feed(
    request: Request, url: str = Form(..., max_length=2048), svc: Services = Depends(services)
) -> Response:
    error: str | None = None
    if svc.pipeline is None:
        error = "the fetcher is not running"
    else:
        try:
            feed, created = await discover_and_add(svc.pipeline, url.strip())
        except SubscribeError as exc:
            error = str(exc)
        else:
            await svc.pipeline.refresh_feed(feed)
            return RedirectResponse(f"/feeds?added={quote(str(feed.id))}", status_code=303)
    feeds = await run_in_threadpool(svc.store.list_feeds)
    return _render(svc, request, "feeds.html", status=422, feeds=feeds, error=error,
                   url=url, title="Feeds")
