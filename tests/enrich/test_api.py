"""The public face of the enrich package is exactly what __all__ exports."""

from __future__ import annotations

import broadsheet.enrich as enrich


def test_all_lists_the_public_api() -> None:
    assert sorted(enrich.__all__) == [
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
    for name in enrich.__all__:
        assert getattr(enrich, name) is not None
