"""The garbage collector's settings while a process serves pages.

CPython's full (oldest-generation) collection walks every object the collector tracks and holds
the GIL throughout: every request in the process stops. A serving process's start-up heap is
about 200k such objects (modules, functions, classes, SQLAlchemy and FastAPI metadata, compiled
templates) that live as long as the process; at 100k articles, with one worker under load, each
full collection stopped the process for 220-300 ms, and those stops were the slowest requests
of every page type (bench/web.py --trace lined up with gc.callbacks timings). Frozen after
start-up, that heap is never walked again, and a full collection walks only what requests and
the page cache made since.

Pages import their macros without the render's context (`{% import "macros.html" as m %}`, so
macros take what they show as arguments): imported `with context`, the macros were rebuilt for
every render and tied the whole page context into reference cycles, some 100-150 objects a
request that only the collector could free (tests/web/test_heap.py).

The collector stays on, with CPython's thresholds: requests build reference cycles (some 20k
objects between two collections of the middle generation at 100k articles), and frequent young
collections reclaim them a little at a time. Raising the young threshold to 20,000 made each
middle-generation collection reclaim that many at once: 25-90 ms stops instead.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.templating import Jinja2Templates


@contextmanager
def frozen_startup_heap(templates: Jinja2Templates) -> Iterator[None]:
    """While the block runs, what exists at its start is exempt from collection. On exit the
    frozen objects become collectable again, so a process that starts and stops many apps (the
    tests) does not keep their garbage."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)  # compiled now, so frozen with the rest
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
