"""Plain results of the enrich stage, handed to the store and the web app as they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class Topic:
    """A person, organisation, place or theme of one article.

    `key` is the slug topic pages are addressed by; spelling variants of one name in the article
    ("Xi", "President Xi", "Xi Jinping") share it. `mentions` keeps the surface forms exactly as
    written, so the web app can find the first one in the body and link it.
    """

    key: str
    name: str
    kind: str  # person | organisation | place | theme
    score: float
    mentions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SourceArticle:
    """One article of a story, as the summary and the question box see it."""

    key: str  # whatever the caller uses to find the article again (its id, as text)
    title: str
    text: str
    publisher: str | None
    published: datetime | None
    url: str


@dataclass(slots=True)
class CitedSentence:
    """A sentence quoted verbatim from one article, with what a reader needs to check it."""

    text: str
    article_key: str
    publisher: str | None
    published: datetime | None
    url: str


@dataclass(slots=True)
class Answer:
    """What the question box shows: the quoted sentences, or a plain "not covered"."""

    answered: bool
    sentences: list[CitedSentence]
    message: str
