"""What the browser tests need: the app served by uvicorn on a loopback port in a thread,
Debian's chromium through Playwright (never a downloaded browser), and axe-core from npm."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tarfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = os.environ.get("BROADSHEET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def browser_missing() -> str | None:
    """None when the browser tests can run; otherwise the reason they are skipped."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright; never `playwright install`)"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install -y chromium)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def axe_source() -> str | None:
    """axe.min.js from the npm registry, cached under artifacts/ (gitignored)."""
    override = os.environ.get("BROADSHEET_AXE")
    if override and Path(override).is_file():
        return Path(override).read_text("utf-8")
    cached = ARTIFACTS / "axe-core" / "package" / "axe.min.js"
    if not cached.is_file():
        npm = shutil.which("npm")
        if npm is None:
            return None
        target = ARTIFACTS / "axe-core"
        target.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                [npm, "pack", "axe-core@4", "--pack-destination", str(target)],
                check=True,
                capture_output=True,
                timeout=120,
                cwd=target,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        tarballs = sorted(target.glob("axe-core-*.tgz"))
        if not tarballs:
            return None
        with tarfile.open(tarballs[-1]) as tar:
            tar.extractall(target, filter="data")
    return cached.read_text("utf-8") if cached.is_file() else None
