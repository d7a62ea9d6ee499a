"""`broadsheet cluster` and `broadsheet similarity` (contracts in DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise typer.BadParameter(f"{path}:{n}: not JSON ({exc.msg})") from exc
                if not isinstance(row, dict):
                    raise typer.BadParameter(f"{path}:{n}: not a JSON object")
                yield row


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


InPath = Annotated[
    Path, typer.Option("--in", exists=True, dir_okay=False, readable=True, help="JSONL input.")
]
OutPath = Annotated[Path, typer.Option("--out", dir_okay=False, help="JSONL output.")]


def register(app: typer.Typer) -> None:
    @app.command()
    def cluster(in_path: InPath, out_path: OutPath) -> None:
        """Group articles into stories, streaming them in the order given.

        Input lines: id, title, text, published, publisher, language (detected when absent).
        Output lines: {id, story}; `story` is the id of the story's first article.
        """
        from broadsheet.enrich import detect_language
        from broadsheet.stories import StoryDoc, StoryEngine

        engine = StoryEngine()
        with out_path.open("w", encoding="utf-8") as out:
            for row in _read_jsonl(in_path):
                key = str(row.get("id"))
                text = str(row.get("text") or "")
                doc = StoryDoc(
                    key=key,
                    title=str(row.get("title") or ""),
                    text=text,
                    published=_date(row.get("published")),
                    publisher=_str(row.get("publisher")),
                    # stories told in other languages are joined by language (see crosslang)
                    language=_str(row.get("language")) or detect_language(text),
                    url=_str(row.get("url")),
                )
                a = engine.add(doc)
                out.write(json.dumps({"id": row.get("id"), "story": a.story_key}) + "\n")

    @app.command()
    def similarity(in_path: InPath, out_path: OutPath) -> None:
        """Score how related the two texts of each pair are (higher = more related).

        Input lines: id, text1, text2, lang1, lang2. Output lines: {id, score}.
        """
        from broadsheet.stories import relatedness_batch

        rows = list(_read_jsonl(in_path))
        pairs = [(str(r.get("text1") or ""), str(r.get("text2") or "")) for r in rows]
        scores = relatedness_batch(pairs)
        with out_path.open("w", encoding="utf-8") as out:
            for row, score in zip(rows, scores, strict=True):
                out.write(json.dumps({"id": row.get("id"), "score": round(score, 6)}) + "\n")
