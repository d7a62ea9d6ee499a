"""Pure pieces of translation: language codes, chunking, the prompt, checking the answer."""

from __future__ import annotations

import re

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")

# Names the model is told (it follows "German" better than "de"); other codes are passed as is.
LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "hi": "Hindi", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch",
    "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish", "tr": "Turkish",
    "uk": "Ukrainian", "zh": "Chinese",
}  # fmt: skip

CHUNK_CHARS = 3000  # per request: small enough for a local model's context, with its answer
MAX_CHUNKS = 20  # a very long article is translated up to here and marked as cut


def normalize_language(raw: str) -> str | None:
    """`pt_BR` / `PT-br` -> `pt-br`; None for anything that is not a language tag."""
    code = raw.strip().replace("_", "-").lower()
    return code if _LANGUAGE.match(code) else None


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.split("-")[0], code)


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Paragraph blocks of at most `limit` characters (a longer paragraph is cut at sentences)."""
    blocks: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        pieces = [paragraph] if len(paragraph) <= limit else _split_long(paragraph, limit)
        for piece in pieces:
            if current and len(current) + 2 + len(piece) > limit:
                blocks.append(current)
                current = piece
            else:
                current = f"{current}\n\n{piece}" if current else piece
    if current:
        blocks.append(current)
    return blocks


def _split_long(paragraph: str, limit: int) -> list[str]:
    out: list[str] = []
    current = ""
    for sentence in re.split(r"(?<=[.!?。！？])\s+", paragraph):
        while len(sentence) > limit:
            out.append(sentence[:limit])
            sentence = sentence[limit:]
        if current and len(current) + 1 + len(sentence) > limit:
            out.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        out.append(current)
    return out


def system_prompt(language: str) -> str:
    return (
        f"You translate news text into {language_name(language)}. Translate faithfully and"
        " completely: keep names, numbers and quotations, keep the paragraph breaks, add no"
        " comments or notes. Reply with the translation only."
    )


def plausible(source: str, translation: str) -> bool:
    """Reject answers that cannot be a translation of `source` (empty, a fraction, a ramble)."""
    answer = translation.strip()
    if not answer:
        return False
    ratio = len(answer) / max(1, len(source.strip()))
    return 0.25 <= ratio <= 4.0
