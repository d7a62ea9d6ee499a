"""httpcore's connection pool with its bookkeeping made linear, for many requests per second.

httpcore 1.0 re-plans the whole pool twice per request (when it is queued and when it ends):
for every connection it counts the pool again (quadratic in the pool's size), and it asks every
idle connection whether the server hung up, which costs two system calls each (getpeername,
poll). With 32 keep-alive connections that was ~90 system calls and ~2,000 method calls per
request, more CPU than the rest of a 304 re-poll together (profiled on bench/scale.py).

This pool makes the same decisions in one pass: closed connections are dropped, idle ones that
expired (keep-alive timeout, or the server closed them) are closed, surplus idle ones are
closed, and each queued request takes the first available connection to its origin, else a
new one, else the place of an idle one. Only the "did the server hang up" check is rationed:
a full sweep at most every `sweep_s`, and always on the connection about to be reused, which
is the one that matters (reusing a connection the server closed would fail the request).
"""

from __future__ import annotations

import time
from typing import Any

import httpcore
from httpcore import AsyncConnectionInterface


class LinearConnectionPool(httpcore.AsyncConnectionPool):
    def __init__(self, *args: Any, sweep_s: float = 1.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sweep_s = sweep_s
        self._next_sweep = 0.0

    def _assign_requests_to_connections(self) -> list[AsyncConnectionInterface]:
        closing: list[AsyncConnectionInterface] = []
        now = time.monotonic()
        sweep = now >= self._next_sweep
        if sweep:
            self._next_sweep = now + self._sweep_s
        for connection in list(self._connections):
            if connection.is_closed():
                self._connections.remove(connection)
            elif sweep and connection.has_expired():
                self._connections.remove(connection)
                closing.append(connection)
        surplus = len(self._connections) - self._max_keepalive_connections
        if surplus > 0:
            for connection in [c for c in self._connections if c.is_idle()][:surplus]:
                self._connections.remove(connection)
                closing.append(connection)

        for pool_request in [r for r in self._requests if r.is_queued()]:
            origin = pool_request.request.url.origin
            chosen: AsyncConnectionInterface | None = None
            for connection in list(self._connections):
                if not (connection.can_handle_request(origin) and connection.is_available()):
                    continue
                if not sweep and connection.is_idle() and connection.has_expired():
                    self._connections.remove(connection)
                    closing.append(connection)
                    continue
                chosen = connection
                break
            if chosen is not None:
                pool_request.assign_to_connection(chosen)
            elif len(self._connections) < self._max_connections:
                connection = self.create_connection(origin)
                self._connections.append(connection)
                pool_request.assign_to_connection(connection)
            else:
                idle = next((c for c in self._connections if c.is_idle()), None)
                if idle is not None:
                    self._connections.remove(idle)
                    closing.append(idle)
                    connection = self.create_connection(origin)
                    self._connections.append(connection)
                    pool_request.assign_to_connection(connection)
        return closing
