"""`broadsheet serve --workers N`: every worker serves pages, exactly one polls (the holder of
the poll lock), and when that one dies another takes over."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from broadsheet.web.leader import FileLock, run_when_leader
from tests.web.browser_support import free_port


def test_only_one_holder_of_the_lock_at_a_time(tmp_path: Path) -> None:
    path = str(tmp_path / "poll.lock")
    first, second = FileLock(path), FileLock(path)
    assert first.try_acquire()
    assert not second.try_acquire()
    first.release()
    assert second.try_acquire()
    assert not first.try_acquire()
    second.release()


def test_a_standby_runs_the_work_once_the_holder_lets_go(tmp_path: Path) -> None:
    path = str(tmp_path / "poll.lock")
    holder = FileLock(path)
    assert holder.try_acquire()
    ran: list[str] = []

    async def scenario() -> None:
        stop = asyncio.Event()

        async def work() -> None:
            ran.append("polling")

        standby = asyncio.create_task(run_when_leader(FileLock(path), work, stop, retry_s=0.01))
        await asyncio.sleep(0.1)
        assert ran == []  # the lock is held elsewhere: no second poller
        holder.release()
        await asyncio.wait_for(standby, timeout=10)

    asyncio.run(scenario())
    assert ran == ["polling"]
    assert FileLock(path).try_acquire()  # released on the way out


def test_a_stopped_standby_never_runs_the_work(tmp_path: Path) -> None:
    path = str(tmp_path / "poll.lock")
    holder = FileLock(path)
    assert holder.try_acquire()

    async def scenario() -> None:
        stop = asyncio.Event()

        async def work() -> None:
            raise AssertionError("a standby ran while another process held the lock")

        standby = asyncio.create_task(run_when_leader(FileLock(path), work, stop, retry_s=0.01))
        await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(standby, timeout=10)

    asyncio.run(scenario())
    holder.release()


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.add(int(entry.name))
    return found


def _env(data: Path) -> dict[str, str]:
    """A store of its own in `data`, whatever the environment running the tests points at."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    return {**env, "BROADSHEET_DATA_DIR": str(data), "BROADSHEET_DB_URL": f"sqlite:///{data}/b.db"}


def _wait_for(check: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    port = free_port()
    data = tmp_path / "data"
    server = subprocess.Popen(
        [sys.executable, "-m", "broadsheet", "serve", f"--port={port}", "--workers=2"],
        env=_env(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(base + "/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        _wait_for(up)
        yield server, base, data / f"serve-{server.pid}.poll.lock"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _holder(lock: Path) -> int | None:
    """The pid written by the worker holding the lock, if the lock is held."""
    probe = FileLock(str(lock))
    if probe.try_acquire():
        probe.release()
        return None
    text = lock.read_text().strip()
    return int(text) if text else None


def test_serve_with_workers_serves_pages_and_polls_in_exactly_one(
    served: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    server, base, lock = served
    workers = _children(server.pid)
    with httpx.Client(base_url=base, headers={"accept": "text/html"}) as client:
        for path in ["/", "/search?q=news", "/latest", "/topics"] * 5:
            assert client.get(path).status_code == 200
    _wait_for(lambda: _holder(lock) is not None)
    holder = _holder(lock)
    assert holder in workers  # one worker polls; the lock keeps every other one standing by

    os.kill(holder, signal.SIGKILL)  # the poller dies: uvicorn replaces it, a standby takes over
    _wait_for(lambda: _holder(lock) not in (None, holder))
    assert _holder(lock) in _children(server.pid)
    assert httpx.get(base + "/", headers={"accept": "text/html"}).status_code == 200


def test_serve_without_polling_takes_no_poll_lock(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    server = subprocess.Popen(
        [sys.executable, "-m", "broadsheet", "serve", f"--port={port}", "--workers=2", "--no-poll"],
        env=_env(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: _get(f"http://127.0.0.1:{port}/healthz") == 200)
        assert _get(f"http://127.0.0.1:{port}/") == 200
        lock = data / f"serve-{server.pid}.poll.lock"
        assert not lock.exists() or _holder(lock) is None
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _get(url: str) -> int:
    try:
        return httpx.get(url, timeout=2, headers={"accept": "text/html"}).status_code
    except httpx.HTTPError:
        return 0
