"""`broadsheet extract`: one page (or a folder of pages) to article JSON (contract in DESIGN.md).

broadsheet extract [--url URL] [--format json|text|markdown] PATH_OR_URL
broadsheet extract --batch DIR --out FILE.jsonl [--jobs N]
"""

from __future__ import annotations

import asyncio
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
from broadsheet.extract.batch import batch_line, find_pages, read_page
from broadsheet.extract.markdown import to_markdown
from broadsheet.models import ExtractedArticle


class OutputFormat(StrEnum):
    json = "json"
    text = "text"
    markdown = "markdown"


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
    paths = find_pages(folder)
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
    """The page at `url` through the project's one HTTP client (limits, SSRF guard)."""
    from broadsheet.config import load_settings
    from broadsheet.fetch import FetchError, HttpClient

    async def get() -> tuple[bytes, str]:
        async with HttpClient(load_settings()) as client:
            result = await client.get(url, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        if result.status >= 400:
            raise ExtractError(f"{url}: HTTP {result.status}")
        return result.content, result.final_url

    try:
        return asyncio.run(get())
    except FetchError as exc:
        raise ExtractError(str(exc)) from exc


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
                article = extract_article(read_page(path), url=url)
        except (ExtractError, OSError, EOFError) as exc:
            err.print(f"error: {exc}", highlight=False, markup=False)
            raise typer.Exit(1) from exc
        if not article.text:
            err.print("warning: no article found on this page", highlight=False)
        typer.echo(_render(article, output))
