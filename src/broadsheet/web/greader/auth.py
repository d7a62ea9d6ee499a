"""Who is calling: the `Authorization: GoogleLogin auth=…` header, and the `T` edit token.

Failures answer as Google Reader servers did (401, plain text, `X-Reader-Google-Bad-Token`), which
is what tells clients to log in again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from broadsheet.store.apikeys import AppPassword
from broadsheet.store.users import User
from broadsheet.web.greader.params import Params
from broadsheet.web.rest.credentials import app_password_for_token, greader_token
from broadsheet.web.services import services

_HEADER = re.compile(r"^\s*GoogleLogin\s+auth=(\S+)\s*$", re.IGNORECASE)

EDIT_PURPOSE = "edit"


class ReaderAuthError(Exception):
    """Raised by handlers; turned into the 401 Google Reader clients expect (see apis.py)."""


@dataclass(frozen=True, slots=True)
class ReaderAuth:
    user: User
    record: AppPassword

    @property
    def edit_token(self) -> str:
        return greader_token(self.record, EDIT_PURPOSE)


async def reader_auth(request: Request) -> ReaderAuth:
    match = _HEADER.match(request.headers.get("authorization", ""))
    if match is None:
        raise ReaderAuthError("missing GoogleLogin header")
    store = services(request).store
    found = await run_in_threadpool(app_password_for_token, store, match.group(1))
    if found is None:
        raise ReaderAuthError("bad auth token")
    record, user = found
    return ReaderAuth(user, record)


def check_edit_token(auth: ReaderAuth, params: Params) -> None:
    """A write must not carry a wrong `T`; a missing one is accepted (the header already proves
    who is calling, and no cookie is involved, so there is no cross-site request to forge)."""
    sent = params.get("T").strip()
    if sent and sent not in (auth.edit_token, greader_token(auth.record)):
        raise ReaderAuthError("bad edit token")
