"""The Google Reader API (the subset FreshRSS and Miniflux serve); see README.md."""

from __future__ import annotations

from fastapi import APIRouter

from broadsheet.web.greader import routes_auth, routes_streams, routes_subscriptions
from broadsheet.web.greader.auth import ReaderAuthError

__all__ = ["ReaderAuthError", "router"]

router = APIRouter(include_in_schema=False)
router.include_router(routes_auth.router)
router.include_router(routes_subscriptions.router)
router.include_router(routes_streams.router)
