"""`broadsheet users …` as a user runs it: a real subprocess on a real SQLite store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from broadsheet.auth.passwords import verify_password
from broadsheet.store import open_store

BIN = Path(sys.executable).with_name("broadsheet")


def run(*args: str, stdin: str = "", db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args, "--db", db], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_add_user_from_stdin_then_app_password(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    done = run("users", "add", "alice", "--admin", "--password-stdin", stdin="s3cret-pass\n", db=db)
    assert done.returncode == 0, done.stderr
    assert "Added admin user alice" in done.stdout
    again = run("users", "add", "alice", "--password-stdin", stdin="s3cret-pass\n", db=db)
    assert again.returncode == 1 and "taken" in again.stderr
    short = run("users", "add", "bob", "--password-stdin", stdin="short\n", db=db)
    assert short.returncode == 2 and "at least" in short.stderr
    made = run("users", "app-password", "alice", db=db)
    assert made.returncode == 0, made.stderr
    store = open_store(db)
    try:
        user = store.get_user_by_name("alice")
        assert user is not None and user.is_admin
        assert verify_password(user.password_hash, "s3cret-pass")
        assert store.get_user_by_name("bob") is None
    finally:
        store.close()
