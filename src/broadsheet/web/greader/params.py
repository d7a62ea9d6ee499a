"""Google Reader parameters: repeated keys, from the query string and the form body alike.

Clients disagree about where they put things (newsboat posts `i` and `T` in the body, others
send `s` in the query of a POST), so every handler reads one merged view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request


@dataclass(slots=True)
class Params:
    values: dict[str, list[str]] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        found = self.values.get(key)
        return found[0] if found else default

    def getlist(self, key: str) -> list[str]:
        return list(self.values.get(key, []))

    def int(self, key: str, default: int, *, low: int, high: int) -> int:
        raw = self.get(key)
        try:
            value = int(raw) if raw else default
        except ValueError:
            value = default
        return max(low, min(high, value))


async def read_params(request: Request) -> Params:
    params = Params()
    for key, value in request.query_params.multi_items():
        params.values.setdefault(key, []).append(value)
    if request.method == "POST":
        content_type = request.headers.get("content-type", "")
        if "form" in content_type:
            form = await request.form()
            for key, item in form.multi_items():
                if isinstance(item, str):
                    params.values.setdefault(key, []).append(item)
    return params
