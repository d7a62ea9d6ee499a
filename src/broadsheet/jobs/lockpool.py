"""The connections that hold PostgreSQL advisory locks (feed claims, host slots).

An advisory lock lives as long as the session that took it, so these connections run in
autocommit and are never lent to other work; a killed worker's connections close and free its
locks by themselves.
"""

from __future__ import annotations

from psycopg_pool import AsyncConnectionPool


class LockPool:
    def __init__(self, conninfo: str, *, max_connections: int) -> None:
        self._pool = AsyncConnectionPool(
            conninfo,
            min_size=1,
            max_size=max(1, max_connections),
            kwargs={"autocommit": True},
            open=False,
        )

    async def open(self) -> None:
        await self._pool.open(wait=True, timeout=30)

    async def close(self) -> None:
        await self._pool.close()
