"""GET/POST /api/articles/{id}/translation?lang=xx: the cached machine translation, or make it.

Include with the app's own guards, since each translation costs LLM time:
`app.include_router(router, dependencies=[Depends(require_user), Depends(csrf_protect)])`
and set `app.state.translate = TranslateState(settings, store)`. Without an LLM endpoint every
answer is 404, matching the hidden button.
"""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from broadsheet.config import Settings
from broadsheet.store import Store
from broadsheet.translate.client import Translation, translate_article, translation_available
from broadsheet.translate.prompt import normalize_language

router = APIRouter()


@dataclass(slots=True)
class TranslateState:
    settings: Settings
    store: Store
    transport: httpx.AsyncBaseTransport | None = None  # tests reach a loopback endpoint


def _state(request: Request) -> TranslateState:
    state = request.app.state.translate
    assert isinstance(state, TranslateState)
    return state


def _json(t: Translation) -> dict[str, Any]:
    return {
        "article_id": t.article_id,
        "language": t.language,
        "title": t.title,
        "text": t.text,
        "model": t.model,
        "truncated": t.truncated,
        "machine_translation": True,
        "notice": "Machine translation: it may contain mistakes.",
    }


def _checked(request: Request, article_id: int, lang: str) -> tuple[TranslateState, str]:
    state = _state(request)
    if not translation_available(state.settings):
        raise HTTPException(404, "translation is not configured")
    language = normalize_language(lang)
    if language is None:
        raise HTTPException(422, "lang must be a language code such as 'de' or 'pt-br'")
    return state, language


@router.get("/api/articles/{article_id}/translation")
async def cached_translation(
    article_id: int, request: Request, lang: str = Query(...)
) -> dict[str, Any]:
    state, language = _checked(request, article_id, lang)
    found = await asyncio.to_thread(state.store.get_translation, article_id, language)
    if found is None:
        raise HTTPException(404, "not translated yet")
    return _json(found)


async def _translation(request: Request, article_id: int, lang: str) -> Translation:
    state, language = _checked(request, article_id, lang)
    found = await asyncio.to_thread(state.store.get_translation, article_id, language)
    if found is not None:
        return found
    article = await asyncio.to_thread(state.store.get_article, article_id)
    if article is None:
        raise HTTPException(404, "no such article")
    if (article.language or "").lower() == language:
        raise HTTPException(422, "the article is already in that language")
    made = await translate_article(state.settings, article, language, transport=state.transport)
    if made is None:
        raise HTTPException(502, "the translation service is unavailable; try again later")
    await asyncio.to_thread(state.store.save_translation, made)
    return made


@router.post("/api/articles/{article_id}/translation")
async def translate(article_id: int, request: Request, lang: str = Query(...)) -> dict[str, Any]:
    return _json(await _translation(request, article_id, lang))


@router.post("/articles/{article_id}/translation")
async def translate_fragment(
    article_id: int, request: Request, lang: str = Form(..., max_length=16)
) -> Response:
    """The article page's button: the translation as an HTML fragment, marked as machine-made."""
    from broadsheet.web.render import render

    try:
        made = await _translation(request, article_id, lang)
    except HTTPException as exc:
        return Response(
            f'<p class="error" role="alert">{html.escape(str(exc.detail))}</p>',
            media_type="text/html",
            status_code=200 if exc.status_code == 502 else exc.status_code,
        )
    paragraphs = [p for p in made.text.split("\n\n") if p.strip()]
    return render(request, "_translation.html", translation=made, paragraphs=paragraphs)
