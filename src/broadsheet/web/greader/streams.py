"""A Google Reader stream request (`s`, `n`, `c`, `r`, `ot`, `nt`, `xt`, `it`) as a store query.

Continuation tokens are keyset cursors — the sort time (µs) and id of the last item sent — so a
page is stable while the client marks items read between requests (an offset would skip some).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from broadsheet.store import Store
from broadsheet.store.apikeys import StreamQuery
from broadsheet.web.greader.ids import Stream, parse_stream
from broadsheet.web.greader.params import Params
from broadsheet.web.greader.render import EPOCH, usec

MAX_ITEMS = 10_000
DEFAULT_ITEMS = 20


@dataclass(slots=True)
class StreamRequest:
    query: StreamQuery
    count: int


class UnknownStream(Exception):
    pass


def from_usec(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def continuation_for(when: datetime, article_id: int) -> str:
    return f"{usec(when)}-{article_id}"


def parse_continuation(token: str) -> tuple[datetime, int] | None:
    head, _, tail = token.partition("-")
    if not head.isdigit() or not tail.isdigit():
        return None
    return from_usec(int(head)), int(tail)


def _epoch_param(params: Params, key: str) -> datetime | None:
    raw = params.get(key)
    if not raw.isdigit():
        return None
    value = int(raw)
    if len(raw) >= 16:  # some clients send microseconds
        return from_usec(value)
    return datetime.fromtimestamp(min(value, 253_402_300_799), UTC)


def base_query(store: Store, user_id: int, stream: Stream) -> StreamQuery:
    """The articles one stream id names for this user (empty for labels they do not have)."""
    q = StreamQuery(user_id=user_id)
    if stream.kind == "feed":
        q.feed_ids = [stream.feed_id or 0]
    elif stream.kind == "label":
        folder = next((f for f in store.list_folders(user_id) if f.name == stream.name), None)
        q.folder_id = folder.id if folder else -1
    elif stream.kind == "starred":
        q.starred = True
        q.subscribed_only = False
    elif stream.kind == "read":
        q.read = True
        q.subscribed_only = False
    elif stream.kind == "kept-unread":
        q.read = False
    elif stream.kind in ("feed-url", "state"):
        raise UnknownStream(stream.name)
    return q


def stream_request(store: Store, user_id: int, stream_id: str, params: Params) -> StreamRequest:
    stream = parse_stream(stream_id)
    if stream is None:
        raise UnknownStream(stream_id)
    q = base_query(store, user_id, stream)
    for target in params.getlist("xt"):
        if target.endswith("/state/com.google/read"):
            q.read = False
        elif target.endswith("/state/com.google/starred"):
            q.starred = False
    for target in params.getlist("it"):
        if target.endswith("/state/com.google/read"):
            q.read = True
        elif target.endswith("/state/com.google/starred"):
            q.starred = True
    filter_flag = params.get("filter") or params.get("xt_state")
    if filter_flag == "unread":
        q.read = False
    q.order = "oldest" if params.get("r") == "o" else "newest"
    q.published_after = _epoch_param(params, "ot")
    q.published_before = _epoch_param(params, "nt")
    cont = params.get("c")
    if cont:
        q.after = parse_continuation(cont)
    count = params.int("n", DEFAULT_ITEMS, low=1, high=MAX_ITEMS)
    q.limit = count + 1  # one more tells whether to send a continuation
    return StreamRequest(q, count)
