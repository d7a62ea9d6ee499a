"""Which publication date a page states: declared metadata weighed against the printed date.

Declared dates (JSON-LD, meta tags) are often template dates a reader never sees: a page
that prints no date at all has no date, however confident its metadata. So a declared date
is kept only when the page shows a date (by the headline, or that same day anywhere), and a
date printed by the headline is used when nothing is declared. A date labelled "updated"
yields to a declared or printed publication date. Nothing is read from arbitrary prose
beyond that: a date in the body text far from the headline never becomes the page's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from broadsheet.extract.fields import leading_date
from broadsheet.extract.visible import date_spans, find_dates

# How far around the headline a printed date counts as the page's own (characters).
_BEFORE, _AFTER = 250, 500
# A date this many characters after a label word belongs to it.
_LABEL_REACH = 40
_UPDATED = re.compile(
    r"(?:updated|modified|revised|reviewed|edited|last\s+update|aktualisiert|geändert|"
    r"actualizado|actualización|atualizado|mis à jour|modifié|aggiornato|обновлено)\W*"
    r"(?:on|at|am|el|em|le|il)?\W*$",
    re.IGNORECASE,
)
# Words before a date that make it a deadline, an opening time or a range, not the page's own.
_NOT_PUBLISHED = re.compile(
    r"\b(?:valid|until|till|through|thru|expires?|expiry|deadline|hours|ends?|starts?|from|to|"
    r"bis|hasta|jusqu'au)\W*(?:on\W*)?$",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\s*(?:[-–—]|to|bis|au|al|a)\s+")
# Words that label a publication date, in the languages of the benchmarks.
_PUBLISHED_WORDS = (
    "published", "posted", "created", "written", "released", "veröffentlicht", "publicado",
    "publié", "pubblicato", "опубликовано",
)  # fmt: skip
_PUBLISHED_LABEL = "(?:" + "|".join(_PUBLISHED_WORDS) + ")"
_PUBLISHED = re.compile(
    _PUBLISHED_LABEL + r"\W*(?:on|at|am|el|em|le|il)?\W*$",
    re.IGNORECASE,
)
# The same labels, read forwards: a date must start where the match ends.
_PUBLISHED_AHEAD = re.compile(
    r"\b" + _PUBLISHED_LABEL + r"\W*(?:(?:on|at|am|el|em|le|il)\b\W*)?(?:the\s+)?",
    re.IGNORECASE,
)
# "This article was originally published on …": the first day, whatever the headline shows.
_ORIGINALLY = re.compile(r"\boriginally\s+(?:published|posted)\W*(?:on\b\W*)?", re.IGNORECASE)
# "Posted by Jane Roe on …", "Written by A and B": the writer between the label and the date.
_BY_NAME = re.compile(
    r"by\s+(?:[A-ZÀ-Þ][\w'’.-]*\s+(?:(?:and|&)\s+)?){1,6}(?:[|,·•-]\s*)?(?:on\s+)?"
)
# Each label without its first letter (so any casing of it), in lower and upper case.
_LABEL_STEMS = tuple(sorted({s for w in _PUBLISHED_WORDS for s in (w[1:], w[1:].upper())}))
_SPACE = re.compile(r"\s+")
_ONE_DAY = timedelta(days=1, hours=12)
_MIDNIGHT = time(0, 0)


@dataclass(frozen=True, slots=True)
class ShownDate:
    """A date printed near the headline and what its label says it is."""

    when: datetime
    after_headline: bool
    kind: str  # "published", "updated", "other" (a deadline, a range) or "" (no label)


def _kind(text_before: str) -> str:
    tail = text_before[-_LABEL_REACH:]
    if _NOT_PUBLISHED.search(tail):
        return "other"
    if _UPDATED.search(tail):
        return "updated"
    if _PUBLISHED.search(tail):
        return "published"
    return ""


def shown_near_headline(text: str, headlines: list[str]) -> list[ShownDate]:
    """Dates printed just before or after the first headline found in `text`, in order.

    With none there (a date line under the body, or another headline printed), the first
    date the page labels as the publication date anywhere counts, and only that (a writer's
    name may stand between: "Written by A and B April 8, 2024"). A date "originally
    published" anywhere wins over them all: the page says the day it first ran.
    """
    at = text.find("riginally p")  # any casing of its first letter
    label = _ORIGINALLY.match(text, at - 1) if at > 0 else None
    first = leading_date(text, _LABEL_REACH, label.end()) if label else None
    if first is not None:
        return [ShownDate(first, True, "published")]
    folded = text.casefold()
    for headline in headlines:
        needle = _SPACE.sub(" ", headline).strip().casefold()
        pos = folded.find(needle) if len(needle) >= 4 else -1
        if pos < 0:
            continue
        start = max(0, pos - _BEFORE)
        end = pos + len(needle)
        while folded.startswith(needle, end + 1):  # printed twice (a banner, then the h1)
            end += len(needle) + 1
        end += _AFTER
        window = text[start:end]
        at = pos - start
        found = date_spans(window)
        near = [
            ShownDate(
                when,
                offset >= at,
                "other" if _in_range(window, found, n) else _kind(window[:offset]),
            )
            for n, (offset, _, when) in enumerate(found)
        ]
        if near:
            return near
        break
    for at in _label_positions(text):
        label = _PUBLISHED_AHEAD.match(text, at)
        if label is None:
            continue
        after = text[label.end() : label.end() + 2 * _LABEL_REACH]
        dates = find_dates(after)
        if dates and (dates[0][0] == 0 or _BY_NAME.fullmatch(after, 0, dates[0][0])):
            return [ShownDate(dates[0][1], True, "published")]
    return []


def _in_range(text: str, found: list[tuple[int, int, datetime]], n: int) -> bool:
    """Whether the n-th date found is an end of a range ("May 2, 2024 – May 9, 2024")."""
    for a, b in ((n - 1, n), (n, n + 1)):
        if a >= 0 and b < len(found) and _RANGE.fullmatch(text, found[a][1], found[b][0]):
            return True
    return False


_LABELS_PER_STEM = 64


def _label_positions(text: str) -> list[int]:
    """Where a publication label may start, in order: plain substring searches for the
    labels' stems (the regex over a whole page cost 0.75 ms; finding a date costs more)."""
    found: list[int] = []
    for stem in _LABEL_STEMS:  # each stem its own cap, so a common one cannot hide the rest
        pos, seen = text.find(stem), 0
        while pos > 0 and seen < _LABELS_PER_STEM:
            found.append(pos - 1)  # stems leave off the label's first letter: any case
            pos, seen = text.find(stem, pos + 1), seen + 1
    return sorted(found)


def _same_day(a: datetime, b: datetime) -> bool:
    return abs(a.date() - b.date()) <= timedelta(days=1) or abs(a - b) <= _ONE_DAY


def _day_shown(day: datetime, text: str) -> bool:
    return any(_same_day(day, when) for _, when in find_dates(text))


@dataclass(frozen=True, slots=True)
class Declared:
    """The dates a page's markup declares, by source (None where a source is silent)."""

    meta: datetime | None = None  # article:published_time and kin: written for display
    linked: datetime | None = None  # JSON-LD datePublished: often a CMS record's date
    time: datetime | None = None  # a <time datetime> element
    time_printed: datetime | None = None  # the day that <time> element prints as its text
    url: datetime | None = None  # a /2024/05/17/ path


def settle_published(declared: Declared, shown: list[ShownDate], text: str) -> datetime | None:
    """The page's publication date, or None when the page states none; to the minute when
    a declared date gives the time of the day chosen (a printed date is only a day, and
    "13 minutes ago" needs the time)."""
    chosen = _settle_day(declared, shown, text)
    if chosen is None:
        return None
    for timed in (declared.meta, declared.linked, declared.time):
        if timed is not None and timed.date() == chosen.date() and timed.time() != _MIDNIGHT:
            return timed
    return chosen


def _settle_day(declared: Declared, shown: list[ShownDate], text: str) -> datetime | None:
    """The page's publication day, or None when the page states none.

    Measured on labelled pages: a date printed as "Published …" wins (unless an unlabelled
    date right after the headline comes first: the labelled one then dates something the
    article cites, a book, a report); a meta-tag (or URL) date is trusted as is, unless the
    page prints another day (more than a time zone away) by the headline and its own <time>
    element says that day too, or prints an older day after the headline and never the meta
    day (re-saving a page restamps its meta tag; nothing restamps it backwards); a <time>
    element alone yields to another day printed after the headline when its own day is not
    printed by the headline and its text is not that other day (it then dates a sidebar's
    teaser, not the article); a JSON-LD date alone is trusted only when the page prints
    some date by the headline or prints that very day, and yields to a different date
    printed just after the headline; with nothing declared, the printed date is the answer.
    Deadlines, opening hours and ranges printed by the headline ("valid through …",
    "May 2 – May 9, 2024") are no one's publication date.
    """
    shown = [s for s in shown if s.kind != "other"]
    labelled = [s.when for s in shown if s.kind == "published"]
    first = next((s for s in shown if s.after_headline or s.kind == "published"), None)
    if labelled and not (first and not first.kind and first.when.date() != labelled[0].date()):
        return labelled[0]  # unless the byline's own date comes first: then it cites a book
    updated = [s.when for s in shown if s.kind == "updated"]
    if updated and declared.meta is None and not any(not s.kind for s in shown):
        return updated[0]
    linked = declared.linked
    strong = declared.meta
    if strong is None and declared.url and (linked is None or _same_day(declared.url, linked)):
        strong = declared.url
    first_after = next((s.when for s in shown if not s.kind and s.after_headline), None)
    if strong is None and linked is None and declared.time is not None:
        strong = declared.time
        printed = declared.time_printed
        if (
            first_after is not None
            and not any(_same_day(s.when, strong) for s in shown)
            and not (printed and printed.date() == first_after.date())
        ):
            return first_after  # the first <time> dates a sidebar's teaser
    plain_days = [s.when for s in shown if not s.kind]
    if (
        declared.meta is not None
        and declared.time is not None
        and plain_days
        and plain_days[0].date() == declared.time.date()
        and not _same_day(plain_days[0], declared.meta)
    ):
        return plain_days[0]  # the page's own <time> and printed date outvote a meta tag
    if (
        declared.meta is not None
        and first_after is not None
        and first_after < declared.meta
        and not any(_same_day(s.when, declared.meta) for s in shown)
    ):
        return first_after  # an edit only moves a date forward
    if strong is not None:
        return linked if linked is not None and _same_day(linked, strong) else strong
    plain = [s for s in shown if not s.kind]
    after = [s.when for s in plain if s.after_headline]
    if linked is not None:
        if after and after[0].date() != linked.date():
            return after[0]  # a day apart too: JSON-LD gives UTC, the page the reader's day
        return linked if shown or _day_shown(linked, text) else None
    if after:
        return after[0]
    if plain:
        return plain[-1].when
    return shown[0].when if shown else None
