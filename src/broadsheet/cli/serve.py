"""`broadsheet serve` and `broadsheet demo`."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path
from typing import Any

import typer

from broadsheet.cli.common import (
    err_console,
    settings_from_env,
    setup_logging,
    store_for,
    summarize,
)
from broadsheet.config import Settings

DEMO_SITE_PORT = 8001
# Articles the demo site holds back, then publishes one by one while the app runs: each goes
# out as a WebSub push, so "breaking news" arrives live, without waiting for a poll.
DEMO_HELD_BACK = 3
DEMO_RELEASE_EVERY_S = 90.0


def _publish_now_and_then(site: Any, console: Any) -> None:
    def release() -> None:
        while True:
            time.sleep(DEMO_RELEASE_EVERY_S)
            released = site.release_next()
            if released is None:
                return
            page, deliveries = released
            console.print(
                f"Demo site published [bold]{page.title}[/bold] (pushed to {len(deliveries)}"
                " WebSub subscriber(s))"
            )

    threading.Thread(target=release, name="demo-publisher", daemon=True).start()


def _serve_workers(settings: Settings, workers: int) -> None:
    """uvicorn's process manager: each worker builds its own app (and store connections) from
    the environment set here, since a live app cannot be handed to another process. The lock
    file makes exactly one of them the poller (see web/leader.py)."""
    import uvicorn

    from broadsheet.web.factory import POLL_LOCK_ENV
    from broadsheet.web.secret import secret_key

    # Created once here, before the workers read it from the data folder: workers racing to
    # create it would fail, and a cookie signed by one must verify in the others.
    secret_key(settings)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    lock = Path(settings.data_dir) / f"serve-{os.getpid()}.poll.lock"
    os.environ.update(
        {
            "BROADSHEET_DB_URL": settings.database_url,
            "BROADSHEET_HOST": settings.host,
            "BROADSHEET_PORT": str(settings.port),
            "BROADSHEET_POLL": "true" if settings.poll else "false",
            POLL_LOCK_ENV: str(lock),
        }
    )
    try:
        uvicorn.run(
            "broadsheet.web.factory:app_from_env",
            factory=True,
            workers=workers,
            host=settings.host,
            port=settings.port,
            log_level="warning",
            proxy_headers=False,
        )
    finally:
        lock.unlink(missing_ok=True)


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str | None = typer.Option(None, help="Address to listen on [default: 127.0.0.1]."),
        port: int | None = typer.Option(None, help="Port to listen on [default: 8000]."),
        db: str | None = typer.Option(
            None, "--db", help="Store URL (default: SQLite in the data folder)."
        ),
        poll: bool = typer.Option(
            True, "--poll/--no-poll", help="Poll due feeds in-process (in one worker only)."
        ),
        workers: int = typer.Option(
            1,
            "--workers",
            min=1,
            help="Web processes sharing the port; pages use every core. One of them polls.",
        ),
    ) -> None:
        """Serve the web app and poll due feeds in-process."""
        import uvicorn

        settings = settings_from_env(db, host=host, port=port, poll=poll)
        setup_logging(settings)
        store = store_for(settings)  # migrates the store once, before any worker starts
        err_console.print(
            f"Broadsheet on [bold]http://{settings.host}:{settings.port}[/bold] "
            f"(store: {settings.database_url}"
            + (f", {workers} workers" if workers > 1 else "")
            + ")"
        )
        if workers > 1:
            store.close()
            _serve_workers(settings, workers)
            return

        from broadsheet.understand import article_hooks
        from broadsheet.web import create_app

        web = create_app(settings, store, hooks=article_hooks(settings, store))
        uvicorn.run(
            web, host=settings.host, port=settings.port, log_level="warning", proxy_headers=False
        )

    @app.command()
    def demo(
        port: int | None = typer.Option(None, help="Port for the web app [default: 8000]."),
        db: str | None = typer.Option(
            None, "--db", help="Store URL (default: demo.db in the data folder)."
        ),
        site_port: int = typer.Option(DEMO_SITE_PORT, help="Port of the local fixture news site."),
        no_serve: bool = typer.Option(
            False, "--no-serve", help="Ingest, then exit without serving."
        ),
    ) -> None:
        """Run the whole pipeline on the bundled corpus from a local news site, then serve it."""
        import uvicorn

        from broadsheet.cli.feeds import refresh_all
        from broadsheet.demo import DemoSite
        from broadsheet.understand import article_hooks
        from broadsheet.web import create_app

        base = settings_from_env(db, port=port)
        if not db and not base.db_url:
            base = base.with_overrides(db_url="sqlite:///" + base.data_dir + "/demo.db")
        settings = base.with_overrides(
            allow_private_hosts=(*base.allow_private_hosts, "127.0.0.1", "localhost"),
            fetch_per_host=8,
            # The demo site's hub pushes new Ledger articles to this app as they are published.
            public_url=base.public_url or f"http://{base.host}:{base.port}",
        )
        setup_logging(settings)
        store = store_for(settings)
        site = DemoSite(host="127.0.0.1", port=site_port, held_back=DEMO_HELD_BACK)
        try:
            site.start()
        except OSError as exc:
            err_console.print(
                f"[red]Cannot start the demo news site on port {site_port}:[/red] {exc}"
            )
            raise typer.Exit(1) from exc
        try:
            for url in site.feed_urls():
                store.add_feed(url)
            # The Harbour Herald has no feed: it is followed through its news sitemap index.
            for url in site.sitemap_urls("index"):
                store.add_feed(url, kind="sitemap")
            err_console.print(
                f"Demo news site on [bold]{site.base_url}[/bold]; store: {settings.database_url}"
            )
            outcomes = asyncio.run(
                refresh_all(settings, store, all_feeds=True, credit_for=site.credit_for)
            )
            err_console.print(summarize(outcomes))
            if no_serve:
                return
            err_console.print(
                f"Open [bold]http://{settings.host}:{settings.port}[/bold] in your browser"
                " (Ctrl+C to stop)."
            )
            web = create_app(
                settings, store, hooks=article_hooks(settings, store), credit_for=site.credit_for
            )
            _publish_now_and_then(site, err_console)
            uvicorn.run(
                web,
                host=settings.host,
                port=settings.port,
                log_level="warning",
                proxy_headers=False,
            )
        finally:
            site.stop()
