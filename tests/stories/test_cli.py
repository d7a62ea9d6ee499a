"""`broadsheet cluster` and `broadsheet similarity` as a user runs them (contracts in DESIGN.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from broadsheet.stories import StoryDoc

BIN = Path(sys.executable).with_name("broadsheet")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120)


def test_cluster_writes_one_story_per_article(
    tmp_path: Path, by_title: dict[str, StoryDoc]
) -> None:
    titles = [
        "United States military kills Qasem Soleimani",
        "Russia's Navalny airlifted to Germany",
        "Stampede during funeral procession of Qasem Soleimani causes deaths, delays burial",
    ]
    src = tmp_path / "in.jsonl"
    with src.open("w") as fh:
        for t in titles:
            d = by_title[t]
            row = {
                "id": d.key,
                "title": d.title,
                "text": d.text,
                "publisher": d.publisher,
                "language": d.language,
                "published": None,
            }
            fh.write(json.dumps(row) + "\n")
    out = tmp_path / "out.jsonl"
    proc = _run("cluster", "--in", str(src), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [by_title[t].key for t in titles]
    assert [r["id"] for r in rows] == ids
    assert rows[0]["story"] == rows[2]["story"] == ids[0]
    assert rows[1]["story"] == ids[1]


@pytest.mark.slow  # loads the sentence encoder (~30 MB of weights) in a fresh process
def test_similarity_scores_the_related_pair_higher(
    tmp_path: Path, by_title: dict[str, StoryDoc]
) -> None:
    a = by_title["United States military kills Qasem Soleimani"].text
    b = by_title[
        "Stampede during funeral procession of Qasem Soleimani causes deaths, delays burial"
    ].text
    c = by_title["Russia's Navalny airlifted to Germany"].text
    src = tmp_path / "pairs.jsonl"
    src.write_text(
        json.dumps({"id": "near", "text1": a, "text2": b, "lang1": "en", "lang2": "en"})
        + "\n"
        + json.dumps({"id": "far", "text1": a, "text2": c, "lang1": "en", "lang2": "en"})
        + "\n"
    )
    out = tmp_path / "scores.jsonl"
    proc = _run("similarity", "--in", str(src), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    scores = {r["id"]: r["score"] for r in map(json.loads, out.read_text().splitlines())}
    assert scores["near"] > scores["far"]


def test_cluster_rejects_a_broken_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("{not json\n")
    proc = _run("cluster", "--in", str(src), "--out", str(tmp_path / "o.jsonl"))
    assert proc.returncode != 0
