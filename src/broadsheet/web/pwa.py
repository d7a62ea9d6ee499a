"""Installable app: the web manifest, the service worker (served from the root so its scope is
the whole site) and the list of starred articles it keeps for offline reading."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from broadsheet.web.services import STATIC_DIR, Services, services
from broadsheet.web.sessions import current_user

router = APIRouter()
OFFLINE_LIMIT = 200


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    data: dict[str, Any] = {
        "name": "Broadsheet",
        "short_name": "Broadsheet",
        "description": "Self-hosted news: every publisher's coverage, one story at a time.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfaf7",
        "theme_color": "#b3261e",
        "icons": [
            {
                "src": "/static/icon.svg",
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any maskable",
            },
        ],
    }
    return JSONResponse(data, media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker() -> Response:
    return FileResponse(
        STATIC_DIR / "sw.js",
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
    )


@router.get("/offline.json")
def offline_list(request: Request, svc: Services = Depends(services)) -> Response:
    """The pages the service worker should keep: the reader's starred articles."""
    user = current_user(request)
    ids = svc.store.starred_article_ids(user.id)[:OFFLINE_LIMIT] if user else []
    return JSONResponse(
        {"urls": [f"/articles/{i}" for i in ids]}, headers={"Cache-Control": "no-store"}
    )
