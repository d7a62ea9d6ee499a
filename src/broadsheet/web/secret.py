"""The key that signs session cookies and CSRF tokens: from settings, else kept in data_dir so
that sessions survive a restart."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from broadsheet.config import Settings


def secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    try:
        existing = path.read_text("utf-8").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, fresh.encode("utf-8"))
    finally:
        os.close(fd)
    return fresh
