"""What the reader sees around the headline: the shown date and byline.

Declared metadata is often stale or generic (a template's first-publish date on an article
updated since, an organisation named as author), while the line under the headline is what
the publisher shows and what readers quote. So the date and byline printed next to the
headline win; a declared date is kept only when the page also shows that day somewhere, and
nothing is guessed: no shown or confirmed date gives None.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from broadsheet.extract.dates import plausible

_MONTHS = {
    # en
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # de, es, pt, fr, it (the stems that differ from English)
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12, "okt": 10, "dez": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6,
    "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    # ru (genitive)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
_MONTH_WORD = r"([A-Za-zÀ-ÿа-яё]{3,10})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|\.)?"
_YEAR = r"((?:19|20)\d{2})"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b{_MONTH_WORD}\s+{_DAY},?\s+{_YEAR}\b"), "mdy"),
    (re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH_WORD},?\s+(?:de\s+)?{_YEAR}\b"), "dmy"),
    (re.compile(r"\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?"), "ymd"),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2})\b"), "numeric"),
)
# A byline's lead word, in the languages of the benchmarks.
_BY = re.compile(
    r"^(?:by|written by|posted by|words by|article by|author(?=\s*:|$)|authored by|contributors?|"
    r"this (?:post|article|story) was written by|(?:article|post|story) written by|"
    r"von|por|par|di|автор|"
    r"escrito por|publicado por)\b\s*:?\s*(.*)$",
    re.IGNORECASE,
)
# The letters a line that _BY matches can start with, in either case.
_BY_INITIALS = frozenset("abcdepstvwABCDEPSTVWаА")
_NAME_END = re.compile(
    r"\s+(?:[|•·—–]|-\s|on\s|updated\b|published\b|last\b|posted\b|\d)", re.IGNORECASE
)
_NOT_NAME = re.compile(
    r"\b(?:updated|published|posted|checked|reviewed|edited|min read|read|share|the|on)\b",
    re.IGNORECASE,
)
# What a "by" continues when its line follows another's end: someone else than the writer
# ("Medically reviewed" / "by" / "Jane Roe, MD").
_NOT_WRITER = re.compile(
    r"\b(?:reviewed|checked|edited|illustrat\w*|photograph\w*|photos?|images?)\W*$", re.I
)
# A name's word that starts with a digit and goes on in letters ("3i", "1Password").
_BRAND = re.compile(r"^\d(?!st|nd|rd|th)[A-Za-z]+$")
# "The Newsroom Team": a team credited by name, where "the" is otherwise a sign of prose.
_LEADING_THE = re.compile(r"^the\s+(?=\S+(?:\s+\S+)?\s+(?:team|editors|staff)$)", re.IGNORECASE)


def _month(word: str) -> int | None:
    word = word.casefold().rstrip(".")
    return _MONTHS.get(word) or _MONTHS.get(word[:3]) if word.isalpha() else None


def _make(year: str, month: int | None, day: str) -> datetime | None:
    if month is None:
        return None
    try:
        return plausible(datetime(int(year), month, int(day), tzinfo=UTC))
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, datetime]]:
    """Every calendar date written out in `text`, with its position; ambiguous ones skipped
    (see `date_spans`)."""
    return [(start, date) for start, _, date in date_spans(text)]


def date_spans(text: str) -> list[tuple[int, int, datetime]]:
    """Every calendar date written out in `text`, with where it starts and ends.

    A numeric date either way round ("03/01/2017") is read in the order the text's other
    numeric dates prove ("12/17/2025": month first), since a page writes all its dates one
    way; with no proof, or proof both ways, it is skipped rather than guessed.
    """
    found: list[tuple[int, int, datetime]] = []
    ambiguous: list[re.Match[str]] = []
    orders: set[str] = set()
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(text):
            a, b, c = match.groups()
            if order == "mdy":
                date = _make(c, _month(a), b)
            elif order == "dmy":
                date = _make(c, _month(b), a)
            elif order == "ymd":
                date = _make(a, int(b), c)
            else:  # 05/11/2019: day-first or month-first? Only when one reading is impossible.
                first, second = int(a), int(b)
                if first > 12 >= second or first == second:
                    date = _make(c, second, a)  # (12.12.2025 reads the same either way)
                    if first != second:
                        orders.add("dmy")
                elif second > 12 >= first:
                    date = _make(c, first, b)
                    orders.add("mdy")
                else:
                    date = None
                    ambiguous.append(match)
            if date is not None:
                found.append((match.start(), match.end(), date))
    if ambiguous and len(orders) == 1:
        month_first = orders == {"mdy"}
        for match in ambiguous:
            a, b, c = match.groups()
            date = _make(c, int(a), b) if month_first else _make(c, int(b), a)
            if date is not None:
                found.append((match.start(), match.end(), date))
    found.sort(key=lambda pair: pair[0])
    return found


def shown_byline(lines: list[str]) -> str | None:
    """The name on the first "By …" line among `lines`."""
    for n, line in enumerate(lines):
        if line[:1] not in _BY_INITIALS:
            continue  # (a set lookup: the regex on each of 1,000 lines costs more)
        match = _BY.match(line)
        if not match or (n and _NOT_WRITER.search(lines[n - 1])):
            continue
        name = match.group(1).strip(" :,")
        if not name and n + 1 < len(lines):
            name = lines[n + 1].strip()
        name = _NAME_END.split(name, maxsplit=1)[0].strip(" ,:|")
        words = name.split()
        if (
            1 <= len(words) <= 6
            and not any(ch.isdigit() for w in words if not _BRAND.match(w) for ch in w)
            and not _NOT_NAME.search(_LEADING_THE.sub("", name))
        ):
            return name
    return None
