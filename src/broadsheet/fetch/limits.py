"""Politeness: at most N requests in flight to one host, and M in total, per client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostLimiter:
    """Per-host and global concurrency slots; a host's entry is dropped when it goes idle.

    Owned by one HttpClient (never module-level), so two clients in one process, e.g. two tests,
    do not share slots.
    """

    def __init__(self, per_host: int, total: int) -> None:
        self._per_host = max(1, per_host)
        self._total = asyncio.Semaphore(max(1, total))
        self._hosts: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        key = host.lower()
        sem, users = self._hosts.get(key, (asyncio.Semaphore(self._per_host), 0))
        self._hosts[key] = (sem, users + 1)
        try:
            async with sem, self._total:
                yield
        finally:
            sem, users = self._hosts[key]
            if users <= 1:
                del self._hosts[key]
            else:
                self._hosts[key] = (sem, users - 1)

    def in_use(self) -> int:
        """Hosts with a request waiting or in flight (for tests and metrics)."""
        return len(self._hosts)
