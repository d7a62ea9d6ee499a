"""Themes: recurring lower-case words and phrases ("payroll tax", "earthquake")."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise

from broadsheet.enrich.scan import Scan
from broadsheet.enrich.text import fold, slug, stem
from broadsheet.enrich.types import Topic

_TITLE_WEIGHT = 2.0  # a theme in the headline counts this much more
_THEME_WEIGHT = 0.5  # a lower-case phrase is weaker evidence of a topic than a name


def _ngrams(stems: list[str]) -> list[tuple[str, ...]]:
    return [
        *((s,) for s in stems),
        *pairwise(stems),
    ]


def theme_topics(
    body: list[str],
    scan: Scan,
    title_words: set[str],
    taken: set[str],
    limit: int,
) -> list[Topic]:
    """Recurring lower-case words and phrases ("payroll tax", "earthquake")."""
    chunks = scan.chunks
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
