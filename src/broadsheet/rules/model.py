"""The dataclasses rules are made of, shared by the matcher, the store and the web app."""

from __future__ import annotations

from dataclasses import dataclass

SCOPES = ("all", "feed", "folder")
FIELDS = ("any", "title", "author", "text", "topic", "publisher")
ACTIONS = ("keep", "skip", "read", "star", "tag")
MATCHES = ("words", "regex")
MUTE_KINDS = ("topic", "author", "publisher")

# The tag a "skip" leaves on an article for one reader: lists leave such articles out, and
# the article stays stored for the other readers of the same feed.
SKIPPED_TAG = "skipped"


@dataclass(frozen=True, slots=True)
class FilterRule:
    """One reader's rule. `scope_id` is the feed or folder id when scope is feed or folder.

    `pattern` is, with match="words", a comma-separated list of words or phrases (any one
    matches, whole words, case-insensitive); with match="regex", a regular expression
    (case-insensitive). A "keep" rule turns its scope into an allow-list: articles matching
    no keep rule there are skipped.
    """

    id: int
    user_id: int
    pattern: str
    action: str
    field: str = "any"
    match: str = "words"
    scope: str = "all"
    scope_id: int | None = None
    tag: str | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class Mute:
    id: int
    user_id: int
    kind: str  # topic | author | publisher
    value: str  # a topic key or name, an author name, a publisher name


@dataclass(frozen=True, slots=True)
class Subject:
    """What rules look at in an article, for one reader (folder is that reader's folder)."""

    title: str = ""
    author: str | None = None
    text: str = ""
    publisher: str | None = None
    topics: tuple[str, ...] = ()  # topic keys and names
    feed_id: int | None = None
    folder_id: int | None = None


@dataclass(frozen=True, slots=True)
class FilterDecision:
    skip: bool = False
    read: bool = False
    star: bool = False
    tags: tuple[str, ...] = ()
    matched: tuple[int, ...] = ()  # ids of the rules that matched, for "why was this skipped?"

    @property
    def changes_anything(self) -> bool:
        return self.skip or self.read or self.star or bool(self.tags)
