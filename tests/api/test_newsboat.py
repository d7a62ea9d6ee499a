"""Debian's newsboat (2.21, "feedhq" mode: Google Reader log-in + /reader/atom feeds) against a
real server on loopback.

`feedhq-show-special-feeds "no"` keeps it from adding feeds on feedhq.org, so nothing leaves the
machine. The mark-read step drives newsboat's own UI in a pseudo-terminal (it has no headless
command for it): `A` marks the selected feed read, which newsboat sends to the server.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from broadsheet.store import Store
from broadsheet.store.apikeys import StreamQuery
from tests.api.seed import World

NEWSBOAT = shutil.which("newsboat")
pytestmark = pytest.mark.skipif(
    NEWSBOAT is None, reason="newsboat is not installed (apt-get install -y newsboat)"
)


def _files(tmp_path: Path, base_url: str, name: str, password: str) -> list[str]:
    config = tmp_path / "config"
    config.write_text(
        "\n".join(
            [
                'urls-source "feedhq"',
                f'feedhq-url "{base_url}"',
                f'feedhq-login "{name}"',
                f'feedhq-password "{password}"',
                'feedhq-show-special-feeds "no"',
                "feedhq-min-items 50",
                'refresh-on-startup "no"',
                'notify-program ""',
                "",
            ]
        )
    )
    urls = tmp_path / "urls"
    urls.write_text("")
    return ["-C", str(config), "-u", str(urls), "-c", str(tmp_path / "cache.db")]


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "NO_PROXY": "*",
    }


def _unread(store: Store, user_id: int) -> int:
    return len(store.stream_refs(StreamQuery(user_id=user_id, read=False)))


def _run_in_pty(args: list[str], env: dict[str, str], keys: list[bytes], wait_for: bytes) -> str:
    """Start newsboat in a pseudo-terminal, wait until `wait_for` is on screen, type `keys`."""
    main, child = pty.openpty()
    proc = subprocess.Popen(args, stdin=child, stdout=child, stderr=child, env=env, close_fds=True)
    os.close(child)
    screen = b""

    def read_for(seconds: float) -> None:
        nonlocal screen
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([main], [], [], 0.1)
            if ready:
                try:
                    screen += os.read(main, 65536)
                except OSError:
                    return

    try:
        deadline = time.monotonic() + 30
        while wait_for not in screen and time.monotonic() < deadline and proc.poll() is None:
            read_for(0.2)
        for key in keys:
            os.write(main, key)
            read_for(0.5)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
    return screen.decode("utf-8", "replace")


def test_newsboat_feedhq_mode(
    live_url: str, api_store: Store, world: World, tmp_path: Path
) -> None:
    assert NEWSBOAT is not None
    store = api_store
    alice = world.alice.user.id
    # One article already read on the server must arrive read in newsboat.
    store.set_article_state(alice, [world.articles["weekly"][0]], read=True)
    expected_unread = _unread(store, alice)
    assert expected_unread == len(world.articles["daily"]) + len(world.articles["weekly"]) - 1

    args = [NEWSBOAT, *_files(tmp_path, live_url, "alice", world.alice.app_password)]
    env = _env(tmp_path)
    done = subprocess.run(
        [*args, "-x", "reload", "print-unread"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    found = re.search(r"(\d+) unread articles", done.stdout)
    assert found is not None, done.stdout + done.stderr
    assert int(found.group(1)) == expected_unread

    # The subscriptions newsboat listed are alice's (its cache records each feed's Atom URL).
    import sqlite3

    with sqlite3.connect(tmp_path / "cache.db") as db:
        urls = {row[0] for row in db.execute("SELECT rssurl FROM rss_feed")}
    assert {u.split("/reader/atom/")[1].split("?")[0] for u in urls} == {
        f"feed%2F{world.feeds['daily']}",
        f"feed%2F{world.feeds['weekly']}",
    }

    # Mark the first feed read in newsboat's UI; the server must see it.
    before = _unread(store, alice)
    _run_in_pty(args, env, [b"A", b"q"], wait_for=b"The ")
    after = _unread(store, alice)
    assert after < before
    marked = {aid for aid, _ in store.stream_refs(StreamQuery(user_id=alice, read=True))}
    fully_read = [slug for slug in ("daily", "weekly") if set(world.articles[slug]) <= marked]
    assert fully_read, "newsboat's mark-feed-read did not reach the server"
    # bob's state did not move.
    assert _unread(store, world.bob.user.id) == len(world.articles["daily"]) + len(
        world.articles["gazette"]
    )

    # And newsboat, reloading, now reports the server's new unread count.
    again = subprocess.run(
        [*args, "-x", "reload", "print-unread"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    found = re.search(r"(\d+) unread articles", again.stdout)
    assert found is not None and int(found.group(1)) == after
