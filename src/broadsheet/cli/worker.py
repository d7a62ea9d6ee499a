"""`broadsheet worker` and `broadsheet migrate-store`: the commands of a PostgreSQL install."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from broadsheet.cli.common import err_console, settings_from_env, setup_logging

if TYPE_CHECKING:
    from broadsheet.store.copy import CopyReport


def register(app: typer.Typer) -> None:
    @app.command()
    def worker(
        db: str = typer.Option(..., "--db", help="PostgreSQL store URL (postgresql://…)."),
        concurrency: int = typer.Option(8, help="Jobs this process runs at once."),
        tick_s: int = typer.Option(
            10, "--tick-s", help="Seconds between looks for due feeds and stalled jobs."
        ),
        stalled_after_s: float = typer.Option(
            30.0,
            "--stalled-after-s",
            help="Seconds without a heartbeat after which a worker's jobs run again elsewhere.",
        ),
        name: str | None = typer.Option(None, help="Worker name shown in logs."),
        understand: bool = typer.Option(
            True,
            "--understand/--no-understand",
            help="Run enrich and stories on new articles, or only store them.",
        ),
    ) -> None:
        """Run ingest jobs from the shared PostgreSQL queue (start any number, anywhere)."""
        settings = settings_from_env(db)
        setup_logging(settings)
        logging_name = name or "broadsheet-worker"
        from broadsheet.jobs.worker import WorkerOptions, run_worker_until_stopped

        options = WorkerOptions(
            concurrency=concurrency,
            tick_s=tick_s,
            stalled_after_s=stalled_after_s,
            name=name,
            understand=understand,
        )
        err_console.print(
            f"Worker [bold]{logging_name}[/bold] on {settings.database_url}"
            f" ({concurrency} jobs at once)"
        )
        try:
            asyncio.run(run_worker_until_stopped(settings, options))
        except ValueError as exc:
            err_console.print(f"[red]Cannot start the worker:[/red] {exc}")
            raise typer.Exit(2) from exc
        except KeyboardInterrupt:
            pass

    @app.command("migrate-store")
    def migrate_store(
        source: str = typer.Option(..., "--from", help="Store URL to copy from."),
        target: str = typer.Option(..., "--to", help="Store URL to copy into."),
        force: bool = typer.Option(False, "--force", help="Replace what the target holds."),
    ) -> None:
        """Copy every table of one store into another (e.g. SQLite to PostgreSQL) and verify."""
        progress = Progress(
            TextColumn("[bold]{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
        )
        tasks: dict[str, TaskID] = {}

        from broadsheet.store.copy import TargetNotEmptyError, copy_store

        def on_progress(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = progress.add_task(table, total=max(total, 1))
            progress.update(tasks[table], completed=done if total else 1)

        try:
            with progress:
                report = copy_store(source, target, force=force, on_progress=on_progress)
        except TargetNotEmptyError as exc:
            err_console.print(f"[red]Refusing to copy:[/red] {exc}")
            raise typer.Exit(1) from exc
        except Exception as exc:
            err_console.print(f"[red]Copy failed, target left unchanged:[/red] {exc}")
            raise typer.Exit(1) from exc
        _print_report(report)
        if not report.ok:
            raise typer.Exit(1)


def _print_report(report: CopyReport) -> None:
    for count in report.counts:
        mark = "ok" if count.ok else "MISMATCH"
        typer.echo(f"{count.table}\t{count.source}\t{count.target}\t{mark}")
    if report.ok:
        typer.echo(f"copied {report.rows} rows in {len(report.counts)} tables; counts verified")
    else:
        names = ", ".join(c.table for c in report.mismatches())
        typer.echo(f"counts differ in {names}")


def main() -> None:
    """Run these commands on their own (`python -m broadsheet.cli.worker worker --db …`)."""
    app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
    register(app)
    app()


if __name__ == "__main__":
    main()
