"""Merging the spellings of one name: "Xi", "President Xi" and "Xi Jinping" are one topic.

A shorter name joins the longer one it abbreviates: a person's name from either end ("Xi" of "Xi
Jinping", "Pelosi" of "Nancy Pelosi"), another name only to its head ("Congress" of "United
States Congress"), an acronym the name whose initials it spells ("NTSB"). Places never join a
longer name ("Poland" is not "North Poland").
"""

from __future__ import annotations

from collections import defaultdict

from broadsheet.enrich.kinds import is_place, person_like
from broadsheet.enrich.lexicon import NAME_CONNECTORS
from broadsheet.enrich.names import Mention


def _variant_index(keys: list[tuple[str, ...]]) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """For each way of shortening a name, the names it may stand for.

    A person's name may be shortened from either end ("Xi" of "Xi Jinping", "Pelosi" of "Nancy
    Pelosi"); another name only to its head ("Congress" of "United States Congress"), and never
    to the object of a connector ("House" of "Speaker of the House").
    """
    index: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for long in keys:
        person = person_like(long)
        for n in range(1, len(long)):
            if person:
                index[long[:n]].append(long)
            if person or long[-n - 1] not in NAME_CONNECTORS:
                index[long[-n:]].append(long)
    return index


def _initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t not in NAME_CONNECTORS and t)


def merge_variants(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions by name, folding each shorter variant into the name that contains it."""
    by_tokens: dict[tuple[str, ...], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_tokens[m.tokens].append(m)
    keys = sorted(by_tokens, key=lambda k: (-len(k), -len(by_tokens[k])))
    parent: dict[tuple[str, ...], tuple[str, ...]] = {}
    index = _variant_index(keys)
    initials: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for k in keys:
        if len(k) > 1:
            initials[_initials(k)].append(k)
    for short in reversed(keys):
        candidates = [] if is_place(short) else list(dict.fromkeys(index.get(short, [])))
        if not candidates and len(short) == 1 and any(m.acronym for m in by_tokens[short]):
            candidates = initials.get(short[0], [])
        if candidates:
            best = max(candidates, key=lambda k: (len(by_tokens[k]), len(k)))
            parent[short] = best

    def root(key: tuple[str, ...]) -> tuple[str, ...]:
        seen = 0
        while key in parent and seen < 10:
            key = parent[key]
            seen += 1
        return key

    groups: dict[tuple[str, ...], list[Mention]] = defaultdict(list)
    for key, ms in by_tokens.items():
        groups[root(key)].extend(ms)
    return list(groups.values())
