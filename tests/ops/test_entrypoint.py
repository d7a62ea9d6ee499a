"""The container's entry point script, run directly (no container engine on CI machines).

A stand-in `broadsheet` on PATH records how it was started, so each test sees exactly which
command the image would run, with which environment.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from broadsheet.config import Settings

REPO = Path(__file__).resolve().parents[2]
ENTRYPOINT = REPO / "docker" / "entrypoint.sh"

FAKE = """#!/bin/sh
echo "ARGS: $*"
env | grep '^BROADSHEET_' | sort
"""


def _run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, real: bool = False
) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "broadsheet"
    fake.write_text(FAKE)
    fake.chmod(0o755)
    path = str(Path(sys.executable).parent) if real else str(bin_dir)
    full_env = {
        "PATH": path + os.pathsep + "/usr/bin:/bin",
        "BROADSHEET_DATA_DIR": str(tmp_path / "data"),
        "BROADSHEET_PYTHON": sys.executable,
        **(env or {}),
    }
    return subprocess.run(
        ["/bin/sh", str(ENTRYPOINT), *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_web_is_the_default_role(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ARGS: serve --host 0.0.0.0 --port 8000" in result.stdout
    assert (tmp_path / "data").is_dir()


def test_web_takes_port_and_extra_flags(tmp_path: Path) -> None:
    result = _run(tmp_path, "web", "--no-poll", env={"BROADSHEET_PORT": "9000"})
    assert "ARGS: serve --host 0.0.0.0 --port 9000 --no-poll" in result.stdout


def test_secrets_come_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-file\n")
    result = _run(tmp_path, env={"BROADSHEET_SECRET_KEY_FILE": str(secret)})
    assert result.returncode == 0, result.stderr
    assert "BROADSHEET_SECRET_KEY=from-a-file" in result.stdout.splitlines()
    assert "BROADSHEET_SECRET_KEY_FILE" not in result.stdout


def test_a_secret_set_twice_or_unreadable_stops_the_start(tmp_path: Path) -> None:
    secret = tmp_path / "s"
    secret.write_text("x")
    both = _run(
        tmp_path,
        env={"BROADSHEET_SECRET_KEY_FILE": str(secret), "BROADSHEET_SECRET_KEY": "y"},
    )
    assert both.returncode == 64
    assert "use one" in both.stderr
    missing = _run(tmp_path, env={"BROADSHEET_SECRET_KEY_FILE": str(tmp_path / "nope")})
    assert missing.returncode == 66
    assert "ARGS" not in missing.stdout


def test_worker_needs_postgres(tmp_path: Path) -> None:
    result = _run(tmp_path, "worker")
    assert result.returncode == 64
    assert "BROADSHEET_DB_URL" in result.stderr


def test_worker_waits_for_the_database_then_starts(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"postgresql://broadsheet:pw@127.0.0.1:{listener.getsockname()[1]}/broadsheet"
        result = _run(tmp_path, "worker", "--concurrency", "4", env={"BROADSHEET_DB_URL": url})
    assert result.returncode == 0, result.stderr
    assert f"ARGS: worker --db {url} --concurrency 4" in result.stdout


def test_an_unreachable_database_fails_the_start_with_a_reason(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: connections are refused
        result = _run(
            tmp_path,
            "web",
            env={
                "BROADSHEET_DB_URL": f"postgresql://u:p@127.0.0.1:{port}/db",
                "BROADSHEET_WAIT_FOR_DB_S": "1",
            },
        )
    assert result.returncode == 69
    assert "unreachable" in result.stderr
    assert "ARGS" not in result.stdout


def test_other_commands_run_as_given(tmp_path: Path) -> None:
    result = _run(tmp_path, "broadsheet", "backup", "/data/b.db")
    assert "ARGS: backup /data/b.db" in result.stdout


def test_an_unusable_data_folder_is_reported(tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("")
    result = _run(tmp_path, env={"BROADSHEET_DATA_DIR": str(a_file / "data")})
    assert result.returncode == 73
    assert "not writable" in result.stderr


@pytest.mark.slow
def test_the_real_cli_runs_through_the_entrypoint(tmp_path: Path) -> None:
    result = _run(tmp_path, "broadsheet", "--help", real=True)
    assert result.returncode == 0, result.stderr
    assert "serve" in result.stdout


# Variables only the entry point reads (everything else must be a documented setting).
_ENTRYPOINT_ONLY = {"BROADSHEET_WAIT_FOR_DB_S", "BROADSHEET_PYTHON"}


def test_image_files_use_only_real_settings() -> None:
    names = {"BROADSHEET_" + f.name.upper() for f in fields(Settings)} | _ENTRYPOINT_ONLY
    for path in (REPO / "Containerfile", REPO / "compose.yaml"):
        used = set(re.findall(r"BROADSHEET_[A-Z0-9_]+", path.read_text()))
        assert used <= names, f"{path.name}: {sorted(used - names)} are not settings"


def test_compose_runs_web_workers_and_postgres() -> None:
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]
    assert services["web"]["command"] == ["web"]
    assert services["worker"]["command"] == ["worker"]
    assert services["db"]["image"].endswith("postgres:16")
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
        assert services[name]["environment"]["BROADSHEET_DB_URL"].startswith("postgresql://")
    assert services["web"]["environment"]["BROADSHEET_POLL"] == "false"
    containerfile = (REPO / "Containerfile").read_text()
    assert "COPY docker/entrypoint.sh" in containerfile
    assert 'CMD ["web"]' in containerfile
