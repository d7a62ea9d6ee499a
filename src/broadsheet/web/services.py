"""What request handlers need, built once per app and reached through `request.app.state`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from broadsheet.config import Settings
from broadsheet.pipeline import Pipeline
from broadsheet.store import Store
from broadsheet.web.cache import TtlCache
from broadsheet.web.timefmt import iso, relative_time

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
# The language the interface is written in: the pages' `lang`, and the one an article's title
# needs no tag for in lists that mix languages (templates read it as `ui_language`)
UI_LANGUAGE = "en"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    # Templates ship inside the package and change only with it: no stat() of every template
    # file on every render (Jinja's default, for editing templates while a server runs).
    templates.env.auto_reload = False
    templates.env.filters["ago"] = relative_time
    templates.env.filters["iso"] = iso
    templates.env.globals["ui_language"] = UI_LANGUAGE
    return templates


@dataclass
class Services:
    settings: Settings
    store: Store
    templates: Jinja2Templates = field(default_factory=make_templates)
    pipeline: Pipeline | None = None  # set while the app runs (it owns an HTTP client)
    secret: str = ""  # signs session cookies and CSRF tokens (see sessions.py)
    cache: TtlCache = field(default_factory=TtlCache)  # shared page parts, seconds-fresh
    cache_ttl_s: float = 10.0  # 0 turns the cache off (tests that change data between requests)


def services(request: Request) -> Services:
    svc = request.app.state.services
    assert isinstance(svc, Services)
    return svc
