"""Sentences, words and stems: the lexical ground every enrich function stands on.

Everything here is plain regular expressions and small word lists, so it works the same for
every language that separates words with spaces and costs microseconds per article.
"""

from __future__ import annotations

import re
import unicodedata

from broadsheet.enrich.lexicon import word_set
from broadsheet.enrich.stopwords import STOPWORDS

# Abbreviations whose full stop does not end a sentence (lower case, without the dot).
_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc approx dept est inc ltd co
    corp bros u.s u.k u.n e.g i.e a.m p.m mme mlle m sig dott ing av op fig al ca cf
    """
)

_BOUNDARY = re.compile(r"""([.!?…]+["'”’»)\]]*)(\s+)(?=\S)""")
# French and Italian elide articles onto the next word ("l'annuncio", "d'Italie"); the article
# is a token of its own so that the word after it can be a name or a theme.
_ELISION = r"(?i:qu|dell|dall|nell|sull|all|un|[cdjlmnst])['’](?=\w)"
_WORD = re.compile(_ELISION + r"|\w+(?:[-'’]\w+)*", re.UNICODE)
_PART = re.compile(
    _ELISION + r"|\w+(?:['’]\w+)*", re.UNICODE
)  # hyphenated words count as their parts
_TOKEN_TAIL = re.compile(r"(\S+)$")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _ends_sentence(before: str, after: str, spaced: bool) -> bool:
    """Decide whether the punctuation between `before` and `after` closes a sentence."""
    match = _TOKEN_TAIL.search(before)
    last = match.group(1).lower().rstrip(".") if match else ""
    if not spaced:
        if last in _ABBREVIATIONS:
            return False
        if len(last) == 1 and last.isalpha():  # an initial: "J. Smith"
            return False
    first = after[:1]
    if first.islower():
        # Tokenised text ("word . next") marks boundaries with a free-standing stop; elsewhere a
        # lower-case continuation means the stop belonged to an abbreviation.
        return spaced
    return True


def sentences(text: str, limit: int | None = None) -> list[str]:
    """Split text into sentences, paragraph by paragraph, keeping each sentence verbatim.

    With `limit`, stop after that many: news puts what matters first, and a 5,000-word
    interview need not be read to the end to know what it is about.
    """
    out: list[str] = []
    for para in paragraphs(text):
        if limit is not None and len(out) >= limit:
            break
        start = 0
        for match in _BOUNDARY.finditer(para):
            end = match.end(1)
            spaced = match.start(1) > 0 and para[match.start(1) - 1] == " "
            after = para[match.end() : match.end() + 1]
            if _ends_sentence(para[start : match.start(1)], after, spaced):
                piece = para[start:end].strip()
                if piece:
                    out.append(piece)
                start = match.end()
        tail = para[start:].strip()
        if tail:
            out.append(tail)
    return out if limit is None else out[:limit]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def fold(word: str) -> str:
    """Lower case without accents, so "Élysée" and "Elysee" meet."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SUFFIXES = ("ing", "ed", "es", "s", "e")


def stem_folded(folded: str) -> str:
    """`stem` of a word that is already folded."""
    if folded.endswith(("'s", "’s")):
        folded = folded[:-2]
    if len(folded) > 4:
        for suffix in _SUFFIXES:
            if folded.endswith(suffix):
                folded = folded[: -len(suffix)]
                break
    return folded[:6]


def stem(word: str) -> str:
    """A crude stem: the folded word less one common ending, cut to six characters.

    Prefix truncation is about as good as a real stemmer for matching news vocabulary across
    inflections ("elections"/"election", "élection") and costs nothing per language; dropping
    one ending first lets short verbs meet their past forms ("plead"/"pleaded").
    """
    return stem_folded(word.lower() if word.isascii() else fold(word))


def content_stems(text: str, numbers: bool = False) -> list[str]:
    """Stems of the words that carry meaning (no stop words, no one-letter tokens).

    Numbers are left out unless asked for: they make sentences look alike to a summariser, but
    a question about "the 707" is answered by the sentence that names it.
    """
    out = []
    for w in _PART.findall(text):
        folded = w.lower() if w.isascii() else fold(w)
        if len(folded) > 1 and folded not in STOPWORDS and (numbers or not folded.isdigit()):
            out.append(stem_folded(folded))
    return out


def slug(text: str) -> str:
    folded = fold(text)
    return re.sub(r"[^\w]+", "-", folded).strip("-_")


def iter_word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for each word of `text`."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
