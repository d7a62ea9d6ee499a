"""`broadsheet …`: one Typer app; each command group lives in its own module beside this one."""

from __future__ import annotations

import typer

from broadsheet.cli import extract as _extract
from broadsheet.cli import feeds as _feeds
from broadsheet.cli import ops as _ops
from broadsheet.cli import serve as _serve
from broadsheet.cli import stories as _stories
from broadsheet.cli import users as _users
from broadsheet.cli import worker as _worker

app = typer.Typer(
    name="broadsheet",
    help="Broadsheet: a self-hosted news aggregator with offline AI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_serve.register(app)
_feeds.register(app)
_ops.register(app)
_extract.register(app)
_stories.register(app)
_users.register(app)
_worker.register(app)


def main() -> None:
    app()
