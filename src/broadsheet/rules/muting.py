"""Mutes: a topic, an author or a publisher a reader never wants to see, anywhere.

Matching is by case-folded equality (a muted publisher "The Daily Example" hides exactly that
publisher, not every publisher with "Example" in its name); topics match by key or name.
`MuteSet` is built once per page from the reader's mutes, then asked per article.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from broadsheet.rules.model import Mute, Subject


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class MuteSet:
    topics: frozenset[str] = field(default_factory=frozenset)
    authors: frozenset[str] = field(default_factory=frozenset)
    publishers: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, mutes: Iterable[Mute]) -> MuteSet:
        by_kind: dict[str, set[str]] = {"topic": set(), "author": set(), "publisher": set()}
        for mute in mutes:
            if mute.kind in by_kind and mute.value.strip():
                by_kind[mute.kind].add(_key(mute.value))
        return cls(
            frozenset(by_kind["topic"]),
            frozenset(by_kind["author"]),
            frozenset(by_kind["publisher"]),
        )

    def __bool__(self) -> bool:
        return bool(self.topics or self.authors or self.publishers)

    def hides(self, subject: Subject) -> bool:
        if subject.publisher and _key(subject.publisher) in self.publishers:
            return True
        if subject.author and self.authors:
            # "Ann Lee and Bo Chan" is muted when either author is.
            names = {_key(subject.author)} | {_key(part) for part in _split_authors(subject.author)}
            if names & self.authors:
                return True
        return any(_key(topic) in self.topics for topic in subject.topics)


def _split_authors(author: str) -> list[str]:
    for separator in (" and ", " & ", ";", ","):
        author = author.replace(separator, "|")
    return [part.strip() for part in author.split("|") if part.strip()]


def is_muted(subject: Subject, mutes: Iterable[Mute]) -> bool:
    return MuteSet.of(mutes).hides(subject)
