"""Online story clustering on the Wikinews demo corpus streamed in publication order."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from broadsheet.stories import Assignment, StoryDoc, StoryEngine

SOLEIMANI = (
    "United States military kills Qasem Soleimani",
    "Stampede during funeral procession of Qasem Soleimani causes deaths, delays burial",
)
NAVALNY = (
    "Russia's Navalny airlifted to Germany",
    "Germany says Alexei Navalny poisoned with Novichok",
)
SANDERS = (
    "Bernie Sanders ends 2020 US presidential bid",
    "Bernie Sanders endorses Joe Biden in 2020 United States presidential election",
)


@pytest.fixture(scope="module")
def engine(demo_docs: list[StoryDoc]) -> StoryEngine:
    return StoryEngine()


@pytest.fixture(scope="module")
def streamed(engine: StoryEngine, demo_docs: list[StoryDoc]) -> dict[str, Assignment]:
    return {d.key: engine.add(d) for d in demo_docs}


def _story(streamed: dict[str, Assignment], by_title: dict[str, StoryDoc], title: str) -> str:
    return streamed[by_title[title].key].story_key


@pytest.mark.parametrize(
    "titles", [SOLEIMANI, NAVALNY, SANDERS], ids=["soleimani", "navalny", "sanders"]
)
def test_follow_ups_join_the_first_article_story(
    streamed: dict[str, Assignment], by_title: dict[str, StoryDoc], titles: tuple[str, ...]
) -> None:
    first, *rest = titles
    story = _story(streamed, by_title, first)
    assert story == by_title[first].key  # the first article started it
    for t in rest:
        assert _story(streamed, by_title, t) == story


def test_regression_different_iran_events_stay_apart(
    streamed: dict[str, Assignment], by_title: dict[str, StoryDoc]
) -> None:
    """Same country, same weeks, different events: the jet downing is not the Soleimani story."""
    assert _story(streamed, by_title, "Iran admits downing Ukrainian jet, cites 'human error'") != (
        _story(streamed, by_title, SOLEIMANI[0])
    )


def test_most_articles_stand_alone(streamed: dict[str, Assignment]) -> None:
    """Wikinews rarely covers one event twice: a clustering that lumps topics fails here."""
    stories = {a.story_key for a in streamed.values()}
    assert len(stories) >= 0.8 * len(streamed)


def test_restart_with_add_existing_gives_the_same_story(demo_docs: list[StoryDoc]) -> None:
    cut = next(i for i, d in enumerate(demo_docs) if d.title == SOLEIMANI[1])
    before, after = demo_docs[:cut], demo_docs[cut]
    first = StoryEngine()
    stored = [(d, first.add(d)) for d in before]
    expected = first.add(after)

    restarted = StoryEngine()
    for d, a in stored:
        restarted.add_existing(d, a.story_key, a.duplicate_of)
    assert restarted.add(after) == expected


def test_duplicates_join_the_story_and_are_not_related(demo_docs: list[StoryDoc]) -> None:
    engine = StoryEngine()
    for d in demo_docs[:40]:
        engine.add(d)
    original = demo_docs[39]
    copy = engine.add(replace(original, key="copy", publisher="Wire"))
    assert copy.duplicate_of == original.key
    assert copy.story_key == engine.story_of(original.key)
    assert "copy" not in [k for k, _ in engine.related(original.key)]


def test_related_puts_the_story_first(
    demo_docs: list[StoryDoc], by_title: dict[str, StoryDoc]
) -> None:
    engine = StoryEngine()
    key = by_title[SOLEIMANI[1]].key
    for d in demo_docs:
        engine.add(d)
        if d.key == key:
            break
    related = engine.related(key, limit=5)
    assert related and related[0][0] == by_title[SOLEIMANI[0]].key
    assert all(a >= b for (_, a), (_, b) in itertools.pairwise(related))
    candidates = engine.related_candidates(key)
    assert candidates[0].same_story


def test_window_forgets_old_articles(
    engine: StoryEngine, streamed: dict[str, Assignment], demo_docs: list[StoryDoc]
) -> None:
    # the corpus spans two years; a two-week window keeps only the last weeks
    assert 0 < len(engine) < len(demo_docs) / 4
    assert engine.related(demo_docs[0].key) == []


def test_add_labelled_takes_the_given_story_and_returns_pair_features(
    demo_docs: list[StoryDoc], by_title: dict[str, StoryDoc]
) -> None:
    """The fitting path (bench/fit_pair_scorer.py): the gold decision is recorded, and each row
    of features names the candidate story it was computed against."""
    from broadsheet.stories.pairscore import FEATURES

    engine = StoryEngine()
    first, follow_up = (by_title[t] for t in SOLEIMANI)
    engine.add(first)
    keys, x = engine.add_labelled(follow_up, "chosen-story")
    assert engine.story_of(follow_up.key) == "chosen-story"
    assert keys == [first.key] and x.shape == (1, len(FEATURES))
    assert 0.0 < x[0, FEATURES.index("cosine")] <= 1.0


def _stream_soleimani(
    engine: StoryEngine, demo_docs: list[StoryDoc], *, copy_first: bool = False
) -> Assignment:
    """Stream the corpus up to the Soleimani funeral and return the funeral's decision; with
    `copy_first`, a wire copy of the killing follows it."""
    for d in demo_docs:
        a = engine.add(d)
        if d.title == SOLEIMANI[1]:
            return a
        if copy_first and d.title == SOLEIMANI[0]:
            assert engine.add(replace(d, key="copy", publisher="Wire")).duplicate_of == d.key
    raise AssertionError("the funeral article is in the demo corpus")


def test_a_story_of_one_article_takes_the_singleton_bar(
    demo_docs: list[StoryDoc], by_title: dict[str, StoryDoc]
) -> None:
    """The funeral scores its one-article story at about 0.29: it joins when the singleton bar
    is below that, whatever the bar for larger stories, and splits off when it is above."""
    low = StoryEngine(join_probability=0.9, singleton_probability=0.25)
    assert _stream_soleimani(low, demo_docs).story_key == by_title[SOLEIMANI[0]].key
    high = StoryEngine(join_probability=0.25, singleton_probability=0.35)
    assert _stream_soleimani(high, demo_docs).new_story


def test_larger_stories_keep_the_join_bar(demo_docs: list[StoryDoc]) -> None:
    """With a join bar no pair reaches, articles may still join one-article stories but no
    story grows past two articles (duplicates aside)."""
    engine = StoryEngine(join_probability=1.01, singleton_probability=0.25)
    sizes: dict[str, int] = {}
    for d in demo_docs:
        a = engine.add(d)
        if a.duplicate_of is None:
            sizes[a.story_key] = sizes.get(a.story_key, 0) + 1
    assert max(sizes.values()) == 2


def test_duplicates_do_not_lift_a_story_out_of_the_singleton_bar(
    demo_docs: list[StoryDoc], by_title: dict[str, StoryDoc]
) -> None:
    """A wire copy adds no words to the story: it is still weighed as one article."""
    engine = StoryEngine(join_probability=0.9, singleton_probability=0.25)
    funeral = _stream_soleimani(engine, demo_docs, copy_first=True)
    assert funeral.story_key == by_title[SOLEIMANI[0]].key
