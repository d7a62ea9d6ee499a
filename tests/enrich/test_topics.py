"""Topics of real Wikinews articles: names merged across spellings, linkable mentions, kinds."""

from __future__ import annotations

import re
from typing import Any

from broadsheet.enrich import extract_topics

KINDS = {"person", "organisation", "place", "theme"}


def _by_title(rows: list[dict[str, Any]], needle: str) -> dict[str, Any]:
    return next(r for r in rows if needle in r["title"])


def test_surname_and_full_name_are_one_topic(demo_rows: list[dict[str, Any]]) -> None:
    row = _by_title(demo_rows, "Nancy Pelosi again elected Speaker")
    topics = extract_topics(row["title"], row["body"], "en")
    pelosi = [t for t in topics if "Pelosi" in t.name or "Pelosi" in t.mentions]
    assert len(pelosi) == 1
    assert pelosi[0].name == "Nancy Pelosi"
    assert pelosi[0].kind == "person"
    assert {"Nancy Pelosi", "Pelosi"} <= set(pelosi[0].mentions)
    assert topics[0] is pelosi[0]  # the headline's subject leads


def test_title_and_short_forms_merge_into_the_full_name() -> None:
    """The issue's own example: "Xi", "President Xi" and "Xi Jinping" are one topic."""
    text = (
        "Chinese President Xi Jinping met European leaders in Beijing on Monday.\n\n"
        "President Xi said trade talks would continue. Officials close to Xi described the "
        "meeting as cordial, and Xi later spoke to reporters."
    )
    topics = extract_topics("Xi hosts European leaders", text, "en")
    xi = [t for t in topics if "Xi" in t.name.split()]
    assert len(xi) == 1
    assert xi[0].name == "Xi Jinping"
    assert xi[0].key == "xi-jinping"
    assert xi[0].kind == "person"
    assert "Xi" in xi[0].mentions


def test_acronym_joins_the_name_it_abbreviates(demo_rows: list[dict[str, Any]]) -> None:
    row = _by_title(demo_rows, "Nevada prop plane crash")
    topics = extract_topics(row["title"], row["body"], "en")
    ntsb = [t for t in topics if "NTSB" in t.mentions]
    assert len(ntsb) == 1
    assert ntsb[0].name == "National Transportation Safety Board"
    assert ntsb[0].kind == "organisation"


def test_every_mention_can_be_found_in_the_text(demo_rows: list[dict[str, Any]]) -> None:
    """The web app links the first mention inline, so each must occur verbatim."""
    for row in demo_rows[::10]:
        for topic in extract_topics(row["title"], row["body"], "en"):
            assert topic.mentions
            assert all(m in row["body"] or m in row["title"] for m in topic.mentions)


def test_shape_of_results(demo_rows: list[dict[str, Any]]) -> None:
    for row in demo_rows[::15]:
        topics = extract_topics(row["title"], row["body"], "en", limit=7)
        assert 0 < len(topics) <= 7
        assert len({t.key for t in topics}) == len(topics)
        scores = [t.score for t in topics]
        assert scores == sorted(scores, reverse=True)
        assert scores[0] == 1.0 and all(0 < s <= 1 for s in scores)
        for t in topics:
            assert t.kind in KINDS
            assert re.fullmatch(r"[\w]+(?:-[\w]+)*", t.key), t.key
            assert t.key == t.key.lower()


def test_places_are_not_swallowed_by_longer_names(demo_rows: list[dict[str, Any]]) -> None:
    row = _by_title(demo_rows, "Escape room fire kills five teen girls")
    topics = extract_topics(row["title"], row["body"], "en")
    poland = [t for t in topics if t.name == "Poland"]
    assert poland and poland[0].kind == "place"


def test_french_article(multilingual_rows: list[dict[str, Any]]) -> None:
    row = next(r for r in multilingual_rows if r["language"] == "fr" and len(r["body"]) > 1500)
    topics = extract_topics(row["title"], row["body"], "fr")
    assert len(topics) >= 5
    names = {t.name.lower() for t in topics}
    assert not names & {"le", "la", "les", "de", "des", "une", "est"}


def test_empty_text_has_no_topics() -> None:
    assert extract_topics("", "", None) == []
