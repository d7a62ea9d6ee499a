"""The gist: a static table distilled from the multilingual encoder (shipped in the package, rebuilt
by bench/fit_gist.py) that spares the encoder the pairs it would not join. Real table, real
encoder."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from broadsheet.stories import StoryDoc, StoryEngine
from broadsheet.stories.crosslang import head
from broadsheet.stories.features import Floats
from broadsheet.stories.gist import COVERAGE, GIST_BAR, GistModel, gist, model
from tests.stories.crosstexts import FESTIVAL_FR, FLOOD_DE, FLOOD_EN, FLOOD_IT


def _gist(doc: StoryDoc) -> Floats:
    g = gist(head(doc.title, doc.text))
    assert g is not None
    return g


def test_the_same_flood_in_italian_is_near_and_another_event_far() -> None:
    en, it, festival = _gist(FLOOD_EN), _gist(FLOOD_IT), _gist(FESTIVAL_FR)
    assert float(en @ it) >= GIST_BAR
    assert float(en @ festival) < GIST_BAR
    assert float(en @ it) > float(it @ festival)


def test_languages_the_table_was_not_fitted_on_have_no_gist() -> None:
    # German and Chinese pieces are mostly absent from the Italian/English/French table: no
    # gist, so the encoder is asked as before instead of a guess
    assert gist(head(FLOOD_DE.title, FLOOD_DE.text)) is None
    assert gist("北京时间周二，洪水切断了马罗代尔镇与外界的联系，河水冲破堤岸。") is None
    assert gist("") is None


def test_the_gate_spares_the_encoder_a_pair_it_would_not_join(encoder_calls: list[int]) -> None:
    calls = encoder_calls
    ungated = StoryEngine(gate=False)
    ungated.add(FLOOD_EN)
    assert ungated.add(FESTIVAL_FR).new_story
    assert calls == [2]  # without the gate the French festival is put to the encoder
    calls.clear()
    engine = StoryEngine()
    engine.add(FLOOD_EN)
    assert engine.add(FESTIVAL_FR).new_story
    assert calls == [] and engine.gated == 1


def test_the_gate_lets_the_same_event_through_to_the_encoder(encoder_calls: list[int]) -> None:
    calls = encoder_calls
    engine = StoryEngine()
    engine.add(FLOOD_EN)
    joined = engine.add(FLOOD_IT)
    if joined.story_key == FLOOD_EN.key and not calls:
        pytest.fail("joined on words alone: this test no longer reaches the gate")
    assert joined.story_key == FLOOD_EN.key
    assert engine.gated == 0
    # and a German report, which has no gist, still reaches the encoder and joins
    assert engine.add(FLOOD_DE).story_key == FLOOD_EN.key


def test_the_table_round_trips_and_knows_its_coverage(tmp_path: Path) -> None:
    shipped = model()
    assert shipped is not None
    shipped.save(tmp_path / "gist.npz")
    again = GistModel.load(tmp_path / "gist.npz")
    assert np.array_equal(again.pieces, shipped.pieces)
    ids = [int(i) for i in shipped.pieces[100:120]]
    g1, g2 = shipped.of_ids(ids), again.of_ids(ids)
    assert g1 is not None and g2 is not None and np.allclose(g1, g2, atol=1e-6)
    unknown = int(shipped.row_of.size) + 5  # a piece id past the table
    known = math.ceil(COVERAGE * 20)
    assert shipped.of_ids(ids[:known] + [unknown] * (20 - known)) is not None
    assert shipped.of_ids(ids[: known - 1] + [unknown] * (21 - known)) is None


@pytest.fixture
def table_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Point the gate at another table file for one test (the cached table is dropped)."""
    from broadsheet.stories import gist as gist_module

    def point(path: Path) -> None:
        monkeypatch.setattr(gist_module, "MODEL", path)
        gist_module.model.cache_clear()

    yield point
    gist_module.model.cache_clear()


def _gates_nothing(calls: list[int]) -> None:
    engine = StoryEngine()
    engine.add(FLOOD_EN)
    assert engine.add(FESTIVAL_FR).new_story
    assert calls == [2] and engine.gated == 0
    assert engine.add(FLOOD_IT).story_key == FLOOD_EN.key


def test_without_the_table_every_pair_reaches_the_encoder(
    encoder_calls: list[int], tmp_path: Path, table_at: Callable[[Path], None]
) -> None:
    # an install without the data file (or a table removed to rebuild it) gates nothing: the
    # encoder decides as before, nothing fails
    table_at(tmp_path / "missing.npz")
    assert model() is None
    _gates_nothing(encoder_calls)


def test_a_table_fitted_with_another_tokenizer_is_not_used(
    encoder_calls: list[int],
    tmp_path: Path,
    table_at: Callable[[Path], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # an upgraded encoder package may number its pieces otherwise: gists of the wrong pieces
    # would drop pairs at random, so the table is refused and the encoder asked about all
    shipped = model()
    assert shipped is not None
    dataclasses.replace(shipped, tokenizer="0000000000000000").save(tmp_path / "other.npz")
    table_at(tmp_path / "other.npz")
    assert model() is None
    assert "another tokenizer" in caplog.text
    _gates_nothing(encoder_calls)


def test_an_unreadable_table_is_reported_and_not_used(
    tmp_path: Path, table_at: Callable[[Path], None], caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "torn.npz").write_bytes(b"PK\x03\x04 half a zip file")
    table_at(tmp_path / "torn.npz")
    assert model() is None
    assert "cannot be read" in caplog.text
