"""Exact and near-duplicates: edited wire copies are found, distinct articles never merged."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from broadsheet.stories import StoryDoc, StoryEngine, content_hash


def edited(doc: StoryDoc, rng: random.Random, key: str) -> StoryDoc:
    """The edits outlets make to wire copy: headline, paragraph order, tail, byline."""
    paras = [p for p in doc.text.split("\n\n") if p.strip()]
    if len(paras) >= 3:
        i = rng.randrange(len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    cut = int(len(paras) * 0.25)
    if cut and len(paras) - cut >= 2:
        paras = paras[:-cut]
    text = "\n\n".join(["By Jane Doe, Reuters", *paras])
    return replace(doc, key=key, title="Latest: " + doc.title.lower(), text=text, publisher="X")


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    text = "The Prime Minister said on Tuesday that the vote would go ahead. " * 5
    messy = text.upper().replace(" ", "  ").replace(".", " !")
    assert content_hash("a", text) == content_hash("b", messy)
    assert content_hash("a", text) != content_hash("a", text + " Then it rained.")


def test_exact_copy_is_a_duplicate_of_the_first(demo_docs: list[StoryDoc]) -> None:
    engine = StoryEngine()
    first = engine.add(demo_docs[0])
    again = engine.add(replace(demo_docs[0], key="copy", publisher="Other outlet"))
    assert again.duplicate_of == demo_docs[0].key
    assert again.story_key == first.story_key
    assert again.similarity == 1.0


def test_edited_copies_are_found(demo_docs: list[StoryDoc]) -> None:
    rng = random.Random(3)
    originals = [d for d in demo_docs if len(d.text.split()) >= 150][:60]
    engine = StoryEngine(window=timedelta(days=3650))  # the copies keep their original dates
    for d in originals:
        assert engine.add(d).duplicate_of is None
    found = sum(
        engine.add(edited(d, rng, "copy-" + d.key)).duplicate_of == d.key for d in originals
    )
    assert found >= 0.95 * len(originals)


def test_distinct_articles_are_never_merged(demo_docs: list[StoryDoc]) -> None:
    engine = StoryEngine()
    merged = [(d.key, a.duplicate_of) for d in demo_docs if (a := engine.add(d)).duplicate_of]
    assert merged == []


def test_regression_same_story_articles_are_not_duplicates(
    by_title: dict[str, StoryDoc],
) -> None:
    """Follow-ups of one story share names and phrases, yet are different articles."""
    engine = StoryEngine()
    for title in (
        "Queen Elizabeth agrees to suspend UK Parliament ahead of Brexit deadline",
        "UK Prime Minister Johnson suspends parliament for five weeks as Brexit deadline"
        " approaches",
        "UK Supreme Court rules prorogation of parliament unlawful",
        "United States military kills Qasem Soleimani",
        "Stampede during funeral procession of Qasem Soleimani causes deaths, delays burial",
    ):
        assert engine.add(by_title[title]).duplicate_of is None


def test_short_texts_only_match_exactly() -> None:
    engine = StoryEngine()
    engine.add(StoryDoc(key="a", title="Markets", text="Stocks rose on Monday in Tokyo."))
    b = engine.add(StoryDoc(key="b", title="Markets", text="Stocks fell on Monday in Tokyo."))
    assert b.duplicate_of is None
