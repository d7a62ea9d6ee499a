"""The dataclasses the stories stage takes and returns.

They carry only what the stage needs, so the integrator can build them from stored articles
(restart) as easily as from freshly extracted ones (ingest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """One article as the stories stage sees it; `key` is the caller's id (e.g. the article id)."""

    key: str
    title: str
    text: str
    published: datetime | None = None
    publisher: str | None = None
    language: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """The decision for one new article.

    `story_key` is the key of the story's first article (a new story takes the article's own
    key). `duplicate_of` names the earlier article this one copies (exact or near-duplicate);
    duplicates join that article's story. `similarity` is the score behind the decision: the
    estimated shingle overlap for a duplicate, the cosine with the story for a join (the
    multilingual encoder's, for a story in other languages: see `crosslang`), and 0.0
    when the article starts a story.
    """

    key: str
    story_key: str
    duplicate_of: str | None = None
    similarity: float = 0.0

    @property
    def new_story(self) -> bool:
        return self.story_key == self.key
