"""`broadsheet backup|restore|retention|config-docs`: keeping an install safe and documented."""

from __future__ import annotations

from pathlib import Path

import typer

from broadsheet.cli.common import err_console, settings_from_env, store_for
from broadsheet.ops.backup import BackupError, backup_store, restore_store
from broadsheet.ops.configdocs import UndocumentedSettingError, render_configuration_doc
from broadsheet.ops.retention import RetentionPolicy, run_retention

_DB = typer.Option(None, "--db", help="Store URL (default: SQLite in the data folder).")


def register(app: typer.Typer) -> None:
    @app.command()
    def backup(
        file: Path = typer.Argument(..., help="Where to write the backup."),
        db: str | None = _DB,
        force: bool = typer.Option(False, "--force", help="Replace an existing backup file."),
    ) -> None:
        """Copy the live SQLite store into FILE (safe while Broadsheet runs)."""
        settings = settings_from_env(db)
        try:
            info = backup_store(settings.database_url, file, force=force)
        except BackupError as exc:
            err_console.print(f"[red]Backup failed:[/red] {exc}")
            raise typer.Exit(1) from exc
        typer.echo(
            f"backed up {info.articles} articles and {info.feeds} feeds to {info.path}"
            f" ({info.size_bytes} bytes, schema {info.revision})"
        )

    @app.command()
    def restore(
        file: Path = typer.Argument(..., help="A file written by `broadsheet backup`."),
        db: str | None = _DB,
        force: bool = typer.Option(False, "--force", help="Replace the existing store."),
    ) -> None:
        """Put a backup in place of the store (stop the web app and workers first)."""
        settings = settings_from_env(db)
        try:
            info = restore_store(file, settings.database_url, force=force)
        except BackupError as exc:
            err_console.print(f"[red]Restore refused:[/red] {exc}")
            raise typer.Exit(1) from exc
        typer.echo(
            f"restored {info.articles} articles and {info.feeds} feeds into {info.path}"
            f" (schema {info.revision})"
        )

    @app.command()
    def retention(
        db: str | None = _DB,
        unread_days: int | None = typer.Option(
            None, help="Drop unread articles older than this [default: setting]."
        ),
        read_days: int | None = typer.Option(
            None, help="Drop read articles older than this [default: setting]."
        ),
    ) -> None:
        """Drop old articles now, as the retention settings say (starred ones are kept)."""
        settings = settings_from_env(db)
        policy = RetentionPolicy.from_settings(settings)
        policy = RetentionPolicy(
            unread_days=policy.unread_days if unread_days is None else unread_days,
            read_days=policy.read_days if read_days is None else read_days,
            batch_size=policy.batch_size,
        )
        if not policy.enabled:
            typer.echo(
                "retention is off (set BROADSHEET_RETENTION_UNREAD_DAYS or"
                " BROADSHEET_RETENTION_READ_DAYS, or pass --unread-days/--read-days)"
            )
            return
        store = store_for(settings)
        try:
            report = run_retention(store, policy)
        finally:
            store.close()
        typer.echo(
            f"dropped {report.unread_deleted} unread and {report.read_deleted} read articles"
            f" in {report.batches} batches"
        )

    @app.command("config-docs")
    def config_docs(
        out: Path | None = typer.Option(None, "--out", help="Write here instead of stdout."),
        check: bool = typer.Option(
            False, "--check", help="Exit 1 when --out differs from what would be written."
        ),
    ) -> None:
        """Print the configuration reference generated from the settings."""
        try:
            text = render_configuration_doc()
        except UndocumentedSettingError as exc:
            err_console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
        if out is None:
            typer.echo(text, nl=False)
            return
        if check:
            current = out.read_text(encoding="utf-8") if out.exists() else ""
            if current != text:
                err_console.print(f"[red]{out} is stale:[/red] run broadsheet config-docs --out")
                raise typer.Exit(1)
            return
        out.write_text(text, encoding="utf-8")
