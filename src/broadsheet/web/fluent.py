"""Optional fluent answers: the configured LLM rewrites the quoted sentences, filled in later.

The question box always answers at once with the extractive quotes; when an OpenAI-compatible
endpoint is configured, the page then asks for a rewrite (htmx, on load) so the reader never waits
on the model. The rewrite may use only the retrieved sentences and keeps their [n] citations;
when the model is down, slow or unhelpful, nothing extra is shown. Results are cached per app.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field

from broadsheet.config import Settings
from broadsheet.enrich import CitedSentence, LlmClient

_PENDING_MAX = 1000
_CACHE_MAX = 2000


def llm_configured(settings: Settings) -> bool:
    return bool(settings.llm_url)


@dataclass
class FluentAnswers:
    """Per-app state: questions waiting for a rewrite, and rewrites already made."""

    settings: Settings
    pending: OrderedDict[str, tuple[str, list[CitedSentence]]] = field(default_factory=OrderedDict)
    cache: OrderedDict[str, str | None] = field(default_factory=OrderedDict)

    def defer(self, question: str, sentences: list[CitedSentence]) -> str:
        token = secrets.token_urlsafe(12)
        self.pending[token] = (question, sentences)
        while len(self.pending) > _PENDING_MAX:
            self.pending.popitem(last=False)
        return token

    async def rewrite_summary(self, sentences: list[CitedSentence]) -> str | None:
        """A fluent story summary from the stored extractive one (same citations), cached."""
        key = (
            "summary:"
            + hashlib.sha256("\n".join(s.text for s in sentences).encode("utf-8")).hexdigest()
        )
        if key not in self.cache:
            async with self._client() as client:
                self.cache[key] = await client.rewrite_summary(sentences)
            self._trim()
        return self.cache[key]

    def _client(self) -> LlmClient:
        return LlmClient(
            self.settings.llm_url,
            self.settings.llm_model,
            self.settings.llm_api_key,
            timeout_s=self.settings.llm_timeout_s,
        )

    def _trim(self) -> None:
        while len(self.cache) > _CACHE_MAX:
            self.cache.popitem(last=False)

    async def rewrite(self, token: str) -> tuple[str | None, list[CitedSentence]]:
        item = self.pending.get(token)
        if item is None:
            return None, []
        question, sentences = item
        key = hashlib.sha256(
            "\n".join([question, *(s.text for s in sentences)]).encode("utf-8")
        ).hexdigest()
        if key not in self.cache:
            async with self._client() as client:
                self.cache[key] = await client.rewrite_answer(question, sentences)
            self._trim()
        return self.cache[key], sentences
