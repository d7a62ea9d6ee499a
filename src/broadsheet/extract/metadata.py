"""Title, byline, dates, publisher, image, language and canonical URL of a page.

Sources in order of trust: schema.org JSON-LD, OpenGraph / article:* / Dublin Core meta
tags, then what the page shows (h1, byline elements, <time>). Each field takes the first
source that gives a usable value; nothing is invented (no date means None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from broadsheet.extract.dates import date_from_url, parse_date
from broadsheet.extract.jsonld import LinkedData, read_linked_data
from broadsheet.extract.pubdate import Declared, settle_published, shown_near_headline
from broadsheet.extract.visible import find_dates, shown_byline

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "citation_date",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
)
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
    'a[href*="/author/"]',
    '[class*="author-name"]',
    '[class*="author__name"]',
    '[class*="byline"] a',
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    "[rel=author]",
    ".byline .author",
    ".author-name",
    ".byline__name",
    ".byline",
    ".author",
)
_BY_PREFIX = re.compile(
    r"^\s*(?:by|von|par|por|di|door|av|af|автор|written by|posted by)[:\s]+", re.IGNORECASE
)
_SPACE = re.compile(r"\s+")
_EMAIL = re.compile(r"\s*\S+@\S+\.\w+")
# "Jane Roe Author": a role word after a full name (a two-word "Bo Writer" keeps it).
_ROLE_SUFFIX = re.compile(
    r"(?<=\S\s\S)(\S*)\s+(?:author|writer|editor|contributor)$", re.IGNORECASE
)
# Placeholders and template leftovers that author fields carry instead of a name.
_NOT_A_NAME = re.compile(
    r"^(?:undefined|null|none|unknown|admin|administrator|webmaster|authors?|recent posts|"
    r"learn more|read more|by|written by|posted by|categor(?:y|ies)|tags?|share|menu|home|"
    r"(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?|"
    r"[a-z]+\d[a-z\d]*|[a-z\d]+(?:-[a-z\d]+)+|"
    r"\w+(?:\.\w+){2,}|\d[\d\s]*)$",
    re.IGNORECASE,
)
# Two to four capitalised words: "Lisa Pham", "Julian K. Arni", "Bence Kovács".
_NAME_SHAPE = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*\.?\s){1,3}[A-ZÀ-Þ][\w'’-]+$")
# Lower-case words that belong inside a name: "Nick van Mead", "Maria da Silva".
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "dos", "bin",
     "and", "of", "the"}
)  # fmt: skip
# What follows a name after a comma without being a given name: "Doe, PhD", "Roe, Jr."
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,5}|Ph\.?D|Jr|Sr|I{2,3}|IV)\.?$")
_GLUED_PUNCT = re.compile(r"\s+([,;])")
_TITLE_SPLIT = re.compile(r"\s+[|\-–—·•:»]\s+")


@dataclass(slots=True)
class PageMetadata:
    """Everything about a page except its body."""

    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    publisher: str | None = None
    language: str | None = None
    image: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    linked_body: str | None = None  # JSON-LD articleBody, a cross-check for the body


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _SPACE.sub(" ", unescape(text)).strip()  # JSON-LD and meta often carry &amp; &#8211;
    return text or None


def _metas(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        key = key or attrs.get("http-equiv")
        content = attrs.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in metas:
            return metas[key]
    return None


def _labelled(metas: dict[str, str], label: str) -> str | None:
    """A value of Twitter's label/data card pairs (Yoast prints "Written by" there)."""
    for n in range(1, 5):
        if metas.get(f"twitter:label{n}", "").casefold() == label:
            return metas.get(f"twitter:data{n}")
    return None


def _node_text(node: LexborNode | None) -> str | None:
    return _clean(node.text(deep=True, separator=" ")) if node is not None else None


def _similar(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a == b or (len(a) > 10 and (a in b or b in a))


def _site_like(h1: str, site: str | None, declared: list[str], html_title: str | None) -> bool:
    """An h1 that names the site or section (a logo, "Blog") rather than this article."""
    if site and _similar(h1, site):
        return True
    for full in (*declared, html_title or ""):
        parts = _TITLE_SPLIT.split(full)
        if len(parts) > 1 and any(_similar(h1, p) for p in parts[1:]):
            return not _similar(h1, parts[0])
    longer = [d for d in declared if len(d.split()) > 3]
    return len(h1.split()) <= 2 and bool(longer) and not any(_similar(h1, d) for d in longer)


def _headline_only(title: str) -> str:
    """A headline without the " | tagline" SEO suffix some pages print in their h1."""
    head = title.split(" | ", 1)[0].strip()
    return head if len(head) > 15 else title


def _choose_title(
    tree: LexborHTMLParser, metas: dict[str, str], ld: LinkedData, site: str | None
) -> str | None:
    """The headline as the page shows it: an h1 agreeing with the meta title, else the meta."""
    declared = [
        c
        for c in (
            _clean(t) for t in (ld.headline, metas.get("og:title"), metas.get("twitter:title")) if t
        )
        if c
    ]
    html_title = _node_text(tree.css_first("title"))
    h1s = [t for t in (_node_text(n) for n in tree.css("h1")[:5]) if t and len(t) < 300]
    h1s = [h for h in h1s if not _site_like(h, site, declared, html_title)]
    framed = _node_text(tree.css_first("article h1, main h1, [role=main] h1"))
    if framed and framed in h1s and len(h1s) <= 2:
        return _headline_only(framed)  # the headline the reader sees, in the article's frame
    for h1 in h1s:
        if any(_similar(h1, d) for d in declared) or (html_title and _similar(h1, html_title)):
            return _headline_only(h1)
    for title in declared:
        # schema.org headlines are cut at 110 characters; a longer declared title says it whole
        whole = [d for d in declared if len(d) > len(title) and d.startswith(title)]
        return _strip_site(whole[0] if whole else title, site)
    if len(h1s) == 1:
        return _headline_only(h1s[0])
    return _strip_site(html_title, site) if html_title else None


def _strip_site(title: str, site: str | None) -> str:
    parts = _TITLE_SPLIT.split(title)
    if len(parts) < 2:
        return title
    if site:
        kept = [p for p in parts if not _similar(p, site)]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    return max(parts, key=len) if len(max(parts, key=len)) > 15 else title


def _clean_author(text: str | None) -> str | None:
    """A writer's name as printed, without "By", a trailing date, e-mail or bare role word."""
    text = _clean(text)
    if not text or text.startswith(("http://", "https://", "@")) or len(text) > 120:
        return None
    text = _BY_PREFIX.sub("", text)
    dates = find_dates(text)
    if dates:
        text = text[: dates[0][0]]
    text = _EMAIL.sub("", text) if _EMAIL.sub("", text).strip() else text
    text = _ROLE_SUFFIX.sub(r"\1", text).strip(" ,|-–—")
    if not text or _NOT_A_NAME.match(text) or not any(ch.isalpha() for ch in text):
        return None
    return text


def _choose_author(
    tree: LexborHTMLParser,
    metas: dict[str, str],
    ld: LinkedData,
    publisher: str | None,
    lines: list[str],
) -> str | None:
    """The declared writer; where that is the publisher itself, a person the page shows wins.

    Company blogs declare the company as author and often print the writer's name in a byline
    element or a "Written by" line; with no such name the company is the author the page gives
    (wcxb agrees: on its pages crediting the publisher is right more often than wrong;
    requiring the page to print that credit too changed nothing, +4 -4). With nothing
    declared, a "Written by …" line anywhere (often under the body) names the writer.
    """
    author = _declared_author(tree, metas, ld) or _byline_author(tree)
    if not author:
        return _printed_name(lines)  # a "Written by …" line under the body
    if publisher and author.casefold() == publisher.casefold():
        return _byline_author(tree, publisher) or _printed_name(lines) or author
    return author


def _linked_authors(ld: LinkedData) -> list[str]:
    return list(dict.fromkeys(n for n in (_clean_author(a) for a in ld.authors) if n))


def _declared_author(tree: LexborHTMLParser, metas: dict[str, str], ld: LinkedData) -> str | None:
    names = _linked_authors(ld) or _citation_authors(tree)
    if names:
        return ", ".join(names)
    return _clean_author(_first(metas, _AUTHOR_META) or _labelled(metas, "written by"))


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


def _byline_author(tree: LexborHTMLParser, unlike: str | None = None) -> str | None:
    for selector in _BYLINE_SELECTORS:
        node = tree.css_first(selector)
        author = _clean_author(_node_text(node))
        if (
            author
            and node is not None
            and not _in_comments(node)
            and len(author.split()) <= 8
            and _name_like(author)
            and not _names_publisher(author, unlike)
        ):
            return author
    return _author_element(tree, unlike)


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


def _names_publisher(name: str, publisher: str | None) -> bool:
    return publisher is not None and publisher.casefold() in name.casefold()


def _author_element(tree: LexborHTMLParser, unlike: str | None) -> str | None:
    """A name in any element whose class speaks of the author (authorName, post-hero__author).

    Templates name their byline classes in every casing; only a name-shaped text counts, so
    an "About the author" heading or a whole bio paragraph is passed over.
    """
    for node in tree.css('[class*="author" i]')[:12]:
        if _in_comments(node):
            continue
        text = _clean(node.text(deep=True, separator=" "))
        if (
            text
            and _NAME_SHAPE.match(text)
            and not _names_publisher(text, unlike)
            and not _NOT_A_NAME.match(text)
        ):
            return _clean_author(text)
    return None


def _declared_dates(
    tree: LexborHTMLParser, metas: dict[str, str], ld: LinkedData, url: str | None
) -> Declared:
    time = None
    for node in tree.css("time[datetime]")[:3]:
        attrs = node.attributes
        if "itemprop" in attrs and attrs["itemprop"] != "datePublished":
            continue
        time = parse_date(attrs.get("datetime"))
        if time:
            break
    return Declared(
        meta=parse_date(_first(metas, _PUBLISHED_META)),
        linked=parse_date(ld.published),
        time=time,
        url=date_from_url(url),
    )


def _language(tree: LexborHTMLParser, metas: dict[str, str], ld: LinkedData) -> str | None:
    html = tree.css_first("html")
    lang = html.attributes.get("lang") if html is not None else None
    lang = lang or metas.get("content-language") or metas.get("og:locale") or ld.language
    if not lang:
        return None
    code = lang.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _canonical(tree: LexborHTMLParser, metas: dict[str, str], url: str | None) -> str | None:
    node = tree.css_first('link[rel="canonical"]')
    href = node.attributes.get("href") if node is not None else None
    href = href or metas.get("og:url")
    if not href:
        return None
    absolute = urljoin(url, href.strip()) if url else href.strip()
    return absolute if absolute.startswith(("http://", "https://")) else None


# Never shown to a reader: their text is not the page's visible text.
_UNSEEN_TAGS = ["script", "style", "noscript", "template", "svg", "nav", "footer", "aside"]


def visible_lines(tree: LexborHTMLParser) -> list[str]:
    """The body's text as a reader sees it, line by line (the tree itself is left unchanged)."""
    if tree.body is None:
        return []
    copy = tree.clone()
    copy.strip_tags(_UNSEEN_TAGS)
    body = copy.body
    text = body.text(separator="\n") if body is not None else ""
    # str.split() collapses whitespace as the regex did, at a third of its cost on 1,000 lines
    return [" ".join(words) for words in map(str.split, text.split("\n")) if words]


def _shown_author(lines: list[str], headlines: list[str]) -> str | None:
    """The name on a "By …" line printed around the headline (or the page's h1)."""
    for headline in headlines:
        at = next((n for n, line in enumerate(lines) if headline in line), None)
        if at is not None:
            return _printed_name(lines[max(0, at - 6) : at + 15])
    return None


def _printed_name(lines: list[str]) -> str | None:
    """The name on the first "By …" line; later ones are comments' and related items' more
    often than the writer's (taking the first acceptable one instead: +1 right, +1 invented)."""
    name = _clean_author(shown_byline(lines))
    # a "By …" line is prose as often as a byline: a printed name starts upper-case
    return name if name and not name[0].islower() and _name_like(name) else None


def read_metadata(tree: LexborHTMLParser, url: str | None) -> PageMetadata:
    """Everything but the body, from a parsed page."""
    metas = _metas(tree)
    ld = read_linked_data(
        [n.text(deep=True) for n in tree.css('script[type="application/ld+json"]')]
    )
    publisher = _clean(metas.get("og:site_name") or ld.publisher or ld.site_name)
    publisher = publisher or _clean(metas.get("application-name"))
    image = ld.image or metas.get("og:image") or metas.get("twitter:image")
    if image and url:
        image = urljoin(url, image)
    title = _choose_title(tree, metas, ld, publisher)
    canonical = _canonical(tree, metas, url)
    lines = visible_lines(tree)
    text = " ".join(lines)
    headlines = [t for t in (title, *(_node_text(n) for n in tree.css("h1")[:3])) if t]
    published = settle_published(
        _declared_dates(tree, metas, ld, url or canonical),
        shown_near_headline(text, headlines),
        text,
    )
    return PageMetadata(
        title=title,
        author=_settle_author(
            _shown_author(lines, headlines),
            _choose_author(tree, metas, ld, publisher, lines),
            _linked_authors(ld),
            lines,
        ),
        published=published,
        updated=parse_date(ld.modified) or parse_date(_first(metas, _MODIFIED_META)),
        publisher=publisher,
        language=_language(tree, metas, ld),
        image=image if image and image.startswith(("http://", "https://")) else None,
        canonical_url=canonical,
        description=_clean(
            ld.description or metas.get("og:description") or metas.get("description")
        ),
        linked_body=ld.body,
    )
