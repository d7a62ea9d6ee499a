"""The bundled Wikinews corpus, read into articles the demo site can render.

The corpus gives a date but no time, section or paragraph structure suitable for HTML; this module
derives them once, deterministically, so that every run of the demo serves identical pages (and
identical ETags) and tests can compare what the extractor recovers with what was rendered.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from pathlib import Path

from broadsheet.demo.sections import classify

CORPUS_FILE = "wikinews-en-2019-2020.jsonl"

# 2019 bodies open with "Friday, January 4, 2019" (sometimes followed by a non-breaking space and
# a single newline rather than a blank line); that is a dateline, not article text.
_DATELINE = re.compile(
    r"^\s*((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4})[\s\xa0]*\n"
)
_SPACES = re.compile(r"[ \t\xa0]+")
# An initial ("John R.") or an abbreviation ("U.S.") does not end a sentence.
_SENTENCE_END = re.compile(r"(?<![\s.][A-Z])[.!?]([\"'”’]?)\s+(?=[A-Z\"“])")


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One Wikinews article with the structure the demo pages need."""

    id: str
    source_url: str  # the Wikinews page the text comes from (for the credit line)
    date: date
    title: str
    paragraphs: tuple[str, ...]
    dateline: str | None
    section: str
    published: datetime  # the corpus date at a deterministic time of day, UTC

    @property
    def credit(self) -> str:
        """The credit line the CC BY 2.5 licence asks for, saying how the text was changed."""
        return (
            f'"{self.title}", Wikinews, {self.date.isoformat()}, {self.source_url}, CC BY 2.5'
            " — text rendered into a sample publisher page"
        )

    @property
    def summary(self) -> str:
        """The lead's first sentence: what summary-only feeds carry."""
        lead = self.paragraphs[0]
        for match in _SENTENCE_END.finditer(lead):
            if match.start() > 40:
                return lead[: match.start() + 1 + len(match.group(1))]
        return lead


def bundled_corpus_path() -> Path:
    return Path(str(resources.files("broadsheet.demo").joinpath("data").joinpath(CORPUS_FILE)))


def split_body(body: str) -> tuple[str | None, tuple[str, ...]]:
    """Split a corpus body into its dateline (if any) and paragraphs.

    Paragraphs are separated by blank lines in the corpus; the few single line breaks inside a
    block separate list items or interview turns, so every non-empty line becomes a paragraph.
    Runs of spaces are collapsed so rendered and extracted text compare cleanly.
    """
    dateline: str | None = None
    match = _DATELINE.match(body + "\n")
    if match:
        dateline = match.group(1)
        body = body[match.end() :] if match.end() <= len(body) else ""
    lines = (_SPACES.sub(" ", line).strip() for line in body.splitlines())
    return dateline, tuple(line for line in lines if line)


def _time_of_day(article_id: str) -> time:
    """A stable time between 06:00 and 21:59 UTC, so feeds can be ordered within one day."""
    minutes = int.from_bytes(hashlib.sha256(article_id.encode()).digest()[:4], "big") % (16 * 60)
    return time(6 + minutes // 60, minutes % 60)


def load_corpus(path: Path | None = None) -> list[CorpusArticle]:
    """Read the corpus (the bundled one when `path` is None), oldest first."""
    source = path if path is not None else bundled_corpus_path()
    articles: list[CorpusArticle] = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            dateline, paragraphs = split_body(str(row["body"]))
            if not paragraphs:
                continue
            day = date.fromisoformat(str(row["date"]))
            title = _SPACES.sub(" ", str(row["title"])).strip()
            articles.append(
                CorpusArticle(
                    id=str(row["id"]),
                    source_url=str(row["url"]),
                    date=day,
                    title=title,
                    paragraphs=paragraphs,
                    dateline=dateline,
                    section=classify(title),
                    published=datetime.combine(day, _time_of_day(str(row["id"])), tzinfo=UTC),
                )
            )
    # Same-day articles get distinct minutes, so newest-first order is total and stable.
    articles.sort(key=lambda a: (a.published, a.id))
    return _distinct_times(articles)


def _distinct_times(articles: list[CorpusArticle]) -> list[CorpusArticle]:
    seen: set[datetime] = set()
    result: list[CorpusArticle] = []
    for article in articles:
        published = article.published
        while published in seen:
            published += timedelta(minutes=1)
        seen.add(published)
        result.append(replace(article, published=published))
    return result
