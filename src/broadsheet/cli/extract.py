"""`broadsheet extract`: one page (or a folder of pages) to article JSON (contract in DESIGN.md)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def extract() -> None:
        """Extract an article from a page (not implemented yet)."""
        raise typer.Exit(2)
