"""The order of the app's routes: the reading pages are matched first (the cheapest walk for
the busiest paths), which is only safe while no other route's path is also a page's."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi import FastAPI
from starlette.routing import BaseRoute, Match

from broadsheet.config import Settings
from broadsheet.store import Store
from broadsheet.web import create_app, pages

_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


def _leaves(route: BaseRoute, prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    """Every endpoint under `route`, with the path prefix of the mounts above it."""
    inner = getattr(route, "original_router", None)  # a router included into the app
    if inner is not None:
        for r in inner.routes:
            yield from _leaves(r, prefix)
    elif getattr(route, "routes", None) and not hasattr(route, "methods"):  # a mount
        for r in route.routes:  # type: ignore[attr-defined]
            yield from _leaves(r, prefix + route.path)  # type: ignore[attr-defined]
    else:
        yield prefix, route


def _example(path: str) -> str:
    """A concrete path for a route template: ids as numbers, formats as rss, the rest words."""

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        return "7" if name.endswith("id") else "rss" if name == "fmt" else "harbour"

    return _PARAM.sub(value, path)


def _scope(path: str, method: str) -> dict[str, object]:
    return {"type": "http", "path": path, "method": method, "root_path": "", "headers": []}


def _app(settings: Settings, store: Store) -> FastAPI:
    return create_app(settings, store, poll=False)


def test_no_other_route_answers_a_path_the_pages_would_take(
    settings: Settings, sqlite_store: Store
) -> None:
    app = _app(settings, sqlite_store)
    page_routes = list(pages.router.routes)
    others = [
        (prefix + getattr(r, "path", ""), sorted(getattr(r, "methods", None) or {"GET"}))
        for top in app.router.routes
        if getattr(top, "original_router", None) is not pages.router
        for prefix, r in _leaves(top)
        if getattr(r, "path", None)
    ]
    assert len(others) > 50  # the API, reader APIs, feeds out, accounts, comments…
    taken = [
        (path, method, page.path)  # type: ignore[attr-defined]
        for path, methods in others
        for method in methods
        for page in page_routes
        if page.matches(_scope(_example(path), method))[0] == Match.FULL
    ]
    assert taken == []


def test_the_pages_come_before_every_other_router(settings: Settings, sqlite_store: Store) -> None:
    routes = _app(settings, sqlite_store).router.routes
    at = next(
        n for n, r in enumerate(routes) if getattr(r, "original_router", None) is pages.router
    )
    assert not any(hasattr(r, "original_router") for r in routes[:at])  # only single routes
    for page in pages.router.routes:  # and each page path is theirs
        path = _example(page.path)  # type: ignore[attr-defined]
        first = next(r for r in routes if r.matches(_scope(path, "GET"))[0] == Match.FULL)
        assert first is routes[at], path
