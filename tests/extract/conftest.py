"""Real pages from the shared benchmark, read where the suite finds ../shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def extraction_dir(shared_dir: Path) -> Path:
    path = shared_dir / "bench" / "extraction"
    if not path.is_dir():
        pytest.skip(f"{path} not found")
    return path


@pytest.fixture(scope="session")
def ground_truth(extraction_dir: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (extraction_dir / "ground-truth.json").read_text(encoding="utf-8")
    )
    return loaded
