"""Joining a story told in another language: the multilingual sentence encoder decides.

The pair scorer weighs shared words, names and figures, and an article in German shares almost
none of them with an English story about the same event (on bench/related's cross-language pairs
of the same story it joins 3 of 82). The multilingual Universal Sentence Encoder that scores
`broadsheet similarity` reads meaning across languages, but costs about 10 CPU ms a text, fifteen
times the rest of the stage per article, so it is asked only where words cannot answer:
an article that joined nothing, against the few candidate stories that have no article in its
language, share some evidence with it (EVIDENCE) and whose gist is near its own (`gist`, a
static table distilled from the encoder, a fortieth of its cost), one encoding per article at
most, kept while the article is its story's latest.

CROSS_LANGUAGE_BAR is the encoder cosine of the article's head (title and first words) with the
story's latest article's. Chosen on the odd rows of bench/related's cross-language pairs (same
story: Overall <= 1.5; other: >= 2.5) for precision first (F0.5): 0.65 gives precision 1.000 and
recall 0.571 there, 0.958 and 0.575 on the even rows; 0.6 gives 0.800/0.667 and 0.906/0.725. A
wrong join puts an unrelated article into a story's coverage; a missed one leaves it on its own.
"""

from __future__ import annotations

from broadsheet.stories.features import Floats
from broadsheet.stories.relatedness import encode, head_words

CROSS_LANGUAGE_BAR = 0.65
CROSS_CANDIDATES = 3  # other-language stories asked per article, by shared indexed terms
# The pair scorer's probability a candidate must reach before the encoder is asked: names and
# figures shared across the languages. On bench/related's cross-language pairs the same-story
# joins score 0.0097 or more, the median other pair 0.0056. Measured (joins P/R on those pairs;
# articles per CPU-second of the whole stage on the 2,643-article it/en/fr stream of
# bench/stories.py, 794 without the encoder): no floor 0.970/0.390, 100; 0.01 0.969/0.378, 160;
# 0.02 0.960/0.293, 278; 0.03 0.947/0.220, 291. Shared names alone (name cosine 0.05-0.2)
# did worse on both counts.
EVIDENCE = 0.01


def head(title: str, text: str) -> str:
    """What the encoder reads of an article: its headline and the start of its text."""
    return f"{title}\n{head_words(text)}" if title else head_words(text)


def embed(texts: list[str]) -> Floats | None:
    """Unit vectors of `texts` (rows), or None where the encoder is not installed."""
    return encode(texts)
