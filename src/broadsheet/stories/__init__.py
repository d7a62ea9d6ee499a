"""The stories stage: duplicates, online story clustering, related articles.

Pure: plain dataclasses in and out, no database, no network. The caller (the pipeline) feeds
articles in arrival order to one `StoryEngine`, stores each `Assignment`, and after a restart
puts the stored decisions back with `StoryEngine.add_existing` so later articles join the same
stories.
"""

from __future__ import annotations

from broadsheet.stories.doc import Assignment, StoryDoc
from broadsheet.stories.engine import StoryEngine
from broadsheet.stories.ranking import RelatedCandidate, rank_related
from broadsheet.stories.relatedness import encoder_available, relatedness, relatedness_batch
from broadsheet.stories.text import content_hash

__all__ = [
    "Assignment",
    "RelatedCandidate",
    "StoryDoc",
    "StoryEngine",
    "content_hash",
    "encoder_available",
    "rank_related",
    "relatedness",
    "relatedness_batch",
]
