"""Asking the OpenAI-compatible endpoint for a translation, one chunk at a time.

Like the enrich stage's LLM use, nothing here raises to the caller: an endpoint that is down,
slow or answers nonsense gives None, and the page says the translation is unavailable.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from broadsheet.config import Settings
from broadsheet.models import Article
from broadsheet.translate.prompt import MAX_CHUNKS, chunks, plausible, system_prompt

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Translation:
    article_id: int
    language: str
    title: str
    text: str
    model: str
    truncated: bool = False
    machine: bool = True  # always: shown as "machine translation"


def translation_available(settings: Settings) -> bool:
    """Whether to offer translation at all (the button is hidden when False)."""
    return bool(settings.llm_url.strip())


def _endpoint(settings: Settings) -> str:
    root = settings.llm_url.rstrip("/")
    if not root.endswith("/v1"):
        root += "/v1"
    return root + "/chat/completions"


async def translate_article(
    settings: Settings,
    article: Article,
    language: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Translation | None:
    """The article's title and text in `language` (a normalized tag), or None."""
    if not translation_available(settings):
        return None
    blocks = chunks(article.text)
    truncated = len(blocks) > MAX_CHUNKS
    blocks = blocks[:MAX_CHUNKS]
    headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
    async with httpx.AsyncClient(
        headers=headers,
        timeout=settings.llm_timeout_s,
        transport=transport,
        follow_redirects=False,
        trust_env=False,
    ) as http:
        title = await _chat(http, settings, language, article.title) if article.title else ""
        if article.title and title is None:
            return None
        parts = []
        for block in blocks:
            done = await _chat(http, settings, language, block)
            if done is None:
                return None
            parts.append(done)
    return Translation(
        article_id=article.id,
        language=language,
        title=title or "",
        text="\n\n".join(parts),
        model=settings.llm_model,
        truncated=truncated,
    )


async def _chat(
    http: httpx.AsyncClient, settings: Settings, language: str, text: str
) -> str | None:
    payload: dict[str, Any] = {
        "model": settings.llm_model,
        "messages": [
            {"role": "system", "content": system_prompt(language)},
            {"role": "user", "content": text},
        ],
        "temperature": 0.1,
        "stream": False,
    }
    try:
        async with asyncio.timeout(settings.llm_timeout_s):
            response = await http.post(_endpoint(settings), json=payload)
        if response.status_code != 200:
            log.warning("translation endpoint answered HTTP %s", response.status_code)
            return None
        content = response.json()["choices"][0]["message"]["content"]
    except (httpx.HTTPError, TimeoutError, ValueError) as exc:
        log.warning("translation endpoint unusable: %s", type(exc).__name__)
        return None
    except (KeyError, IndexError, TypeError):
        log.warning("translation endpoint answered an unexpected shape")
        return None
    if not isinstance(content, str) or not plausible(text, content):
        return None
    return content.strip()
