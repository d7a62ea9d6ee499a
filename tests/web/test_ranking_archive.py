"""Ranking must still order an archive: old stories are all 'old', but not all equal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadsheet.models import Article, Story
from broadsheet.web.ranking import rank_stories

NOW = datetime(2026, 11, 29, tzinfo=UTC)


def story(sid: int, age_days: float, publishers: int) -> tuple[Story, list[Article]]:
    when = NOW - timedelta(days=age_days)
    items = [
        Article(
            id=sid * 10 + n,
            url=f"https://x/{sid}/{n}",
            title=f"s{sid}",
            text="t",
            publisher=f"P{n}",
            published=when,
            story_id=sid,
        )
        for n in range(publishers)
    ]
    return Story(id=sid, key=str(sid), title=f"s{sid}", last_published=when), items


def test_years_old_stories_rank_by_breadth_and_age_not_by_id() -> None:
    cases = [story(1, 2000, 3), story(2, 2000.5, 1), story(3, 2000 - 2 / 24, 1)]
    ranked = rank_stories([s for s, _ in cases], {s.id: a for s, a in cases}, set(), NOW)
    order = [r.story.id for r in ranked]
    assert order[0] == 1, "three publishers beat one, even years later"
    assert order.index(3) < order.index(2), "then the newer of two equal stories"
