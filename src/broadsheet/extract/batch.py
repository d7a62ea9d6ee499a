"""Pages on disk to contract records, for `broadsheet extract --batch` and its worker processes.

Lives in the extract package (not the CLI) so worker processes import only the extractor, not
every command's dependencies.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from broadsheet.extract.article import extract_article
from broadsheet.extract.contract import to_contract
from broadsheet.extract.errors import ExtractError
from broadsheet.models import ExtractedArticle

PAGE_SUFFIXES = (".html.gz", ".html")


def page_id(path: Path) -> str:
    """The file name without its extensions: `0001.html.gz` is page `0001`."""
    name = path.name
    for suffix in PAGE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def find_pages(folder: Path) -> list[Path]:
    """Every *.html / *.html.gz under `folder`, in a stable order."""
    found = {p for suffix in PAGE_SUFFIXES for p in folder.rglob("*" + suffix) if p.is_file()}
    return sorted(found)


def batch_line(path_text: str) -> str:
    """One JSON line for one file; a page that is not HTML gets an `error` key, not a crash."""
    path = Path(path_text)
    try:
        record = to_contract(extract_article(read_page(path)), id=page_id(path))
    except (ExtractError, OSError, EOFError) as exc:
        record = to_contract(ExtractedArticle(url=None), id=page_id(path))
        record["error"] = str(exc)
    return json.dumps(record, ensure_ascii=False)
