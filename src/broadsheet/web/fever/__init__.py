"""The Fever API at /fever/; see README.md."""

from __future__ import annotations

from broadsheet.web.fever.routes import router

__all__ = ["router"]
