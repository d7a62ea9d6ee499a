"""Topics of one article: the names it is about (people, organisations, places) and its themes.

A lexical extractor rather than a statistical tagger: capitalised runs of words are names,
recurring lower-case phrases are themes. It needs no model, works for every language written in
a cased alphabet, and runs in about a millisecond per article, which is what ingest can afford
(bench/ai.py measures it against spaCy's small English model and YAKE).

Variants of one name are merged by token containment: "Xi" and "President Xi" (the title is
stripped first) fall into "Xi Jinping"; an acronym joins the name whose initials it spells.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from broadsheet.enrich.lexicon import (
    DIRECTIONS,
    MULTIWORD_PLACES,
    NAME_CONNECTORS,
    ORGANISATION_WORDS,
    PERSON_TITLES,
    PLACE_WORDS,
    PLACES,
)
from broadsheet.enrich.stopwords import STOPWORDS
from broadsheet.enrich.text import fold, iter_word_spans, sentences, slug, stem, words
from broadsheet.enrich.types import Topic

_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_TITLE_WEIGHT = 2.0  # a name or theme in the headline counts this much more
_THEME_WEIGHT = 0.5  # a lower-case phrase is weaker evidence of a topic than a name
_ARTICLES = frozenset(("the", "a", "an", "of", "and", "for"))


@dataclass(slots=True)
class _Mention:
    surface: str
    tokens: tuple[str, ...]  # folded
    sentence: int  # -1 for the title
    titled: bool  # a person title ("President") stood before it
    acronym: bool


@dataclass(slots=True)
class _Group:
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.mentions)


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isupper()


def _clean(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _strip_titles(tokens: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int, str]], bool]:
    """Drop a leading job title, unless what follows is itself an institution ("Home Office")."""
    folded = [fold(_clean(t[2])) for t in tokens]
    for j in range(len(tokens) - 2, -1, -1):
        if folded[j] not in PERSON_TITLES:
            continue
        rest = folded[j + 1 :]
        if all(
            w not in ORGANISATION_WORDS and w not in PLACE_WORDS and w not in PERSON_TITLES
            for w in rest
        ) and _is_cap(tokens[j + 1][2]):
            return tokens[j + 1 :], True
        break
    return tokens, False


def _runs(
    sentence: str,
    spans: list[tuple[int, int, str]],
    index: int,
    lower_seen: set[str],
    caps_mid: set[str],
) -> list[_Mention]:
    """Maximal runs of capitalised words (with connectors such as "of") in one sentence."""
    out: list[_Mention] = []
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
            if _is_cap(spans[j][2]):
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
                and _is_cap(spans[k][2])
                and sentence[spans[k - 1][1] : spans[k][0]] == " "
                and not spans[j][2][:1].isupper()
            ):
                run.extend(spans[j : k + 1])
                j = k + 1
                continue
            break
        sentence_initial = i == 0
        i = j
        mention = _make_mention(sentence, run, index, sentence_initial, lower_seen, caps_mid)
        if mention is not None:
            out.append(mention)
    return out


def _make_mention(
    sentence: str,
    run: list[tuple[int, int, str]],
    index: int,
    sentence_initial: bool,
    lower_seen: set[str],
    caps_mid: set[str],
) -> _Mention | None:
    if sentence_initial:
        first = fold(_clean(run[0][2]))
        if first not in caps_mid and (first in STOPWORDS or first in lower_seen):
            run = run[1:]
    # a leading article and trailing connectors are not part of a name; other capitalised
    # function words inside a sentence are ("Las Vegas", "Le Monde")
    while (
        run
        and not _is_acronym(run[0][2])
        and (
            fold(run[0][2]) in _ARTICLES
            or (sentence_initial and run[0][0] == 0 and fold(run[0][2]) in STOPWORDS)
        )
    ):
        run = run[1:]
    while run and fold(run[-1][2]) in NAME_CONNECTORS:
        run = run[:-1]
    if not run:
        return None
    run, titled = _strip_titles(run)
    tokens = tuple(fold(_clean(t[2])) for t in run)
    if len(tokens) == 1 and (
        tokens[0] in STOPWORDS or tokens[0] in PERSON_TITLES or len(tokens[0]) < 2
    ):
        return None
    if all(t in STOPWORDS for t in tokens):
        return None
    last = run[-1]
    end = last[1]
    if end < len(sentence) and sentence[end] == "." and len(last[2]) == 1:
        end += 1  # keep the stop of "U.S."
    surface = _POSSESSIVE.sub("", sentence[run[0][0] : end])
    return _Mention(
        surface=surface,
        tokens=tokens,
        sentence=index,
        titled=titled,
        acronym=len(run) == 1 and _is_acronym(run[0][2]),
    )


def _title_cased(title: str) -> bool:
    """Headlines in Title Case say nothing about which words are names."""
    ws = [w for w in words(title) if w[:1].isalpha() and fold(w) not in STOPWORDS]
    return len(ws) >= 3 and sum(_is_cap(w) for w in ws) / len(ws) > 0.6


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _is_place(tokens: tuple[str, ...]) -> bool:
    joined = " ".join(tokens)
    if joined in PLACES or joined in MULTIWORD_PLACES or tokens[-1] in PLACE_WORDS:
        return True
    # "North Poland", "Southern California"
    return len(tokens) > 1 and tokens[-1] in PLACES and all(t in DIRECTIONS for t in tokens[:-1])


def _person_like(tokens: tuple[str, ...]) -> bool:
    """Could be a person's full name, the only kind of name whose parts stand for the whole."""
    return (
        2 <= len(tokens) <= 4
        and not _is_place(tokens)
        and not any(
            t in _ARTICLES or t in ORGANISATION_WORDS or t in PLACES or t in PLACE_WORDS
            for t in tokens
        )
    )


def _variant_index(keys: list[tuple[str, ...]]) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """For each way of shortening a name, the names it may stand for.

    A person's name may be shortened from either end ("Xi" of "Xi Jinping", "Pelosi" of "Nancy
    Pelosi"); another name only to its head ("Congress" of "United States Congress"), and never
    to the object of a connector ("House" of "Speaker of the House").
    """
    index: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for long in keys:
        person = _person_like(long)
        for n in range(1, len(long)):
            if person:
                index[long[:n]].append(long)
            if person or long[-n - 1] not in NAME_CONNECTORS:
                index[long[-n:]].append(long)
    return index


def _initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t not in NAME_CONNECTORS and t)


def _merge(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Group mentions by name, folding each shorter variant into the name that contains it."""
    by_tokens: dict[tuple[str, ...], list[_Mention]] = defaultdict(list)
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
        candidates = [] if _is_place(short) else list(dict.fromkeys(index.get(short, [])))
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

    groups: dict[tuple[str, ...], list[_Mention]] = defaultdict(list)
    for key, ms in by_tokens.items():
        groups[root(key)].extend(ms)
    return list(groups.values())


def _kind(name_tokens: tuple[str, ...], group: list[_Mention]) -> str:
    if _is_place(name_tokens):
        return "place"
    if any(t in ORGANISATION_WORDS for t in name_tokens) or any(m.acronym for m in group):
        return "organisation"
    if any(m.titled for m in group) or _person_like(name_tokens):
        return "person"
    if any(len(m.tokens) == 1 for m in group) and len(name_tokens) == 1:
        return "theme"
    return "organisation"


def _name_topics(
    title: str,
    body: list[str],
    spans: list[list[tuple[int, int, str]]],
    title_words: set[str],
    limit: int,
) -> list[Topic]:
    lower_seen: set[str] = set()
    caps_mid: set[str] = set()
    for index in range(len(body)):
        for n, (_, _, w) in enumerate(spans[index]):
            if not w[:1].isalpha():
                continue
            if w[:1].isupper():
                if n > 0:
                    caps_mid.add(fold(_clean(w)))
            else:
                lower_seen.add(w if w.isascii() else fold(w))
    mentions: list[_Mention] = []
    if title and not _title_cased(title):
        mentions.extend(_runs(title, iter_word_spans(title), -1, lower_seen, caps_mid))
    for index, sent in enumerate(body):
        mentions.extend(_runs(sent, spans[index], index, lower_seen, caps_mid))
    n_sent = max(len(body), 1)
    scored: list[tuple[float, list[_Mention]]] = []
    for group in _merge(mentions):
        in_title = any(t in title_words for m in group for t in m.tokens if t not in STOPWORDS)
        first = min((m.sentence for m in group if m.sentence >= 0), default=0)
        body_count = sum(1 for m in group if m.sentence >= 0)
        score = (body_count + (1 if in_title else 0)) * (_TITLE_WEIGHT if in_title else 1.0)
        score *= 1.0 + 0.5 * (1.0 - first / n_sent)
        scored.append((score, group))
    scored.sort(key=lambda item: -item[0])
    topics: list[Topic] = []
    for score, group in scored[:limit]:
        longest = max(group, key=lambda m: (len(m.tokens), -m.sentence))
        name_tokens = longest.tokens
        surfaces = Counter(m.surface for m in group if m.tokens == name_tokens)
        name = surfaces.most_common(1)[0][0]
        order: list[str] = []
        for m in sorted(group, key=lambda m: (m.sentence < 0, m.sentence)):
            if m.surface not in order:
                order.append(m.surface)
        topics.append(
            Topic(
                key=slug(name),
                name=name,
                kind=_kind(name_tokens, group),
                score=score,
                mentions=order,
            )
        )
    return topics


def _phrase_chunks(
    body: list[str], spans: list[list[tuple[int, int, str]]]
) -> list[tuple[int, list[tuple[int, int, str]]]]:
    """Runs of lower-case content words, unbroken by punctuation: where themes are found."""
    out: list[tuple[int, list[tuple[int, int, str]]]] = []
    for index, sent in enumerate(body):
        chunk: list[tuple[int, int, str]] = []
        last_end = -1
        for start, end, w in spans[index]:
            good = w[:1].islower() and len(w) > 2
            if good:
                folded = w if w.isascii() else fold(w)
                good = folded not in STOPWORDS and folded not in PERSON_TITLES
            if not good:
                if chunk:
                    out.append((index, chunk))
                    chunk = []
                continue
            if chunk and sent[last_end:start] not in (" ", "-"):
                out.append((index, chunk))
                chunk = []
            chunk.append((start, end, stem(w)))
            last_end = end
        if chunk:
            out.append((index, chunk))
    return out


def _ngrams(stems: list[str]) -> list[tuple[str, ...]]:
    return [
        *((s,) for s in stems),
        *pairwise(stems),
    ]


def _theme_topics(
    body: list[str],
    spans: list[list[tuple[int, int, str]]],
    title_words: set[str],
    taken: set[str],
    limit: int,
) -> list[Topic]:
    """Recurring lower-case words and phrases ("payroll tax", "earthquake")."""
    chunks = _phrase_chunks(body, spans)
    counts: Counter[tuple[str, ...]] = Counter()
    first: dict[tuple[str, ...], tuple[int, int, int]] = {}
    spellings: dict[str, list[str]] = defaultdict(list)
    for index, chunk in reversed(chunks):  # the earliest occurrence is written last, so it stays
        keys = _ngrams([c[2] for c in chunk])
        counts.update(keys)
        n = len(chunk)
        where = [(index, c[0], c[1]) for c in chunk]
        where += [(index, chunk[i][0], chunk[i + 1][1]) for i in range(n - 1)]
        first.update(zip(keys, where, strict=True))
        for start, end, st in chunk:
            spellings[st].append(body[index][start:end])
    n_sent = max(len(body), 1)
    title_stems = {stem(w) for w in title_words}
    scored: list[tuple[float, tuple[str, ...]]] = []
    # A phrase said once is a theme only in a short text or when the headline says it too.
    min_count = 2 if len(counts) > 8 * limit else 1
    for key, count in counts.items():
        in_title = all(k in title_stems for k in key)
        if count < min_count and not in_title:
            continue
        score = count * _THEME_WEIGHT * (1.0 + 0.3 * (len(key) - 1))
        if in_title:
            score *= _TITLE_WEIGHT
            score += _THEME_WEIGHT
        score *= 1.0 + 0.5 * (1.0 - first[key][0] / n_sent)
        scored.append((score, key))
    scored.sort(key=lambda item: -item[0])
    out: list[Topic] = []
    for score, key in scored:
        if len(out) >= limit:
            break
        if len(key) == 1:
            forms = Counter(reversed(spellings[key[0]]))  # ties go to the earliest spelling
            mentions = list(forms)
            name = forms.most_common(1)[0][0]
        else:
            index, start, end = first[key]
            name = body[index][start:end]
            mentions = [name]
        if fold(name) in taken:
            continue
        out.append(Topic(key=slug(name), name=name, kind="theme", score=score, mentions=mentions))
    return out


def extract_topics(title: str, text: str, language: str | None, limit: int = 10) -> list[Topic]:
    """The `limit` best topics of an article, strongest first, scores scaled to (0, 1]."""
    del language  # the cues are the same for every cased alphabet; kept for a per-language model
    body = sentences(text)
    title_words = {fold(_clean(w)) for w in words(title)}
    spans = [iter_word_spans(s) for s in body]
    names = _name_topics(title, body, spans, title_words, limit)
    taken = {fold(t.name) for t in names} | {fold(m) for t in names for m in t.mentions}
    themes = _theme_topics(body, spans, title_words, taken, limit)
    merged: dict[str, Topic] = {}
    for topic in sorted(names + themes, key=lambda t: -t.score):
        if not topic.key or topic.key in merged:
            continue
        merged[topic.key] = topic
    ranked = list(merged.values())[:limit]
    top = ranked[0].score if ranked else 1.0
    for topic in ranked:
        topic.score = round(topic.score / top, 4)
    return ranked
