"""schemathesis against the REST API's OpenAPI schema, in-process (ASGI): no 5xx, and every
response matches the schema. Operations that fetch the network (add, refresh, discover) are left
out here (a test must never reach off the machine); test_rest.py covers them on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from broadsheet.config import Settings
from broadsheet.store import open_store
from broadsheet.web import create_app
from tests.api.seed import Hashes, build_world

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture
def rest_app(tmp_path: Path, hashes: Hashes) -> Iterator[tuple[FastAPI, str]]:
    store = open_store(f"sqlite:///{tmp_path / 'schema.db'}")
    world = build_world(store, hashes)
    app = create_app(Settings(data_dir=str(tmp_path), poll=False), store, poll=False)
    with TestClient(app):  # runs the lifespan, so the app is fully started
        yield app, world.alice.token
    store.close()


@pytest.fixture
def rest_schema(rest_app: tuple[FastAPI, str]) -> tuple[Any, str]:
    app, token = rest_app
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    return (
        schema.exclude(path="/feeds", method="POST")
        .exclude(path_regex=r"/refresh$")
        .exclude(path="/discover")
    ), token


@pytest.mark.slow
def test_rest_api_conforms_to_its_schema(rest_schema: tuple[Any, str]) -> None:
    schema, token = rest_schema
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )

        run()
        checked.append(operation.label)
    assert len(checked) >= 15, checked
