"""The front page's order: breadth of coverage × recency × the reader's subscriptions.

Breadth counts publishers more than articles (ten outlets telling a story matter more than one
outlet's ten updates); recency halves a story's weight every `half_life_h` hours since its
latest article; a story that one of the reader's subscribed feeds carries is lifted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from broadsheet.models import Article, Story


@dataclass(slots=True)
class RankedStory:
    story: Story
    lead: Article
    articles: list[Article]  # originals, newest first
    publishers: list[str]
    score: float
    subscribed: bool
    others: list[Article]  # up to three more articles of the story, newest first


def rank_stories(
    stories: Sequence[Story],
    articles_by_story: Mapping[int, list[Article]],
    subscribed_feeds: set[int],
    now: datetime | None = None,
    *,
    half_life_h: float = 12.0,
    subscription_boost: float = 2.0,
) -> list[RankedStory]:
    now = now or datetime.now(UTC)
    ranked: list[RankedStory] = []
    for story in stories:
        items = articles_by_story.get(story.id) or []
        if not items:
            continue
        publishers = list(dict.fromkeys(a.publisher for a in items if a.publisher))
        breadth = 1.0 + math.log1p(len(publishers)) * 1.5 + 0.25 * math.log1p(len(items))
        latest = story.last_published or items[0].published or items[0].fetched_at or now
        age_h = max(0.0, (now - latest).total_seconds() / 3600.0)
        subscribed = any(a.feed_id in subscribed_feeds for a in items)
        boost = subscription_boost if subscribed else 1.0
        # breadth × boost × 0.5^(age / half-life), kept in log space: a product underflows to
        # 0.0 for stories a few weeks old, and an archive (or a quiet week) would then be
        # ordered by nothing at all.
        log_score = math.log(breadth * boost) - (age_h / half_life_h) * math.log(2.0)
        lead = next((a for a in items if a.image), items[0])
        others = [a for a in items if a.id != lead.id][:3]
        ranked.append(RankedStory(story, lead, items, publishers, log_score, subscribed, others))
    ranked.sort(key=lambda r: (r.score, r.story.id), reverse=True)
    return ranked
