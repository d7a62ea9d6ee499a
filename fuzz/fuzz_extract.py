"""Fuzz target: extract_article raises nothing but ExtractError, and its HTML is inert.

python fuzz/fuzz_extract.py -runs=100000 [corpus_dir]
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from broadsheet.extract import ExtractError, extract_article

# The same inertness check the property tests use: one definition, imported from the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.security.inert import assert_inert

PAGE = "<html><head><title>{t}</title></head><body><article><p>{b}</p></article></body></html>"


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    title = fdp.ConsumeUnicodeNoSurrogates(64)
    body = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    page = PAGE.format(t=title, b=body) if len(body) % 2 else body
    try:
        article = extract_article(page, "https://news.example/a")
    except ExtractError:
        return
    if article.html:
        assert_inert(article.html)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
