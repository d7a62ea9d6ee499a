"""The only module that speaks HTTP to people: pages, JSON, and (later) the reader-app APIs."""

from __future__ import annotations

from broadsheet.web.app import create_app

__all__ = ["create_app"]
