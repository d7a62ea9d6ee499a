"""A private PostgreSQL cluster that a test may really stop and start again.

The shared server on 127.0.0.1:5432 serves every other test running in parallel, so an outage
test cannot stop it. This starts the same PostgreSQL binaries on a data directory and port of the
test's own (initdb, pg_ctl), so "stop PostgreSQL for 30 s" means exactly that: the postmaster
goes away, every connection drops and new ones are refused, then it starts on the same data.
When the tests run as root (CI containers do), the cluster runs as the `postgres` system user,
since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return candidates[0].parent if candidates else None


def unavailable_reason() -> str | None:
    """Why a private cluster cannot start here, or None when it can."""
    if _bin_dir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the server as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PrivateCluster:
    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None, unavailable_reason()
        self._bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="bs-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self._bin / tool), *args]
        return ["runuser", "-u", "postgres", "--", *command] if self._as_postgres else command

    def _run(self, tool: str, *args: str) -> None:
        command = self._command(tool, *args)
        done = subprocess.run(command, capture_output=True, timeout=300, text=True)
        if done.returncode:  # say why: pg_ctl explains itself on stderr
            raise subprocess.CalledProcessError(
                done.returncode, command, done.stdout, f"{done.stderr}\n{self._log_tail()}"
            )

    def _log_tail(self) -> str:
        try:
            return "server log: " + self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return "no server log"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        """Stop the server now: sessions are disconnected, as in a crash or a restart.

        On a loaded 2-core machine a fast shutdown (its checkpoint, with busy workers
        connected) once outlasted pg_ctl's default 60 s wait; it gets 180 s, and should
        that pass too the server is stopped the way a crash stops it (immediate mode), which
        is just as much an outage for the code under test."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-t", "180", "-w", "stop")
        except subprocess.CalledProcessError:
            if not self._running():
                raise
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def _running(self) -> bool:
        command = self._command("pg_ctl", "-D", str(self.data), "status")
        return subprocess.run(command, capture_output=True, timeout=60).returncode == 0

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
