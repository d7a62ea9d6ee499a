"""The store: the only module that speaks SQL. One interface, SQLite and PostgreSQL engines."""

from __future__ import annotations

from broadsheet.store.apikeys import ReaderApiStore
from broadsheet.store.articles import ArticleStore
from broadsheet.store.comments import CommentStore
from broadsheet.store.engine import create_store_engine, migrate
from broadsheet.store.feeds import FeedStore
from broadsheet.store.pages import PageStore
from broadsheet.store.rules import RulesStore
from broadsheet.store.stories import StoryStore
from broadsheet.store.users import UserStore

__all__ = ["Store", "open_store"]


class Store(
    FeedStore,
    StoryStore,
    ArticleStore,
    UserStore,
    CommentStore,
    PageStore,
    ReaderApiStore,
    RulesStore,
):
    """Everything the pipeline and the web app read and write."""

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, *, run_migrations: bool = True) -> Store:
    engine = create_store_engine(url)
    if run_migrations:
        migrate(engine)
    return Store(engine)
