"""The app as uvicorn's worker processes build it (`serve --workers N`): each worker imports
this module and calls `app_from_env`, so everything it needs comes from the environment the
parent `broadsheet serve` set up (BROADSHEET_* settings, plus the poll lock's path)."""

from __future__ import annotations

import os

from fastapi import FastAPI

POLL_LOCK_ENV = "BROADSHEET_SERVE_POLL_LOCK"  # set by the parent; not a user setting


def app_from_env() -> FastAPI:
    """One worker's app. The parent already ran the migrations, so workers skip them (sixteen
    processes migrating one SQLite file at once would queue on its lock for nothing)."""
    from broadsheet.cli.common import settings_from_env, setup_logging
    from broadsheet.store import open_store
    from broadsheet.understand import article_hooks
    from broadsheet.web.app import create_app

    settings = settings_from_env()
    setup_logging(settings)
    store = open_store(settings.database_url, run_migrations=False)
    return create_app(
        settings,
        store,
        hooks=article_hooks(settings, store),
        poll_lock=os.environ.get(POLL_LOCK_ENV) or None,
    )
