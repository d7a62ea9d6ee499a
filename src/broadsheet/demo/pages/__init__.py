"""Publisher page templates: one module per fictional publisher, dispatched by its style."""

from __future__ import annotations

from collections.abc import Callable

from broadsheet.demo.pages import courier, globe, herald, ledger
from broadsheet.demo.pages.common import ArticleView, FeedLink, ListingView

__all__ = ["ArticleView", "FeedLink", "ListingView", "render_article", "render_listing"]

_ARTICLE: dict[str, Callable[[ArticleView], str]] = {
    "ledger": ledger.render_article,
    "courier": courier.render_article,
    "globe": globe.render_article,
    "herald": herald.render_article,
}
_LISTING: dict[str, Callable[[ListingView], str]] = {
    "ledger": ledger.render_listing,
    "courier": courier.render_listing,
    "globe": globe.render_listing,
    "herald": herald.render_listing,
}


def render_article(view: ArticleView) -> str:
    return _ARTICLE[view.page.publisher.style](view)


def render_listing(view: ListingView) -> str:
    return _LISTING[view.publisher.style](view)
