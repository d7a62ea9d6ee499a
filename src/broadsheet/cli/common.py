"""What every command shares: settings from the environment, the store, logging, progress."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from broadsheet.config import Settings, load_settings

if TYPE_CHECKING:  # the CLI starts fast: heavy modules load only in the commands that use them
    from broadsheet.pipeline import FeedOutcome
    from broadsheet.store import Store

err_console = Console(stderr=True)


def settings_from_env(db: str | None = None, **overrides: object) -> Settings:
    try:
        settings = load_settings()
    except (ValueError, OSError) as exc:
        err_console.print(f"[red]Configuration error:[/red] {exc}")
        raise SystemExit(2) from exc
    return settings.with_overrides(db_url=db, **overrides)


def store_for(settings: Settings) -> Store:
    from broadsheet.store import open_store

    try:
        return open_store(settings.database_url)
    except Exception as exc:
        err_console.print(f"[red]Cannot open the store at {settings.database_url}:[/red] {exc}")
        raise SystemExit(1) from exc


def setup_logging(settings: Settings, level: int = logging.INFO) -> None:
    """Text or JSON lines on stderr, with request ids, and secrets redacted from every record."""
    from broadsheet.ops.logs import configure_handler

    handler = configure_handler(logging.StreamHandler(sys.stderr), json_lines=settings.log_json)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)


@contextmanager
def feed_progress(total: int, label: str = "Refreshing feeds") -> Iterator[Progress]:
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[articles]} new articles"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )
    with progress:
        progress.add_task(label, total=total, articles=0)
        yield progress


def advance(progress: Progress, outcome: FeedOutcome) -> None:
    task = progress.tasks[0]
    progress.update(
        task.id, advance=1, articles=int(task.fields["articles"]) + outcome.new_articles
    )
    if outcome.error:
        progress.console.print(f"[yellow]![/yellow] {outcome.error}")


def summarize(outcomes: list[FeedOutcome]) -> str:
    new = sum(o.new_articles for o in outcomes)
    failed = [o for o in outcomes if o.error]
    entry_errors = sum(len(o.entry_errors) for o in outcomes)
    text = f"{len(outcomes)} feeds refreshed, {new} new articles"
    if failed:
        text += f", {len(failed)} feeds failed"
    if entry_errors:
        text += f", {entry_errors} articles could not be fetched"
    return text
