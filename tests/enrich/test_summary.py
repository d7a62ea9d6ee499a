"""Story summaries across several real articles of one story, each sentence cited."""

from __future__ import annotations

from typing import Any

from broadsheet.enrich import summarize_story
from broadsheet.enrich.salience import overlap
from broadsheet.enrich.text import content_stems

from .conftest import source


def _prorogation(demo_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The UK prorogation story of Aug–Sep 2019 runs over several Wikinews articles."""
    rows = [r for r in demo_rows if "prorog" in r["body"].lower() and r["date"].startswith("2019")]
    assert len(rows) >= 3
    return rows


def test_sentences_are_quoted_and_cited(demo_rows: list[dict[str, Any]]) -> None:
    rows = _prorogation(demo_rows)
    by_key = {r["id"]: r for r in rows}
    summary = summarize_story([source(r) for r in rows], max_sentences=6)
    assert 3 <= len(summary) <= 6
    for s in summary:
        row = by_key[s.article_key]
        assert s.text in row["body"]
        assert s.url == row["url"]
        assert s.publisher == row["outlet"]
        assert s.published is not None


def test_draws_on_more_than_one_article(demo_rows: list[dict[str, Any]]) -> None:
    summary = summarize_story([source(r) for r in _prorogation(demo_rows)])
    assert len({s.article_key for s in summary}) >= 2


def test_does_not_repeat_itself(demo_rows: list[dict[str, Any]]) -> None:
    summary = summarize_story([source(r) for r in _prorogation(demo_rows)], max_sentences=8)
    stems = [frozenset(content_stems(s.text)) for s in summary]
    for i, a in enumerate(stems):
        for b in stems[i + 1 :]:
            assert overlap(a, b) <= 0.5


def test_same_wire_copy_twice_is_summarised_once(demo_rows: list[dict[str, Any]]) -> None:
    """Outlets often carry one wire story; the summary must not say it twice."""
    row = demo_rows[5]
    first, second = source(row), source(row)
    second.key, second.publisher, second.url = "copy", "Another Outlet", row["url"] + "?copy"
    summary = summarize_story([first, second], max_sentences=5)
    texts = [s.text for s in summary]
    assert len(texts) == len(set(texts))


def test_oldest_article_first(demo_rows: list[dict[str, Any]]) -> None:
    summary = summarize_story([source(r) for r in reversed(_prorogation(demo_rows))])
    dates = [s.published for s in summary]
    assert dates == sorted(dates)  # type: ignore[type-var]


def test_empty_story() -> None:
    assert summarize_story([]) == []
