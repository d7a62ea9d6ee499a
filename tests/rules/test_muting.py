"""Mutes hide exactly what was muted: a topic, an author (also among co-authors), a publisher."""

from __future__ import annotations

from broadsheet.rules import Mute, MuteSet, Subject, is_muted

ARTICLE = Subject(
    title="Budget passes",
    author="Ann Lee & Bo Chan",
    publisher="The Daily Example",
    topics=("economy", "Budget 2027"),
)


def mute(kind: str, value: str) -> Mute:
    return Mute(id=1, user_id=1, kind=kind, value=value)


def test_publisher_mutes_are_exact_but_case_and_space_insensitive() -> None:
    assert is_muted(ARTICLE, [mute("publisher", "the  daily EXAMPLE")])
    assert not is_muted(ARTICLE, [mute("publisher", "Example")])


def test_an_author_is_muted_among_co_authors() -> None:
    assert is_muted(ARTICLE, [mute("author", "bo chan")])
    assert is_muted(ARTICLE, [mute("author", "Ann Lee & Bo Chan")])
    assert not is_muted(ARTICLE, [mute("author", "Bo")])


def test_topics_match_by_key_or_name() -> None:
    assert is_muted(ARTICLE, [mute("topic", "economy")])
    assert is_muted(ARTICLE, [mute("topic", "budget 2027")])
    assert not is_muted(ARTICLE, [mute("topic", "budget")])


def test_an_empty_mute_set_hides_nothing() -> None:
    mutes = MuteSet.of([])
    assert not mutes
    assert not mutes.hides(ARTICLE)
    assert not is_muted(Subject(), [mute("author", "x"), mute("colour", "red")])
