"""Ordering related coverage for an article page.

Readers want the story's own coverage from *other* outlets first, relevant above all, then
recent; and a spread of outlets rather than ten links to one site. Scores are bucketed so that
within roughly equal relevance the fresher article wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

RELEVANCE_BUCKET = 0.1


@dataclass(frozen=True, slots=True)
class RelatedCandidate:
    key: str
    score: float  # relatedness, higher = closer
    publisher: str | None = None
    published: datetime | None = None
    same_story: bool = False


def rank_related(
    candidates: list[RelatedCandidate],
    *,
    publisher: str | None,
    limit: int = 10,
    per_publisher: int = 2,
    include_same_publisher: bool = False,
) -> list[RelatedCandidate]:
    """Pick and order related articles for an article from `publisher`.

    Order: the same story before other stories; then relevance in buckets of 0.1; then the most
    recent. At most `per_publisher` articles from one outlet unless there are not enough others
    to fill `limit`; the article's own outlet is left out unless `include_same_publisher`.
    """

    def order(c: RelatedCandidate) -> tuple[bool, int, float]:
        ts = c.published.timestamp() if c.published is not None else float("-inf")
        return (not c.same_story, -int(c.score / RELEVANCE_BUCKET), -ts)

    own = (publisher or "").casefold()
    pool = [
        c
        for c in sorted(candidates, key=order)
        if include_same_publisher or not own or (c.publisher or "").casefold() != own
    ]
    chosen: list[RelatedCandidate] = []
    overflow: list[RelatedCandidate] = []
    per: dict[str, int] = {}
    for c in pool:
        outlet = (c.publisher or c.key).casefold()
        if per.get(outlet, 0) < per_publisher:
            per[outlet] = per.get(outlet, 0) + 1
            chosen.append(c)
        else:
            overflow.append(c)
        if len(chosen) >= limit:
            return chosen
    chosen.extend(overflow[: limit - len(chosen)])
    return sorted(chosen, key=order)
