"""Real articles for the enrich tests: the Wikinews demo corpus and the it/en/fr language set."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from broadsheet.enrich import SourceArticle

DATA = Path(__file__).parent / "data"


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def demo_rows(shared_dir: Path) -> list[dict[str, Any]]:
    return _rows(shared_dir / "corpus" / "wikinews-en-2019-2020.jsonl")


@pytest.fixture(scope="session")
def demo_by_id(demo_rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in demo_rows}


@pytest.fixture(scope="session")
def multilingual_rows(shared_dir: Path) -> list[dict[str, Any]]:
    return _rows(shared_dir / "corpus" / "wikinews-it-en-fr.jsonl")


@pytest.fixture(scope="session")
def questions() -> list[dict[str, Any]]:
    return _rows(DATA / "questions.jsonl")


def source(row: dict[str, Any]) -> SourceArticle:
    """A demo-corpus row as the story features see an article."""
    return SourceArticle(
        key=row["id"],
        title=row["title"],
        text=row["body"],
        publisher=row.get("outlet"),
        published=datetime.fromisoformat(row["date"]).replace(tzinfo=UTC),
        url=row["url"],
    )
