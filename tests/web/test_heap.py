"""What keeps the garbage collector's full collections short while serving (see web/heap.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from broadsheet.models import Article
from broadsheet.web.heap import frozen_startup_heap
from broadsheet.web.services import make_templates


@pytest.fixture
def collector_paused() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_rendered_page_leaves_no_reference_cycles(collector_paused: None) -> None:
    """Macros imported `with context` are rebuilt for every render and tie the whole page
    context (its articles included) into cycles only the collector can free."""
    template = make_templates().env.get_template("list.html")
    article = Article(
        id=1, url="https://news.example/1", title="Headline", text="Body", publisher="Ledger"
    )
    article.published = datetime.now(UTC)
    context = {
        "request": SimpleNamespace(url=SimpleNamespace(path="/latest")),
        "title": "Latest",
        "articles": [article],
        "states": {},
        "page": 1,
        "has_more": False,
        "user": None,
        "csrf": "token",
        "nonce": "nonce",
        "feeds_out": [],
    }
    template.render(context)  # the first render may compile and cache what it imports
    gc.collect()
    html = template.render(context)
    assert "Headline" in html and "Ledger" in html
    assert gc.collect() == 0


def test_the_startup_heap_is_frozen_only_while_serving() -> None:
    gc.unfreeze()
    with frozen_startup_heap(make_templates()):
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_macros_read_nothing_from_the_page_that_imports_them() -> None:
    """Imported without context, a macro that read a page variable (the old `ask_box` read
    `csrf`) would silently render it empty: every value must come in as an argument."""
    from jinja2 import meta

    env = make_templates().env
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "macros.html")
    assert meta.find_undeclared_variables(env.parse(source)) == set()


def test_the_running_app_serves_with_its_startup_heap_frozen(app_factory: Any) -> None:
    gc.unfreeze()
    client = app_factory()
    assert client.get("/").status_code == 200
    assert gc.get_freeze_count() > 0
