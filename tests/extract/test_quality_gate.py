"""Quality gate: body F1 on ../shared/bench/extraction must not fall below a pinned floor.

The floor is the score last measured minus a small epsilon (measurement noise from library
updates). When the extractor gets better, raise FLOOR to the new score printed by
`bench/extract.py` (or by this test's failure message) in the same change; never lower it
without a written reason in the commit message.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from broadsheet.extract import ExtractError, extract_article
from tests.extract.pages import read_page

FLOOR = 0.975  # body F1 on all 181 pages: native finder, trafilatura on ~7 % of pages (0.9760)
EPSILON = 0.003


def _scorer(shared_dir: Path) -> ModuleType:
    path = shared_dir / "bench" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None:
        pytest.skip(f"{path} not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_body_f1_stays_above_the_floor(
    shared_dir: Path, extraction_dir: Path, ground_truth: dict[str, Any]
) -> None:
    scorer = _scorer(shared_dir)
    predictions: dict[str, str] = {}
    for page_id in sorted(ground_truth):
        try:
            predictions[page_id] = extract_article(read_page(extraction_dir, page_id)).text
        except ExtractError:
            predictions[page_id] = ""
    result = scorer.score(ground_truth, predictions, n_boot=0)
    assert result["f1"] >= FLOOR - EPSILON, (
        f"body F1 {result['f1']:.4f} fell below the floor {FLOOR} (−{EPSILON})"
    )
