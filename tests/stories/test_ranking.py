"""Related coverage: other outlets, the story first, relevance then recency, a spread of outlets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadsheet.stories import RelatedCandidate, rank_related

NOW = datetime(2020, 1, 9, 12, tzinfo=UTC)


def cand(
    key: str, score: float, publisher: str, hours_ago: float, same: bool = True
) -> RelatedCandidate:
    return RelatedCandidate(key, score, publisher, NOW - timedelta(hours=hours_ago), same)


def test_own_outlet_left_out_and_story_first() -> None:
    ranked = rank_related(
        [
            cand("other-story", 0.9, "BBC", 1, same=False),
            cand("own", 0.8, "The Hindu", 1),
            cand("story", 0.5, "Reuters", 5),
        ],
        publisher="The Hindu",
    )
    assert [c.key for c in ranked] == ["story", "other-story"]


def test_recent_first_within_equal_relevance_but_relevance_above_all() -> None:
    ranked = rank_related(
        [cand("old", 0.55, "A", 30), cand("new", 0.52, "B", 1), cand("weak-new", 0.2, "C", 0)],
        publisher=None,
    )
    assert [c.key for c in ranked] == ["new", "old", "weak-new"]


def test_not_all_from_one_outlet() -> None:
    many = [cand(f"ap{i}", 0.9, "AP", i) for i in range(6)]
    ranked = rank_related([*many, cand("afp", 0.4, "AFP", 2)], publisher=None, limit=3)
    assert [c.publisher for c in ranked].count("AP") == 2
    assert "afp" in [c.key for c in ranked]


def test_fills_up_from_one_outlet_when_no_other() -> None:
    many = [cand(f"ap{i}", 0.9, "AP", i) for i in range(6)]
    assert len(rank_related(many, publisher=None, limit=4)) == 4
