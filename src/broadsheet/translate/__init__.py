"""Machine translation of an article on request, with the optional LLM endpoint.

Offline-first: without `llm_url` there is no translation and `translation_available()` is
False, so the web app does not show the button. With one, the article is translated paragraph
block by block (prompt.py), the result is cached in the store per language, and every view of
it is labelled as machine translation.

Public API: translation_available, Translation, translate_article, normalize_language, router.
"""

from __future__ import annotations

from broadsheet.translate.client import Translation, translate_article, translation_available
from broadsheet.translate.prompt import normalize_language

__all__ = ["Translation", "normalize_language", "translate_article", "translation_available"]
