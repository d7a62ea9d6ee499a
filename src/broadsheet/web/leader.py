"""Which of several `broadsheet serve --workers N` processes polls feeds: the one holding an
exclusive lock on a file the parent names.

Every worker serves pages, but polling, lease renewal and retention must run once per
installation, not once per worker. An advisory `flock` is released by the kernel when its
holder exits, so if the polling worker dies (and uvicorn starts a replacement), a standby
worker takes the lock over on its next try: there is always exactly one poller while any
worker lives, with no shared memory or coordination through the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from collections.abc import Awaitable, Callable

RETRY_S = 5.0  # how often a standby worker checks whether the poller is gone


class FileLock:
    """A non-blocking exclusive lock on one file, held until `release` or process exit."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


async def run_when_leader(
    lock: FileLock,
    work: Callable[[], Awaitable[None]],
    stop: asyncio.Event,
    retry_s: float = RETRY_S,
) -> None:
    """Wait (without blocking the event loop) until this process holds `lock`, then run
    `work` until it returns or is cancelled; the lock is released on the way out."""
    try:
        while not lock.try_acquire():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=retry_s)
            if stop.is_set():
                return
        await work()
    finally:
        lock.release()
