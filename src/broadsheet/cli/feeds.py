"""`broadsheet feeds …` and `broadsheet refresh`: subscriptions from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from sqlalchemy.exc import SQLAlchemyError

from broadsheet.cli.common import (
    advance,
    err_console,
    feed_progress,
    settings_from_env,
    setup_logging,
    store_for,
    summarize,
)
from broadsheet.config import Settings
from broadsheet.models import OutlineFeed

if TYPE_CHECKING:
    from broadsheet.pipeline import CreditLookup, FeedOutcome
    from broadsheet.store import Store

feeds_app = typer.Typer(help="Manage the feeds this instance follows.", no_args_is_help=True)

DbOption = typer.Option(None, "--db", help="Store URL (default: SQLite in the data folder).")


@feeds_app.command("add")
def add(url: str, db: str | None = DbOption) -> None:
    """Follow a feed, or a site whose page advertises its feed."""
    from broadsheet.fetch import HttpClient
    from broadsheet.pipeline import Pipeline, SubscribeError, discover_and_add

    settings = settings_from_env(db)
    store = store_for(settings)

    async def run() -> None:
        async with HttpClient(settings) as client:
            feed, created = await discover_and_add(Pipeline(settings, store, client), url)
        state = "Added" if created else "Already following"
        typer.echo(f"{state}: {feed.title or feed.url} ({feed.url}) [id {feed.id}]")

    try:
        asyncio.run(run())
    except SubscribeError as exc:
        err_console.print(f"[red]Cannot add {url}:[/red] {exc}")
        raise typer.Exit(1) from exc


@feeds_app.command("save")
def save(url: str, db: str | None = DbOption) -> None:
    """Save one article page (no feed needed); it is processed like any other article."""
    from broadsheet.fetch import HttpClient
    from broadsheet.pipeline import Pipeline, SubscribeError, save_single_article
    from broadsheet.understand import article_hooks

    settings = settings_from_env(db)
    store = store_for(settings)

    async def run() -> None:
        async with HttpClient(settings) as client:
            pipeline = Pipeline(settings, store, client, on_article=article_hooks(settings, store))
            article, created = await save_single_article(pipeline, url)
        state = "Saved" if created else "Already saved"
        typer.echo(
            f"{state}: {article.title} ({article.publisher or article.url}) [id {article.id}]"
        )

    try:
        asyncio.run(run())
    except SubscribeError as exc:
        err_console.print(f"[red]Cannot save {url}:[/red] {exc}")
        raise typer.Exit(1) from exc


@feeds_app.command("list")
def list_feeds(db: str | None = DbOption) -> None:
    """Show every feed with its status."""
    store = store_for(settings_from_env(db))
    for feed in store.list_feeds():
        status = f"ERROR x{feed.error_count}: {feed.last_error}" if feed.last_error else "ok"
        typer.echo(f"{feed.id}\t{feed.title or '-'}\t{feed.url}\t{status}")


@feeds_app.command("import")
def import_opml(path: Path, db: str | None = DbOption) -> None:
    """Follow every feed listed in an OPML file."""
    from broadsheet.feeds import OpmlError, parse_opml

    store = store_for(settings_from_env(db))
    try:
        outlines = parse_opml(path.read_bytes())
    except OSError as exc:
        err_console.print(f"[red]Cannot read {path}:[/red] {exc}")
        raise typer.Exit(1) from exc
    except OpmlError as exc:
        err_console.print(f"[red]{path} is not a usable OPML file:[/red] {exc}")
        raise typer.Exit(1) from exc
    added = 0
    for outline in outlines:
        _, created = store.add_feed(outline.url, title=outline.title, site_url=outline.site_url)
        added += int(created)
    typer.echo(
        f"{len(outlines)} feeds in {path}: {added} added, {len(outlines) - added} already followed"
    )


@feeds_app.command("export")
def export_opml(db: str | None = DbOption) -> None:
    """Print every feed as OPML."""
    from broadsheet.feeds import build_opml

    store = store_for(settings_from_env(db))
    outlines = [
        OutlineFeed(url=f.url, title=f.title, site_url=f.site_url) for f in store.list_feeds()
    ]
    typer.echo(build_opml(outlines))


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")

    @app.command()
    def refresh(
        db: str | None = DbOption,
        all_feeds: bool = typer.Option(
            True, "--all/--due", help="Refresh every feed, or only those due."
        ),
    ) -> None:
        """Fetch feeds now and store their new articles."""
        settings = settings_from_env(db)
        setup_logging(settings)
        store = store_for(settings)
        try:
            outcomes = asyncio.run(refresh_all(settings, store, all_feeds=all_feeds))
        except SQLAlchemyError as exc:
            err_console.print(f"[red]The store failed ({settings.database_url}):[/red] {exc}")
            raise typer.Exit(3) from exc
        typer.echo(summarize(outcomes))
        if outcomes and all(o.error for o in outcomes):
            raise typer.Exit(1)


async def refresh_all(
    settings: Settings,
    store: Store,
    *,
    all_feeds: bool = True,
    credit_for: CreditLookup | None = None,
) -> list[FeedOutcome]:
    from broadsheet.fetch import HttpClient
    from broadsheet.jobs.poller import refresh_feeds
    from broadsheet.pipeline import Pipeline
    from broadsheet.store.base import utcnow
    from broadsheet.understand import article_hooks

    feeds = store.list_feeds() if all_feeds else store.due_feeds(utcnow(), limit=100_000)
    async with HttpClient(settings) as client:
        pipeline = Pipeline(
            settings,
            store,
            client,
            on_article=article_hooks(settings, store),
            credit_for=credit_for,
        )
        with feed_progress(len(feeds)) as progress:
            return await refresh_feeds(
                pipeline,
                feeds,
                concurrency=settings.fetch_concurrency,
                on_done=lambda o: advance(progress, o),
            )
