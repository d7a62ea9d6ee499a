"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    """../shared beside the checkout (CI lays a copy there); BROADSHEET_SHARED overrides."""
    return Path(os.environ.get("BROADSHEET_SHARED", REPO_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_path()
    if not path.is_dir():
        pytest.skip(f"shared data folder not found at {path} (set BROADSHEET_SHARED)")
    return path
