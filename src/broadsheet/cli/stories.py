"""`broadsheet cluster` and `broadsheet similarity` (contracts in DESIGN.md)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
