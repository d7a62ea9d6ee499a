"""What kind of topic a name is — person, organisation, place or theme — from lexical cues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from broadsheet.enrich.lexicon import (
    DIRECTIONS,
    EVENT_WORDS,
    FIRST_NAMES,
    MULTIWORD_PLACES,
    NAME_ARTICLES,
    ORGANISATION_WORDS,
    PLACE_WORDS,
    PLACES,
)

if TYPE_CHECKING:
    from broadsheet.enrich.names import Mention


def is_place(tokens: tuple[str, ...]) -> bool:
    joined = " ".join(tokens)
    if joined in PLACES or joined in MULTIWORD_PLACES or tokens[-1] in PLACE_WORDS:
        return True
    # "North Poland", "Southern California"
    return len(tokens) > 1 and tokens[-1] in PLACES and all(t in DIRECTIONS for t in tokens[:-1])


def person_like(tokens: tuple[str, ...]) -> bool:
    """Could be a person's full name, the only kind of name whose parts stand for the whole."""
    return (
        2 <= len(tokens) <= 4
        and not is_place(tokens)
        and not any(
            t in NAME_ARTICLES or t in ORGANISATION_WORDS or t in PLACES or t in PLACE_WORDS
            for t in tokens
        )
    )


def kind_of(name_tokens: tuple[str, ...], group: list[Mention]) -> str:
    """person, organisation, place or theme, from the cues the text and the word lists give."""
    if is_place(name_tokens):
        return "place"
    if name_tokens[-1] in EVENT_WORDS:
        return "theme"
    if any(t in ORGANISATION_WORDS for t in name_tokens) or any(m.acronym for m in group):
        return "organisation"
    if any(t in EVENT_WORDS for t in name_tokens[1:]):
        return "theme"
    surname = (name_tokens[-1],)
    if any(m.titled for m in group) or (
        person_like(name_tokens)
        and (name_tokens[0] in FIRST_NAMES or any(m.tokens == surname for m in group))
    ):
        return "person"
    if 2 * sum(m.located for m in group) >= len(group):
        return "place"
    if len(name_tokens) == 1:
        return "theme"
    return "person" if person_like(name_tokens) and len(group) > 1 else "organisation"
