"""Wikinews articles (CC BY 2.5) from ../shared/corpus, as StoryDocs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from broadsheet.stories import StoryDoc, crosslang


def _doc(row: dict[str, str]) -> StoryDoc:
    published = datetime.fromisoformat(row["date"]).replace(hour=12, tzinfo=UTC)
    return StoryDoc(
        key=row["id"],
        title=row["title"],
        text=row["body"],
        published=published,
        publisher=row.get("outlet"),
        language=row.get("language"),
        url=row.get("url"),
    )


@pytest.fixture(scope="session")
def demo_docs(shared_dir: Path) -> list[StoryDoc]:
    """The demo corpus in publication order."""
    path = shared_dir / "corpus" / "wikinews-en-2019-2020.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    docs = [_doc(r) for r in rows]
    return sorted(docs, key=lambda d: (d.published, d.key))


@pytest.fixture(scope="session")
def by_title(demo_docs: list[StoryDoc]) -> dict[str, StoryDoc]:
    return {d.title: d for d in demo_docs}


@pytest.fixture
def encoder_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many texts each call to the cross-language encoder read (the real encoder still
    answers): the cost the engine's gates are there to spare."""
    calls: list[int] = []
    real = crosslang.embed

    def counted(texts: list[str]) -> object:
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(crosslang, "embed", counted)
    return calls
