"""Key points of real articles: verbatim sentences, in article order, as many as the text bears."""

from __future__ import annotations

from typing import Any

from broadsheet.enrich import key_points
from broadsheet.enrich.text import sentences


def test_long_article_gets_three_to_five_points_in_order(demo_rows: list[dict[str, Any]]) -> None:
    for row in demo_rows[::20]:
        body_sentences = sentences(row["body"])
        if len(body_sentences) < 15:
            continue
        points = key_points(row["title"], row["body"], "en")
        assert 3 <= len(points) <= 5, row["title"]
        positions = [body_sentences.index(p) for p in points]  # verbatim sentences of the body
        assert positions == sorted(positions)


def test_max_points_is_respected(demo_rows: list[dict[str, Any]]) -> None:
    row = max(demo_rows[:40], key=lambda r: len(r["body"]))
    assert len(key_points(row["title"], row["body"], "en", max_points=3)) == 3


def test_points_do_not_repeat_each_other(demo_rows: list[dict[str, Any]]) -> None:
    row = demo_rows[0]
    points = key_points(row["title"], row["body"], "en")
    assert len(set(points)) == len(points)


def test_datelines_are_not_key_points(demo_rows: list[dict[str, Any]]) -> None:
    """2019 bodies open with a dateline paragraph ("Friday, January 4, 2019")."""
    for row in demo_rows[:30]:
        first = row["body"].split("\n", 1)[0]
        assert first not in key_points(row["title"], row["body"], "en")


def test_short_text_gets_fewer_points() -> None:
    text = (
        "The city council approved the new bridge budget on Tuesday. Construction will start in "
        "the spring and last two years. The mayor welcomed the vote."
    )
    points = key_points("Council approves bridge", text, "en")
    assert 1 <= len(points) < 3
    assert all(p in text for p in points)


def test_french_article_works(multilingual_rows: list[dict[str, Any]]) -> None:
    row = next(r for r in multilingual_rows if r["language"] == "fr" and len(r["body"]) > 3000)
    points = key_points(row["title"], row["body"], "fr")
    assert len(points) >= 3
    assert all(p in row["body"] for p in points)


def test_nothing_to_say_for_empty_text() -> None:
    assert key_points("Title only", "", "en") == []


def test_headline_repeated_in_the_body_is_not_a_point(demo_rows: list[dict[str, Any]]) -> None:
    """Extracted pages often open with the headline again."""
    row = demo_rows[10]
    text = row["title"] + "\n\n" + row["body"]
    assert row["title"] not in key_points(row["title"], text, "en")
