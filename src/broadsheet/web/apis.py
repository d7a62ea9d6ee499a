"""Where the reader-app APIs (REST, Google Reader, Fever) attach to the app."""

from __future__ import annotations

from fastapi import FastAPI


def include_api_routers(app: FastAPI) -> None:
    return None
