"""The content hash an article is keyed by, beside its canonical URL."""

from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the text with case and whitespace normalised: the same copy hashes the same."""
    normal = _SPACE.sub(" ", text).strip().lower()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()
