"""Reading benchmark pages from ../shared (never copied into the repository)."""

from __future__ import annotations

import gzip
from pathlib import Path


def read_page(folder: Path, page_id: str) -> bytes:
    return gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
