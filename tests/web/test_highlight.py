"""Search snippets: collapsing only the part of the text the passage needs must give exactly
the passage that collapsing the whole text gives (the page's content must not change)."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from markupsafe import Markup

from broadsheet.web.highlight import highlight, snippet


def whole_text_snippet(text: str, terms: Sequence[str], width: int = 260) -> Markup:
    """The straightforward version: collapse every whitespace run of the text first."""
    flat = " ".join(text.split())
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    pattern = re.compile(r"(?<!\w)(" + alternatives + r")", re.IGNORECASE) if words else None
    m = pattern.search(flat) if pattern else None
    start = 0
    if m and m.start() > width // 3:
        start = flat.rfind(" ", 0, m.start() - width // 3) + 1
    piece = flat[start : start + width]
    if start + width < len(flat):
        piece = piece[: piece.rfind(" ")] if " " in piece else piece
        piece += " …"
    if start > 0:
        piece = "… " + piece
    return highlight(piece, terms)


def test_match_far_into_a_long_text_gets_its_own_passage() -> None:
    text = "Opening words.\n\n" + "filler   text \n" * 2000 + "The Monsoon arrived late. " * 3
    got = snippet(text, ["monsoon"])
    assert got.startswith("… ")
    assert "<mark>Monsoon</mark>" in got
    assert got == whole_text_snippet(text, ["monsoon"])


def test_same_passage_as_collapsing_the_whole_text() -> None:
    rng = random.Random(7)
    vocab = ["storm", "Storm", "rain", "sea", "the", "climate", "change", "x" * 40, "é", "storms"]
    spaces = [" ", "  ", "\n\n", "\t", " \n ", "      "]
    term_sets: list[list[str]] = [[], ["storm"], ["climate change"], ["rain", "sea"], ["é"]]
    for _ in range(3000):
        n = rng.choice([0, 1, 3, 10, 50, 400])
        text = "".join(rng.choice(spaces) + rng.choice(vocab) for _ in range(n))
        terms = rng.choice(term_sets)
        width = rng.choice([260, 20, 5, 1])
        assert snippet(text, terms, width) == whole_text_snippet(text, terms, width), (text, terms)
