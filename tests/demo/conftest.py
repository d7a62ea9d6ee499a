"""One demo site per test module: rendering the whole corpus takes about a second."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from broadsheet.demo import DemoSite


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    demo = DemoSite()
    demo.start()
    try:
        yield demo
    finally:
        demo.stop()
