"""Fuzz target: sanitize_html never crashes, its output is inert, and sanitizing is idempotent.

python fuzz/fuzz_sanitize.py -runs=100000 [corpus_dir]
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from broadsheet.sanitize import sanitize_html

# The same inertness check the property tests use: one definition, imported from the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.security.inert import assert_inert

PIECES = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:x">',
    "<svg onload=x>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<style>",
    "<iframe srcdoc=x>",
    "&#106;avascript:",
    "<math>",
    "<noscript>",
    "<p>",
    "</p>",
    '"',
    "'",
    "<",
    ">",
    "&",
]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    parts = []
    while fdp.remaining_bytes():
        if fdp.ConsumeBool():
            parts.append(PIECES[fdp.ConsumeIntInRange(0, len(PIECES) - 1)])
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(8))
    once = sanitize_html("".join(parts))
    assert_inert(once)
    twice = sanitize_html(once)
    if twice != once:
        raise AssertionError(f"not idempotent: {once[:200]!r} -> {twice[:200]!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
