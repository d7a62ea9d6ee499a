"""Text normalisation shared by duplicate detection, story features and relatedness.

One place decides what counts as "the same words", so a hash, a shingle and a term agree on it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
# CJK scripts write words without spaces; a run of them is split into characters.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without accents, so "Müller"/"Muller" and "Élysée"/"Elysee" meet."""
    low = text.casefold()
    if low.isascii():
        return low
    return _MARKS.sub("", unicodedata.normalize("NFKD", low))


def words(text: str) -> list[str]:
    """Folded word tokens; CJK runs become one token per character."""
    folded = fold(text)
    tokens: list[str] = _WORD.findall(folded)
    if folded.isascii() or not CJK.search(folded):
        return tokens
    out: list[str] = []
    for w in tokens:
        if CJK.search(w):
            out.extend(w)
        else:
            out.append(w)
    return out


def content_hash(title: str, text: str) -> str:
    """Hash of the body's words, blind to case, accents, punctuation and spacing.

    The title is left out (outlets rewrite headlines of the same copy) unless the body is too
    short to identify an article on its own.
    """
    return content_hash_of(title, words(text))


def content_hash_of(title: str, tokens: list[str]) -> str:
    """`content_hash` from the body already split by `words` (ingest tokenises once)."""
    if len(tokens) < 20:
        tokens = [*words(title), "\x00", *tokens]
    return hashlib.sha1(" ".join(tokens).encode("utf-8")).hexdigest()
