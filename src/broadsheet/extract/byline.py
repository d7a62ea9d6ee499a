"""The writer: the declared author weighed against the bylines the page prints.

Author fields carry placeholders, companies and CMS logins, and pages print bylines in many
shapes ("By …", a name beside the date, an "Author" fact box); the heuristics that sort them
serve the author alone, so they live apart from the rest of the page's metadata
(`read_author` asks them in order; `metadata.read_metadata` calls it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Generic, TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from broadsheet.extract.fields import clean, first_meta, node_text
from broadsheet.extract.jsonld import LinkedData
from broadsheet.extract.visible import find_dates, shown_byline

_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "twitter:creator",
)
_BYLINE_SELECTORS = (
    '[rel="author"]',
    'a[href*="/author/"], a[href*="/authors/"]',
    '[class*="author-name"]',
    '[class*="author__name"]',
    '[class*="byline"] a',
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    ".byline .author",
    ".author-name",
    ".byline__name",
    ".byline",
    ".author",
)
_BY_PREFIX = re.compile(
    r"^\s*(?:by|von|par|por|di|door|av|af|автор|written by|posted by)[:\s]+", re.IGNORECASE
)
_EMAIL = re.compile(r"\s*\S+@\S+\.\w+")
# "Jane Roe Author": a role word after a full name (a two-word "Bo Writer" keeps it).
_ROLE_SUFFIX = re.compile(
    r"(?<=\S\s\S)(\S*)\s+(?:(?:tech|staff|senior|contributing|guest)\s+)?"
    r"(?:author|writer|editor|contributor|reporter|correspondent|columnist|journalist)$",
    re.IGNORECASE,
)
# Placeholders and template leftovers that author fields carry instead of a name.
_NOT_A_NAME = re.compile(
    r"^(?:undefined|null|none|unknown|admin|administrator|webmaster|authors?|recent posts|"
    r"learn more|read more|by|written by|posted by|categor(?:y|ies)|tags?|share|menu|home|"
    r"(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?|"
    r"[a-z]+\d[a-z\d]*|[a-z\d]+(?:-[a-z\d]+)+|"
    r"www\.\S+|\w+(?:\.\w+)+\.[a-z]{2,3}|\d[\d\s]*)$",
    re.IGNORECASE,
)
# Two to four capitalised words: "Lisa Pham", "Julian K. Arni", "Bence Kovács".
_NAME_SHAPE = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*\.?\s){1,3}[A-ZÀ-Þ][\w'’-]+$")
# Lower-case words that belong inside a name: "Nick van Mead", "Maria da Silva".
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "dos", "bin",
     "and", "of", "the", "team", "editors", "staff"}
)  # fmt: skip
# What follows a name after a comma without being a given name: "Doe, PhD", "Roe, Jr."
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,5}|Ph\.?D|Jr|Sr|I{2,3}|IV)\.?$")
# What a byline prints after a writer's name to say what they do, not who else wrote.
_ROLE_WORD = re.compile(
    r"\b(?:editor|editors|manager|columnist|desk|writer|reporter|correspondent|contributor|"
    r"director|founder|expert|lead|head|officer|producer|staff|team|senior|sr|chief)\b",
    re.IGNORECASE,
)
# "Jane Roe, The Daily Bugle": the paper a syndicated story came from, after its writer.
_PAPER_SUFFIX = re.compile(r"(?<=\w),\s+The(?:\s+[A-Z][\w'’&.-]*){1,4}$")
# A registered company or a university: the body that runs the site, which templates put in
# the author field where the page names no writer ("Acme Widgets Inc", "Roe Dentistry PC");
# after a comma it is a writer's affiliation ("Jane Roe, Northshore University").
_INSTITUTION = re.compile(
    r"^[^,]*(?:,?\s(?:Inc|LLC|Ltd|Corp|Corporation|GmbH|PLC|PC|Pty|University)\.?)(?:\s*\(.*\))?$"
)
_DOT = re.compile(r"\s+[·•|]\s+")
_GLUED_PUNCT = re.compile(r"\s+([,;])")


def _labelled(metas: dict[str, str], label: str) -> str | None:
    """A value of Twitter's label/data card pairs (Yoast prints "Written by" there)."""
    for n in range(1, 5):
        if metas.get(f"twitter:label{n}", "").casefold() == label:
            return metas.get(f"twitter:data{n}")
    return None


def _clean_author(text: str | None) -> str | None:
    """A writer's name as printed, without "By", a trailing date, e-mail or bare role word."""
    text = clean(text)
    if not text or text.startswith(("http://", "https://", "@")) or len(text) > 120:
        return None
    text = _BY_PREFIX.sub("", text)
    dates = find_dates(text)
    if dates:
        text = text[: dates[0][0]]
    bare = _EMAIL.sub("", text)
    text = bare if bare.strip() else text
    text = _ROLE_SUFFIX.sub(r"\1", text)
    text = _PAPER_SUFFIX.sub("", text).strip(" ,|-–—")
    if not text or _NOT_A_NAME.match(text) or not any(ch.isalpha() for ch in text):
        return None
    return None if _INSTITUTION.search(text) else text


def _choose_author(
    tree: LexborHTMLParser,
    metas: dict[str, str],
    linked: list[str],
    publisher: str | None,
    lines: list[str],
    text: str,
) -> str | None:
    """The declared writer; where that is the publisher itself, a person the page shows wins.

    Company blogs declare the company as author and often print the writer's name in a byline
    element or a "Written by" line; with no such name the company is the author the page gives
    (wcxb agrees: on its pages crediting the publisher is right more often than wrong;
    requiring the page to print that credit too changed nothing, +4 -4). With nothing
    declared, a "Written by …" line anywhere (often under the body) names the writer. A
    declared writer the page never prints yields to the name on a "By …" line (a template's
    stale author field); one the byline prints with a role after a comma keeps the role.
    """
    bylines = _Bylines(tree)
    author = _declared_author(tree, metas, linked) or bylines.author()
    if not author:
        return _printed_name(lines)  # a "Written by …" line under the body
    if _names_publisher(author, publisher) or _names_publisher(publisher, author):
        return bylines.author(publisher) or _printed_name(lines) or author
    if " " not in author and author.islower():  # a CMS login ("jdoe"), not a printed name
        shown = bylines.author(author) or _printed_name(lines)
        return shown if shown and " " in shown else author
    at = text.find(author)
    if at < 0 and author.casefold() not in text.casefold():
        shown = _printed_name(lines)  # the page credits someone else than its markup
        return shown if shown and " " in shown else author
    bylined = (f"{author},", f"{author} ,")
    if at >= 0 and text.startswith(bylined, at):
        printed = bylines.author()  # "Jane Roe, Science Editor" as the byline prints it
        if printed and _GLUED_PUNCT.sub(r"\1", printed).startswith(author + ","):
            return printed
    return author


def _linked_authors(ld: LinkedData) -> list[str]:
    names = list(dict.fromkeys(n for n in (_clean_author(a) for a in ld.authors) if n))
    short = [n for n in names if len(n.split()) <= 5]
    return short if len(short) < len(names) and short else names  # "… Network on Facebook"


def _declared_author(
    tree: LexborHTMLParser, metas: dict[str, str], linked: list[str]
) -> str | None:
    names = linked or _citation_authors(tree)
    if names:
        return ", ".join(names)
    return _clean_author(first_meta(metas, _AUTHOR_META) or _labelled(metas, "written by"))


def _citation_authors(tree: LexborHTMLParser) -> list[str]:
    """A paper's authors (Highwire tags, one per author, often "Last, First"), all of them."""
    names: list[str] = []
    for node in tree.css('meta[name="citation_author"], meta[name="citation_authors"]')[:30]:
        name = _clean_author(node.attributes.get("content"))
        if name and name.count(",") == 1:
            last, first = (part.strip() for part in name.split(","))
            if first and last and " " not in last and not _CREDENTIAL.match(first):
                name = f"{first} {last}"  # "Roy, Aniruddha" as readers write it
        if name and name not in names:
            names.append(name)
    return names


def _settle_author(
    shown: str | None, declared: str | None, names: list[str], lines: list[str]
) -> str | None:
    """The shown byline, unless it names only the first of several declared writers.

    Several writers are given as the page prints them ("A, B and C"), found in the run of
    lines that starts with the first name; pages print each name in its own element.
    """
    if len(names) < 2 or (shown and shown not in names):
        return shown or declared
    for at, line in enumerate(lines):
        if names[0] not in line:
            continue
        run = _GLUED_PUNCT.sub(r"\1", " ".join(lines[at : at + 2 * len(names)]))
        if len(run) < 300 and all(name in run for name in names):
            return run[run.index(names[0]) : run.rindex(names[-1]) + len(names[-1])]
    return declared


_T = TypeVar("_T")


class _Replay(Generic[_T]):
    """An iterator's items, each computed at most once however often they are read again:
    later reads replay the items already found and go on with the iterator only past them."""

    def __init__(self, items: Iterator[_T]) -> None:
        self._items = items
        self._seen: list[_T] = []

    def __iter__(self) -> Iterator[_T]:
        n = 0
        while True:
            if n == len(self._seen):
                try:
                    self._seen.append(next(self._items))
                except StopIteration:
                    return
            yield self._seen[n]
            n += 1


class _Bylines:
    """A page's byline elements, asked for a name up to three times (once for any name, then
    for one unlike the publisher or a login): each element is read once, on first need."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._selected = _Replay(_selected_names(tree))
        self._classed = _Replay(_classed_names(tree))

    def author(self, unlike: str | None = None) -> str | None:
        for node, author in self._selected:
            if not _names_publisher(author, unlike):
                return _name_above_role(node, author)
        # only the first name-shaped text counts, even when cleaning then refuses it (a
        # company): later author-classed elements may be a related-posts list's. Going on to
        # the next was measured neutral (no wcxb or ScrapingHub page reaches such a text)
        text = next((t for t in self._classed if not _names_publisher(t, unlike)), None)
        return _clean_author(text) if text is not None else None


def _selected_names(tree: LexborHTMLParser) -> Iterator[tuple[LexborNode, str]]:
    """The name-like text of the first element each byline selector finds, in their order."""
    for selector in _BYLINE_SELECTORS:
        node = tree.css_first(selector)
        author = _clean_author(node_text(node))
        if (
            author
            and node is not None
            and not _in_comments(node)
            and len(author.split()) <= 8
            and _name_like(author)
        ):
            yield node, author


def _name_above_role(node: LexborNode, author: str) -> str:
    """The name alone of a byline card that prints the writer's role under it
    ("Jane Roe" / "Head Winemaker"); a role after a comma on the name's line stays."""
    lines = [line.strip() for line in node.text(deep=True, separator="\n").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) == 2 and _NAME_SHAPE.match(lines[0]) and author.startswith(lines[0] + " "):
        return lines[0]
    return author


def _in_comments(node: LexborNode) -> bool:
    """Inside the reader comments ("comment-author" is a commenter, not the writer)."""
    at: LexborNode | None = node
    for _ in range(8):
        if at is None:
            return False
        attrs = at.attributes
        if "comment" in f"{attrs.get('class') or ''} {attrs.get('id') or ''}".casefold():
            return True
        at = at.parent
    return False


def _name_like(text: str) -> bool:
    """Capitalised words, as a printed name is ("Personal finance" or prose is not)."""
    words = [w for w in text.replace(",", " ").split() if w.casefold() not in _PARTICLES]
    return all(not w[0].islower() for w in words) if len(words) > 1 else True


def _names_publisher(name: str | None, publisher: str | None) -> bool:
    return bool(name and publisher) and str(publisher).casefold() in str(name).casefold()


def _classed_names(tree: LexborHTMLParser) -> Iterator[str]:
    """Names in any element whose class speaks of the author (authorName, post-hero__author).

    Templates name their byline classes in every casing; only a name-shaped text counts, so
    an "About the author" heading or a whole bio paragraph is passed over.
    """
    for node in tree.css('[class*="author" i]')[:12]:
        if _in_comments(node):
            continue
        whole = node.text(deep=True, separator="\n")
        first = next((line for line in whole.split("\n") if line.strip()), "")
        for text in (clean(whole), _clean_author(whole), clean(first)):
            if (
                text
                and _NAME_SHAPE.match(text)
                and "author" not in text.casefold()
                and not _NOT_A_NAME.match(text)
            ):
                yield text


def _headline_at(lines: list[str], headlines: list[str]) -> int | None:
    """The line of the first headline (title, then the page's h1s) the page prints."""
    for headline in headlines:
        at = next((n for n, line in enumerate(lines) if headline in line), None)
        if at is not None:
            return at
    return None


_AUTHOR_LABELS = frozenset({"author", "authors", "author(s)", "written by", "writer", "by"})


def _labelled_names(tree: LexborHTMLParser) -> str | None:
    """The names under an "Author" heading (a fact box: "Author" / "Jane Roe")."""
    for node in tree.css("h2, h3, h4, h5, h6, dt, th")[:60]:
        label = (node.text(deep=True) or "").strip().rstrip(":").casefold()
        if label not in _AUTHOR_LABELS:
            continue
        after = node.next
        while after is not None and after.tag in ("-text", "-comment") and not after.text().strip():
            after = after.next
        if after is None:
            return None
        items = after.css("li") or [after]
        names = [n for n in (clean(i.text(deep=True, separator=" ")) for i in items[:8]) if n]
        if names and all(_printed_like(n) or _NAME_SHAPE.match(n) for n in names):
            return ", ".join(names)
        return None
    return None


def _handle_byline(lines: list[str]) -> str | None:
    """A writer known by a user name ("by jdoe"), on a "By" line of its own by the headline."""
    for n, line in enumerate(lines):
        words = line.split()
        if not words or words[0].casefold() != "by" or len(words) > 2:
            continue
        name = words[1] if len(words) == 2 else (lines[n + 1] if n + 1 < len(lines) else "")
        if name.isalnum() and name.islower() and len(name) > 2 and not _NOT_A_NAME.match(name):
            return name
    return None


def _printed_name(lines: list[str]) -> str | None:
    """The name on the first "By …" line; later ones are comments' and related items' more
    often than the writer's (taking the first acceptable one instead: +1 right, +1 invented)."""
    name = _clean_author(shown_byline(lines))
    if not name:
        return None
    # a "By …" line is prose as often as a byline: a printed name starts upper-case (bar the
    # "the" of a team credited by name: "by the Newsroom Team")
    first = name.removeprefix("the ")
    if name.endswith(".") and len(name.split()[-1]) > 4:
        return None  # "by Insurance Weekly Review.": a sentence's end, not a name's initial
    return name if first and not first[0].islower() and _name_like(name) else None


def _name_by_date(lines: list[str], at: int) -> str | None:
    """A name printed on its own line beside the date line by the headline.

    Bylines without a "By" print the name just before the date or the writer's role
    ("Jane Roe", "May 2, 2024"), or with a dot between them ("May 2, 2024 · Jane Roe"), or
    above the headline after the date; under the headline, a line just after a date with
    nothing between is a category as often as a name.
    """
    if at >= 2 and _dated(lines[at - 2]) and _printed_like(lines[at - 1]):
        return lines[at - 1]
    near = lines[at + 1 : at + 8]
    for n, line in enumerate(near):
        line = line.removesuffix(" in")  # "Jane Roe in" a section's link
        parts = _DOT.split(line)
        if len(parts) == 2:
            first_dated = _dated(parts[0])
            if first_dated or _dated(parts[1]):
                name = parts[1] if first_dated else parts[0]
                if _printed_like(name):
                    return name
        if not _printed_like(line):
            continue
        after = near[n + 1] if n + 1 < len(near) else ""
        if _dated(after) or (len(after) < 40 and _ROLE_WORD.search(after)):
            return line
        if n >= 2 and _DOT.fullmatch(" " + near[n - 1] + " ") and _dated(near[n - 2]):
            return line
    return None


def _dated(line: str) -> bool:
    return len(line) < 40 and bool(find_dates(line))


def _printed_like(line: str) -> bool:
    """Two to four capitalised words ("Nick van Mead"), as a name stands in a byline."""
    words = line.split()
    return (
        1 < len(words) < 5
        and line[0].isupper()
        and _name_like(line)
        and not any(ch.isdigit() for ch in line)
        and not _NOT_A_NAME.match(line)
    )


_JOINERS = {",": ", ", "&": " & ", "and": " and ", "und": " und ", "y": " y ", "et": " et "}


def _continued(author: str, lines: list[str]) -> str:
    """All the writers of a byline that prints each name in its own element ("A", ",", "B")."""
    at = next((n for n, line in enumerate(lines) if line == author), None)
    if at is None:
        return author
    names = author
    while at + 2 < len(lines) and lines[at + 1] in _JOINERS and lines[at + 2] != author:
        name = lines[at + 2]
        if not _printed_like(name) or _ROLE_WORD.search(name):
            break  # "Jane Roe", ",", "Senior Editor": a role, not a second writer
        names += _JOINERS[lines[at + 1]] + name
        at += 2
    return names


def read_author(
    tree: LexborHTMLParser,
    metas: dict[str, str],
    ld: LinkedData,
    publisher: str | None,
    lines: list[str],
    headlines: list[str],
    text: str,
) -> str | None:
    """The writer as the page credits them: the declared author settled against the bylines
    it prints, else the quieter ways pages print one (a name by the date, a login, a fact
    box), in the order that measured best on wcxb. `text` is `lines` joined by spaces, as
    the caller already has it."""
    at = _headline_at(lines, headlines)
    by_headline = lines[max(0, at - 6) : at + 15] if at is not None else []
    linked = _linked_authors(ld)
    author = _settle_author(
        _printed_name(by_headline),  # a "By …" line by the headline
        _choose_author(tree, metas, linked, publisher, lines, text),
        linked,
        lines,
    )
    if author:
        return _continued(author, lines)
    if at is None:
        return _labelled_names(tree)
    return _name_by_date(lines, at) or _handle_byline(by_headline) or _labelled_names(tree)
