"""Finding names in sentences: runs of capitalised words, less titles and function words.

"President Xi" yields the name "Xi" (titled, so a person); "Mayor of Koszalin Piotr Jedlinski"
yields "Piotr Jedlinski"; "Vermont Bernie Sanders" yields a place and a person; "Bank of England"
stays whole while "Biden and Sanders" are two names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from broadsheet.enrich.kinds import person_like
from broadsheet.enrich.lexicon import (
    FIRST_NAMES,
    MULTIWORD_PLACES,
    NAME_ARTICLES,
    NAME_CONNECTORS,
    ORGANISATION_WORDS,
    PERSON_TITLES,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    PLACES,
)
from broadsheet.enrich.scan import Span, clean
from broadsheet.enrich.stopwords import STOPWORDS
from broadsheet.enrich.text import fold, words

POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_JOINING_HEADS = (
    ORGANISATION_WORDS
    | PLACE_WORDS
    | PERSON_TITLES
    | frozenset(("republic", "kingdom", "duke", "duchess", "earl", "isle", "states", "people"))
)


def is_cap(word: str) -> bool:
    return word[:1].isupper()


@dataclass(slots=True)
class Mention:
    surface: str
    tokens: tuple[str, ...]  # folded
    sentence: int  # -1 for the title
    titled: bool  # a person title ("President") stood before it
    acronym: bool
    located: bool  # "in", "near"… stood before it


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isupper()


def _may_join(run: list[Span], connectors: list[Span]) -> bool:
    """Whether "of", "and"… continue the name: "Bank of England", but not "Biden and Sanders".

    Name particles ("de", "van", "bin") always do; the others only after an institution, a
    place word or a title ("Speaker of the House", "Gulf of Mexico"), and not after a person
    ("Mohammad bin Salman of Saudi Arabia" is a person and a place).
    """
    if all(fold(c[2]) not in NAME_ARTICLES for c in connectors):
        return True
    return fold(clean(run[-1][2])) in _JOINING_HEADS


def _title_of_place(tokens: list[Span], folded: list[str]) -> list[Span] | None:
    """The person in "Mayor of Koszalin Piotr Jedlinski" or "Governor of New York Andrew Cuomo"."""
    if len(tokens) < 5 or folded[0] not in PERSON_TITLES:
        return None
    c = next((i for i, w in enumerate(folded) if w in NAME_ARTICLES), None)
    if c is None:
        return None
    while c < len(folded) and folded[c] in NAME_ARTICLES:
        c += 1
    tail = folded[c:]
    for cut in range(len(tail) - 2, 0, -1):
        place, person = tail[:cut], tail[cut:]
        if cut > 1 and " ".join(place) not in MULTIWORD_PLACES:
            continue
        if 2 <= len(person) <= 3 and person_like(tuple(person)):
            return tokens[c + cut :]
    return None


def _place_then_person(run: list[Span]) -> int:
    """Where a place ends and a person begins in "Vermont Bernie Sanders"; 0 when they don't."""
    folded = [fold(clean(t[2])) for t in run]
    for cut in (1, 2):
        place, person = folded[:cut], folded[cut:]
        if len(person) < 2 or person[0] not in FIRST_NAMES:
            continue
        if (cut == 1 and place[0] in PLACES) or " ".join(place) in MULTIWORD_PLACES:
            return cut
    return 0


def _strip_titles(tokens: list[Span]) -> tuple[list[Span], bool]:
    """Drop a leading job title, unless what follows is itself an institution ("Home Office")."""
    folded = [fold(clean(t[2])) for t in tokens]
    person = _title_of_place(tokens, folded)
    if person is not None:
        return person, True
    for j in range(len(tokens) - 2, -1, -1):
        if folded[j] not in PERSON_TITLES:
            continue
        rest = folded[j + 1 :]
        if all(
            w not in ORGANISATION_WORDS and w not in PLACE_WORDS and w not in PERSON_TITLES
            for w in rest
        ) and is_cap(tokens[j + 1][2]):
            return tokens[j + 1 :], True
        break
    return tokens, False


def runs(
    sentence: str,
    spans: list[Span],
    index: int,
    lower_seen: set[str],
    caps_mid: set[str],
) -> list[Mention]:
    """Maximal runs of capitalised words (with connectors such as "of") in one sentence."""
    out: list[Mention] = []
    i = 0
    while i < len(spans):
        if not spans[i][2][:1].isupper():
            i += 1
            continue
        run = [spans[i]]
        j = i + 1
        while j < len(spans):
            gap = sentence[run[-1][1] : spans[j][0]]
            initial = len(run[-1][2]) == 1 and gap == "."
            if gap != " " and not initial:
                break
            if is_cap(spans[j][2]):
                run.append(spans[j])
                j += 1
                continue
            # connectors join two capitalised words: "Bank of England", "Jean de La Fontaine"
            k = j
            while k < len(spans) and k - j < 2 and fold(spans[k][2]) in NAME_CONNECTORS:
                if sentence[spans[k - 1][1] : spans[k][0]] != " ":
                    break
                k += 1
            if (
                k > j
                and k < len(spans)
                and is_cap(spans[k][2])
                and sentence[spans[k - 1][1] : spans[k][0]] == " "
                and not spans[j][2][:1].isupper()
                and _may_join(run, spans[j:k])
            ):
                run.extend(spans[j : k + 1])
                j = k + 1
                continue
            break
        sentence_initial = i == 0
        i = j
        out.extend(_make_mention(sentence, run, index, sentence_initial, lower_seen, caps_mid))
    return out


def _make_mention(
    sentence: str,
    run: list[Span],
    index: int,
    sentence_initial: bool,
    lower_seen: set[str],
    caps_mid: set[str],
) -> list[Mention]:
    if len(run) == 1:  # the common case: one capitalised word, often "The" or "He"
        word = clean(run[0][2])
        folded = word.lower() if word.isascii() else fold(word)
        if folded in STOPWORDS or folded in PERSON_TITLES or len(folded) < 2:
            return []
    if sentence_initial:
        first = fold(clean(run[0][2]))
        if first not in caps_mid and (first in STOPWORDS or first in lower_seen):
            run = run[1:]
    # a leading article and trailing connectors are not part of a name; other capitalised
    # function words inside a sentence are ("Las Vegas", "Le Monde")
    while (
        run
        and not _is_acronym(run[0][2])
        and (
            fold(run[0][2]) in NAME_ARTICLES
            or (sentence_initial and run[0][0] == 0 and fold(run[0][2]) in STOPWORDS)
        )
    ):
        run = run[1:]
    while run and fold(run[-1][2]) in NAME_CONNECTORS:
        run = run[:-1]
    # a role after a name is not part of it: "United States Senator", "Supreme Court Justice"
    while len(run) > 1 and fold(run[-1][2]) in PERSON_TITLES:
        run = run[:-1]
    if not run:
        return []
    run, titled = _strip_titles(run)
    split = _place_then_person(run)
    if split:
        return [
            m
            for part in (run[:split], run[split:])
            for m in _make_mention(sentence, part, index, False, lower_seen, caps_mid)
        ]
    tokens = tuple(fold(clean(t[2])) for t in run)
    if len(tokens) == 1 and (
        tokens[0] in STOPWORDS or tokens[0] in PERSON_TITLES or len(tokens[0]) < 2
    ):
        return []
    if all(t in STOPWORDS for t in tokens):
        return []
    last = run[-1]
    end = last[1]
    if end < len(sentence) and sentence[end] == "." and len(last[2]) == 1:
        end += 1  # keep the stop of "U.S."
    surface = POSSESSIVE.sub("", sentence[run[0][0] : end])
    before = sentence[max(0, run[0][0] - 12) : run[0][0]].split()
    mention = Mention(
        surface=surface,
        tokens=tokens,
        sentence=index,
        titled=titled,
        acronym=len(run) == 1 and _is_acronym(run[0][2]),
        located=bool(before) and fold(before[-1]) in PLACE_PREPOSITIONS,
    )
    return [mention]


def title_cased(title: str) -> bool:
    """Headlines in Title Case say nothing about which words are names."""
    ws = [w for w in words(title) if w[:1].isalpha() and fold(w) not in STOPWORDS]
    return len(ws) >= 3 and sum(is_cap(w) for w in ws) / len(ws) > 0.6
