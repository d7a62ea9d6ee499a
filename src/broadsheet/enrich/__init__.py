"""The enrich stage: language, topics, key points, story summaries and answers, offline.

Pure functions over plain text and dataclasses; no database and no network. The one exception
is `LlmClient`, an optional edge that rewrites already-retrieved sentences through an
OpenAI-compatible endpoint and returns None whenever it cannot help.
"""

from __future__ import annotations

from broadsheet.enrich.answer import answer_question
from broadsheet.enrich.keypoints import key_points
from broadsheet.enrich.language import detect_language
from broadsheet.enrich.llm import LlmClient
from broadsheet.enrich.summary import summarize_story
from broadsheet.enrich.topics import extract_topics
from broadsheet.enrich.types import Answer, CitedSentence, SourceArticle, Topic

__all__ = [
    "Answer",
    "CitedSentence",
    "LlmClient",
    "SourceArticle",
    "Topic",
    "answer_question",
    "detect_language",
    "extract_topics",
    "key_points",
    "summarize_story",
]
