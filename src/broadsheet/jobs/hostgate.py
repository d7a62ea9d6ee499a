"""Per-host politeness across every worker, on PostgreSQL advisory locks.

Each HttpClient already limits requests per host inside its own process; with N workers on M
machines that would allow N x `fetch_per_host` requests at one publisher. Here a host owns
`fetch_per_host` numbered slots, each a PostgreSQL advisory lock keyed by (hash of host, slot);
a fetch holds one slot for its duration. The database is the only thing all workers share, and
its locks vanish with a dead worker's connection, so a worker killed mid-fetch frees its slot.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType
from urllib.parse import urlsplit

from broadsheet.config import Settings
from broadsheet.fetch import HttpClient
from broadsheet.jobs.lockpool import LockPool
from broadsheet.models import FetchResult

# The first free slot, trying them from a random one; rows after the first success are never
# evaluated (LIMIT 1 stops the scan), so at most one lock is taken.
_TAKE_ANY_SLOT = """
SELECT slot FROM (
    SELECT (i + %(start)s) %% %(n)s AS slot FROM generate_series(0, %(n)s - 1) AS i
) AS slots
WHERE pg_try_advisory_lock(%(key)s, slot)
LIMIT 1
"""


def host_key(host: str) -> int:
    """A signed 32-bit key for the host (two hosts may share one: they then share slots)."""
    value = zlib.crc32(host.lower().encode("utf-8"))
    return value - (1 << 32) if value >= (1 << 31) else value


class HostGate(LockPool):
    """At most `per_host` requests in flight to one host across every process sharing the DB."""

    def __init__(self, conninfo: str, *, per_host: int, max_connections: int = 8) -> None:
        super().__init__(conninfo, max_connections=max_connections)
        self._per_host = max(1, per_host)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[int]:
        """Hold one of the host's slots; yields the slot number.

        When every slot is taken it tries again after a short, growing, jittered pause rather
        than queueing on one slot in the database: a waiter parked on a busy slot would miss
        another that frees first.
        """
        key = host_key(host)
        pause = 0.005
        async with self._pool.connection() as conn:
            released = False
            try:
                while True:
                    row = await (
                        await conn.execute(
                            _TAKE_ANY_SLOT,
                            {
                                "key": key,
                                "n": self._per_host,
                                "start": random.randrange(self._per_host),
                            },
                        )
                    ).fetchone()
                    if row is not None:
                        taken = int(row[0])
                        break
                    await asyncio.sleep(pause * random.uniform(0.5, 1.5))
                    pause = min(pause * 2, 0.2)
                try:
                    yield taken
                finally:
                    await conn.execute("SELECT pg_advisory_unlock(%s, %s)", (key, taken))
                    released = True
            finally:
                if not released:
                    # Cancelled while asking for a slot (the server may have granted it
                    # anyway), or the unlock failed: close the connection, so its locks die
                    # with it, rather than pool it. Only this rare path pays; a pool `reset`
                    # would cost a round trip on every fetch.
                    await conn.close()


class PoliteClient(HttpClient):
    """An HttpClient whose every fetch first takes a cross-worker slot for the URL's host.

    Redirects are followed inside the slot of the first host (the hop's host is usually the
    same publisher).
    """

    def __init__(self, settings: Settings, gate: HostGate) -> None:
        super().__init__(settings)
        self._gate = gate

    async def __aenter__(self) -> PoliteClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        host = urlsplit(url).hostname or ""
        async with self._gate.slot(host):
            return await super().get(url, etag=etag, last_modified=last_modified, accept=accept)
