"""`broadsheet extract`: one page (or a folder of pages) to article JSON (contract in DESIGN.md).

broadsheet extract [--url URL] [--format json|text|markdown] PATH_OR_URL
broadsheet extract --batch DIR --out FILE.jsonl [--jobs N]
"""

from __future__ import annotations

import asyncio
import gzip
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from broadsheet.extract import ExtractError, extract_article, to_contract
from broadsheet.extract.markdown import to_markdown
from broadsheet.models import ExtractedArticle

_PAGE_SUFFIXES = (".html.gz", ".html")


class OutputFormat(StrEnum):
    json = "json"
    text = "text"
    markdown = "markdown"


def _page_id(path: Path) -> str:
    name = path.name
    for suffix in _PAGE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def batch_line(path_text: str) -> str:
    """One JSON line for one file; a page that is not HTML gets an `error` key, not a crash."""
    path = Path(path_text)
    page_id = _page_id(path)
    try:
        record = to_contract(extract_article(_read_page(path)), id=page_id)
    except (ExtractError, OSError, EOFError) as exc:
        record = to_contract(ExtractedArticle(url=None), id=page_id)
        record["error"] = str(exc)
    return json.dumps(record, ensure_ascii=False)


def _pages(folder: Path) -> list[Path]:
    found = {p for suffix in _PAGE_SUFFIXES for p in folder.rglob("*" + suffix) if p.is_file()}
    return sorted(found)


def _lines(paths: list[Path], jobs: int) -> Iterator[str]:
    names = [str(p) for p in paths]
    if jobs <= 1:
        yield from map(batch_line, names)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(batch_line, names, chunksize=8)


def _run_batch(folder: Path, out: Path, jobs: int) -> None:
    if not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="--batch")
    paths = _pages(folder)
    errors = 0
    console = Console(stderr=True)
    with (
        out.open("w", encoding="utf-8") as sink,
        Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=not sys.stderr.isatty(),
        ) as progress,
    ):
        task = progress.add_task("extracting", total=len(paths))
        for line in _lines(paths, jobs):
            errors += '"error": ' in line and json.loads(line).get("error") is not None
            sink.write(line + "\n")
            progress.advance(task)
    console.print(f"{len(paths)} pages, {errors} not HTML → {out}", highlight=False)


def _fetch(url: str) -> tuple[bytes, str]:
    try:
        from broadsheet.config import load_settings
        from broadsheet.fetch import HttpClient  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        raise ExtractError(
            "fetching URLs needs broadsheet.fetch, which this installation does not have yet;"
            " save the page and pass its path instead"
        ) from exc

    async def get() -> tuple[bytes, str]:
        async with HttpClient(load_settings()) as client:
            result = await client.get(url)
        if result.status >= 400:
            raise ExtractError(f"{url}: HTTP {result.status}")
        return result.content, result.final_url

    return asyncio.run(get())


def _render(article: ExtractedArticle, output: OutputFormat) -> str:
    if output is OutputFormat.json:
        return json.dumps(to_contract(article), ensure_ascii=False, indent=2)
    if output is OutputFormat.markdown:
        return to_markdown(article).rstrip("\n")
    return article.text


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        path_or_url: Annotated[
            str | None, typer.Argument(help="An HTML file (.html or .html.gz) or an http(s) URL.")
        ] = None,
        url: Annotated[
            str | None, typer.Option(help="The page's URL, to resolve links and dates.")
        ] = None,
        output: Annotated[
            OutputFormat, typer.Option("--format", help="Output format for one page.")
        ] = OutputFormat.json,
        batch: Annotated[
            Path | None, typer.Option(help="Extract every *.html / *.html.gz under this folder.")
        ] = None,
        out: Annotated[
            Path | None, typer.Option(help="JSON-lines output file for --batch.")
        ] = None,
        jobs: Annotated[int, typer.Option(min=1, help="Worker processes for --batch.")] = 1,
    ) -> None:
        """Extract the article of one page, or of every page in a folder (--batch)."""
        err = Console(stderr=True)
        if batch is not None:
            if out is None or path_or_url is not None:
                raise typer.BadParameter("--batch DIR needs --out FILE.jsonl and no PATH_OR_URL")
            _run_batch(batch, out, jobs)
            return
        if path_or_url is None:
            raise typer.BadParameter("give PATH_OR_URL, or --batch DIR --out FILE.jsonl")
        try:
            if path_or_url.startswith(("http://", "https://")):
                content, final_url = _fetch(path_or_url)
                article = extract_article(content, url=url or final_url)
            else:
                path = Path(path_or_url)
                if not path.is_file():
                    raise ExtractError(f"{path}: no such file")
                article = extract_article(_read_page(path), url=url)
        except (ExtractError, OSError, EOFError) as exc:
            err.print(f"error: {exc}", highlight=False, markup=False)
            raise typer.Exit(1) from exc
        if not article.text:
            err.print("warning: no article found on this page", highlight=False)
        typer.echo(_render(article, output))
