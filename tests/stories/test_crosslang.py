"""Stories across languages: an article joins a story told only in other languages when the
multilingual encoder says it reports the same event (the real encoder, no stand-in)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from broadsheet.stories import StoryEngine, crosslang
from tests.stories.crosstexts import FESTIVAL_FR, FLOOD_DE, FLOOD_EN
from tests.stories.test_cli import _run


def test_a_german_report_joins_the_english_story_of_the_same_flood() -> None:
    engine = StoryEngine()
    engine.add(FLOOD_EN)
    joined = engine.add(FLOOD_DE)
    assert joined.story_key == FLOOD_EN.key
    assert joined.similarity >= crosslang.CROSS_LANGUAGE_BAR  # the encoder's cosine


def test_without_the_encoder_step_the_words_alone_do_not_join_them() -> None:
    engine = StoryEngine(cross_language=False)
    engine.add(FLOOD_EN)
    assert engine.add(FLOOD_DE).new_story


def test_another_event_in_the_same_town_stays_apart() -> None:
    engine = StoryEngine()
    engine.add(FLOOD_EN)
    engine.add(FLOOD_DE)
    assert engine.add(FESTIVAL_FR).new_story


def test_articles_without_a_language_are_never_judged_across_languages() -> None:
    engine = StoryEngine()
    engine.add(dataclasses.replace(FLOOD_EN, language=None))
    assert engine.add(dataclasses.replace(FLOOD_DE, language=None)).new_story


def test_the_story_is_joined_across_languages_after_a_restart() -> None:
    engine = StoryEngine()
    engine.add_existing(FLOOD_EN, FLOOD_EN.key, None)  # the decision stored before the restart
    assert engine.add(FLOOD_DE).story_key == FLOOD_EN.key


def test_one_language_costs_no_encoding(encoder_calls: list[int]) -> None:
    calls = encoder_calls
    engine = StoryEngine()
    engine.add(FLOOD_EN)
    engine.add(dataclasses.replace(FLOOD_EN, key="copy-edited", text=FLOOD_EN.text[:400]))
    engine.add(dataclasses.replace(FESTIVAL_FR, key="festival-en", language="en"))
    assert calls == []
    engine.add(FLOOD_DE)
    assert calls == [2]  # the German article and the English story's latest, once each


def test_cluster_command_detects_languages_it_is_not_given(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"id": d.key, "title": d.title, "text": d.text} for d in (FLOOD_EN, FLOOD_DE)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out.jsonl"
    proc = _run("cluster", "--in", str(src), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    stories = [json.loads(line)["story"] for line in out.read_text().splitlines()]
    assert stories == [FLOOD_EN.key, FLOOD_EN.key]
