"""Optional rewriting by a large language model behind any OpenAI-compatible chat endpoint.

This is the enrich stage's only network edge, and it is strictly optional: the model only
rephrases sentences that were already retrieved, numbered [1], [2]…, and must keep those markers.
Anything else — the endpoint down, slow, answering garbage, or inventing a citation — yields None,
and the caller shows the extractive result it already has. Nothing here raises to the caller.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Sequence
from typing import Any

import httpx

from broadsheet.enrich.types import CitedSentence

log = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d+)\]")
_MAX_OUTPUT_CHARS = 4000

_SUMMARY_PROMPT = (
    "You rewrite news sentences into one short, fluent summary. Use ONLY the numbered sentences"
    " given; add no facts. After each statement put the marker of the sentence it comes from,"
    " such as [1] or [2]. Reply with the summary text only."
)
_ANSWER_PROMPT = (
    "You answer a reader's question about a news story using ONLY the numbered sentences given;"
    " add no facts. After each statement put the marker of the sentence it comes from, such as"
    " [1]. If the sentences do not answer the question, reply exactly: NOT ANSWERED."
)


def _numbered(sentences: Sequence[CitedSentence]) -> str:
    lines = []
    for n, s in enumerate(sentences, start=1):
        source = f" ({s.publisher})" if s.publisher else ""
        lines.append(f"[{n}]{source} {s.text}")
    return "\n".join(lines)


def _valid(text: str, count: int) -> bool:
    """Keep a rewrite only if it cites, and cites nothing that was not given."""
    markers = [int(m) for m in _MARKER.findall(text)]
    return bool(markers) and all(1 <= m <= count for m in markers)


class LlmClient:
    """A client for one OpenAI-compatible endpoint (llama.cpp server, Ollama, a hosted API).

    `base_url` may be given with or without the trailing `/v1`. One client may be shared by
    concurrent requests; call `aclose()` when done (or use it as an async context manager).
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout_s: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        root = base_url.rstrip("/")
        if not root.endswith("/v1"):
            root += "/v1"
        self.url = root + "/chat/completions"
        self.model = model
        self.timeout_s = timeout_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.AsyncClient(
            headers=headers, timeout=timeout_s, transport=transport, follow_redirects=False
        )

    async def __aenter__(self) -> LlmClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def rewrite_summary(self, sentences: Sequence[CitedSentence]) -> str | None:
        """A fluent summary of `sentences` with their [n] markers, or None."""
        if not sentences:
            return None
        text = await self._chat(_SUMMARY_PROMPT, _numbered(sentences))
        if text is None or not _valid(text, len(sentences)):
            return None
        return text

    async def rewrite_answer(self, question: str, sentences: Sequence[CitedSentence]) -> str | None:
        """A fluent answer to `question` from `sentences` with their [n] markers, or None."""
        if not sentences or not question.strip():
            return None
        user = f"Question: {question.strip()}\n\nSentences:\n{_numbered(sentences)}"
        text = await self._chat(_ANSWER_PROMPT, user)
        if text is None or "NOT ANSWERED" in text or not _valid(text, len(sentences)):
            return None
        return text

    async def _chat(self, system: str, user: str) -> str | None:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "temperature": 0.2,
            "stream": False,
        }
        try:
            async with asyncio.timeout(self.timeout_s):
                response = await self._client.post(self.url, json=payload)
            if response.status_code != 200:
                log.warning("llm endpoint answered HTTP %s", response.status_code)
                return None
            data = response.json()
            content = data["choices"][0]["message"]["content"]
        except (httpx.HTTPError, TimeoutError, json.JSONDecodeError, ValueError) as exc:
            log.warning("llm endpoint unusable: %s", type(exc).__name__)
            return None
        except (KeyError, IndexError, TypeError):
            log.warning("llm endpoint answered an unexpected shape")
            return None
        if not isinstance(content, str):
            return None
        content = content.strip()
        if not content or len(content) > _MAX_OUTPUT_CHARS:
            return None
        return content
