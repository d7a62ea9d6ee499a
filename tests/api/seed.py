"""A small world for the API tests: two users, three feeds, articles, folders, app passwords."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from broadsheet.auth.passwords import hash_password
from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.store import Store
from broadsheet.store.users import User
from broadsheet.web.rest.credentials import fever_key, issue_api_token

WEB_PASSWORD = "correct horse battery"


@dataclass
class Account:
    user: User
    app_password: str
    token: str


@dataclass
class World:
    alice: Account
    bob: Account
    feeds: dict[str, int] = field(default_factory=dict)
    articles: dict[str, list[int]] = field(default_factory=dict)


def add_articles(store: Store, feed_id: int, slug: str, n: int, start: datetime) -> list[int]:
    ids = []
    for i in range(n):
        text = f"Body of {slug} story {i}. " * 5
        article, _ = store.add_article(
            NewArticle(
                url=f"https://{slug}.example/story-{i}",
                title=f"{slug.title()} headline {i}",
                text=text,
                html=f"<p>{text}</p>",
                feed_id=feed_id,
                publisher=slug.title(),
                author=f"Writer {i}",
                published=start + timedelta(minutes=i),
                content_hash=content_hash(text),
            )
        )
        ids.append(article.id)
    return ids


@dataclass(frozen=True)
class Hashes:
    """argon2 takes a second or more here: hash each test password once per session."""

    web: str
    apps: dict[str, str]

    @classmethod
    def compute(cls) -> Hashes:
        return cls(hash_password(WEB_PASSWORD), {n: hash_password(app_password(n)) for n in NAMES})


NAMES = ("alice", "bob")


def app_password(name: str) -> str:
    return f"app-password-of-{name}"


def account(store: Store, name: str, hashes: Hashes) -> Account:
    user = store.create_user(name, hashes.web)
    password = app_password(name)
    store.add_app_password(user.id, "tests", hashes.apps[name], fever_key(name, password))
    _, token = issue_api_token(store, user, "tests")
    return Account(user, password, token)


def build_world(store: Store, hashes: Hashes) -> World:
    """alice follows `daily` (folder News) and `weekly`; bob follows `daily` and `gazette`."""
    world = World(alice=account(store, "alice", hashes), bob=account(store, "bob", hashes))
    start = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    for slug, n in (("daily", 4), ("weekly", 3), ("gazette", 2)):
        feed, _ = store.add_feed(f"https://{slug}.example/feed.xml", title=f"The {slug.title()}")
        world.feeds[slug] = feed.id
        world.articles[slug] = add_articles(store, feed.id, slug, n, start)
    a, b = world.alice.user.id, world.bob.user.id
    news = store.folder_for(a, "News")
    store.subscribe(a, world.feeds["daily"], folder_id=news.id)
    store.subscribe(a, world.feeds["weekly"])
    store.subscribe(b, world.feeds["daily"])
    store.subscribe(b, world.feeds["gazette"], folder_id=store.folder_for(b, "Bobs").id)
    return world
