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
    'a[href*="/author/"], a[href*="/authors/"]',
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
# A site named by its host name, as title suffixes often do.
_HOST = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
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


# Other names publishers give their publication day: "og:publish_date", "published-date",
# "date-pub" (the tags above come first; "…_time" and "…_at" names were as often wrong).
_PUBLISHED_KEY = re.compile(r"(?:^|[:._-])publish(?:ed)?(?:[_-]?date)?$|^date[-_]pub$")


def _published_like(metas: dict[str, str]) -> str | None:
    return next((v for k, v in metas.items() if _PUBLISHED_KEY.search(k)), None)


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
    """An h1 that names the site or section (a logo, "Blog") rather than this article.

    An h1 much longer than the site's name merely mentions it ("The 2024 SELF Awards: …").
    """
    if site and _similar(h1, site) and len(h1) < 2 * len(site) + 10:
        return True
    for full in (*declared, html_title or ""):
        parts = _TITLE_SPLIT.split(full)
        if len(parts) > 1 and any(_similar(h1, p) for p in parts[1:]):
            return not _similar(h1, parts[0])
    longer = [d for d in declared if len(d.split()) > 3]
    return len(h1.split()) <= 2 and bool(longer) and not any(_similar(h1, d) for d in longer)


def _unbranded(h1: str, site: str | None) -> str:
    """An h1 without the site's name that some templates print after the headline."""
    parts = _TITLE_SPLIT.split(h1)
    if not site or len(parts) < 2:
        return h1
    kept = [p for p in parts if not _similar(p, site)]
    return kept[0] if len(kept) == 1 else h1


def _respaced(h1: str, written: list[str]) -> str:
    """The declared spelling of an h1 that styling split inside a word ("C ycle", a drop cap),
    that a wrong character set garbled ("Beginner? Guide" for "Beginner's Guide"), or that
    a section label leads."""
    kicker, _, rest = h1.partition(": ")
    if rest and " " not in kicker and any(w == rest or w.startswith(rest + " ") for w in written):
        return rest  # "Blog: Headline", where the page's own title is the headline alone
    squeezed = h1.replace(" ", "")
    for w in written:
        if len(w) < len(h1) and w.replace(" ", "") == squeezed:
            return w
    if 0 < h1.rstrip("?").count("?") + h1.count("\ufffd") <= 4:  # (more: not Latin text)
        garbled = re.compile(re.sub(r"\\\?|\ufffd", ".{1,3}?", re.escape(h1)))
        return next((w for w in written if w != h1 and garbled.fullmatch(w)), h1)
    return h1


def _headline_only(title: str) -> str:
    """A headline without the " | tagline" SEO suffix some pages print in their h1, or the
    date some print before it in the same element."""
    dates = find_dates(title[:20])
    if dates and dates[0][0] == 0:
        _, _, rest = title.partition(str(dates[0][1].year))
        title = rest.strip(" ,:|-–—") if len(rest) > 15 else title
    head = title.split(" | ", 1)[0].strip()
    return head if len(head) > 15 else title


def _choose_title(
    tree: LexborHTMLParser,
    metas: dict[str, str],
    ld: LinkedData,
    site: str | None,
    lines: list[str],
) -> str | None:
    """The headline as the page shows it: an h1 agreeing with the meta title, else the meta.

    A lone h1 the reader sees that reads as a headline (six words or more) wins over a
    declared title that words it differently: that one is written for search results, and
    wcxb's titles follow the page (+22 -6 over its pages). Among several h1s, the one the
    declared title names beats the one in the article's frame (a section label, "Blog"), and
    one that alone reads as a headline beats the rest (a newsletter box, a template's
    placeholders).
    """
    declared = [
        c
        for c in (
            _clean(t) for t in (ld.headline, metas.get("og:title"), metas.get("twitter:title")) if t
        )
        if c
    ]
    html_title = _node_text(tree.css_first("title"))
    if site and any(site.casefold() == t.casefold() for t in (*declared, html_title or "")):
        site = None  # a template that fills the site's name with the page's title
    written = [*declared, html_title or ""]
    h1s = [t for t in (_node_text(n) for n in tree.css("h1")[:5]) if t and len(t) < 300]
    h1s = [_unbranded(h, site) for h in h1s]
    h1s = [h for h in h1s if not _site_like(h, site, declared, html_title)]
    framed = _node_text(tree.css_first("article h1, main h1, [role=main] h1"))
    agreed = [
        h1
        for h1 in h1s
        if any(_similar(h1, d) for d in declared)
        or (html_title and _similar(h1, html_title) and not _names_blog(h1, html_title, declared))
    ]
    if framed and framed in h1s and len(h1s) <= 2 and (not agreed or framed in agreed):
        return _respaced(_headline_only(framed), written)  # the headline in the article's frame
    if agreed:
        return _respaced(_headline_only(agreed[0]), written)
    headlike = [h for h in h1s if _reads_as_headline(h, lines)]
    if len(headlike) == 1:
        return _respaced(_headline_only(headlike[0]), written)
    for title in declared:
        # schema.org headlines are cut at 110 characters; a longer declared title says it whole
        whole = [d for d in declared if len(d) > len(title) and d.startswith(title)]
        return _strip_site(whole[0] if whole else title, site)
    if len(h1s) == 1 and (site or not _blog_name(h1s[0], html_title)):
        return _respaced(_headline_only(h1s[0]), written)
    return _strip_site(html_title, site) if html_title else None


def _names_blog(h1: str, html_title: str, declared: list[str]) -> bool:
    """An h1 that the <title> prints before a colon and the declared title: "Blog: Post"."""
    head, _, rest = html_title.partition(": ")
    return head == h1 and any(_similar(rest, d) for d in declared)


def _blog_name(h1: str, html_title: str | None) -> bool:
    """A short lone h1 that the page's <title> leaves out: a blog's or site's name on a page
    that declares neither title nor site, whose <title> then names the article."""
    return (
        bool(html_title) and len(h1.split()) < 6 and h1.casefold() not in str(html_title).casefold()
    )


def _reads_as_headline(h1: str, lines: list[str]) -> bool:
    """A shown h1 long enough to be a headline rather than a label ("Pricing", "Contact Us")."""
    words = h1.split()
    return 6 <= len(words) <= 25 and not h1.isupper() and any(h1 in line for line in lines)


def _strip_site(title: str, site: str | None) -> str:
    parts = _TITLE_SPLIT.split(title)
    if len(parts) < 2:
        return title
    named = [p for p in parts if not _HOST.match(p)]  # "Game Changer | Example.com"
    if len(named) == 1:
        return named[0]
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
    text = _ROLE_SUFFIX.sub(r"\1", text)
    text = _PAPER_SUFFIX.sub("", text).strip(" ,|-–—")
    if not text or _NOT_A_NAME.match(text) or not any(ch.isalpha() for ch in text):
        return None
    return None if _INSTITUTION.search(text) else text


def _choose_author(
    tree: LexborHTMLParser,
    metas: dict[str, str],
    ld: LinkedData,
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
    author = _declared_author(tree, metas, ld) or _byline_author(tree)
    if not author:
        return _printed_name(lines)  # a "Written by …" line under the body
    if _names_publisher(author, publisher) or _names_publisher(publisher, author):
        return _byline_author(tree, publisher) or _printed_name(lines) or author
    if " " not in author and author.islower():  # a CMS login ("jdoe"), not a printed name
        shown = _byline_author(tree, author) or _printed_name(lines)
        return shown if shown and " " in shown else author
    at = text.find(author)
    if at < 0 and author.casefold() not in text.casefold():
        shown = _printed_name(lines)  # the page credits someone else than its markup
        return shown if shown and " " in shown else author
    bylined = (f"{author},", f"{author} ,")
    if at >= 0 and text.startswith(bylined, at):
        printed = _byline_author(tree)  # "Jane Roe, Science Editor" as the byline prints it
        if printed and _GLUED_PUNCT.sub(r"\1", printed).startswith(author + ","):
            return printed
    return author


def _linked_authors(ld: LinkedData) -> list[str]:
    names = list(dict.fromkeys(n for n in (_clean_author(a) for a in ld.authors) if n))
    short = [n for n in names if len(n.split()) <= 5]
    return short if len(short) < len(names) and short else names  # "… Network on Facebook"


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
            return _name_above_role(node, author)
    return _author_element(tree, unlike)


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


def _author_element(tree: LexborHTMLParser, unlike: str | None) -> str | None:
    """A name in any element whose class speaks of the author (authorName, post-hero__author).

    Templates name their byline classes in every casing; only a name-shaped text counts, so
    an "About the author" heading or a whole bio paragraph is passed over.
    """
    for node in tree.css('[class*="author" i]')[:12]:
        if _in_comments(node):
            continue
        whole = node.text(deep=True, separator="\n")
        first = next((line for line in whole.split("\n") if line.strip()), "")
        for text in (_clean(whole), _clean_author(whole), _clean(first)):
            if (
                text
                and _NAME_SHAPE.match(text)
                and "author" not in text.casefold()
                and not _names_publisher(text, unlike)
                and not _NOT_A_NAME.match(text)
            ):
                return _clean_author(text)
    return None


def _meta_date(value: str | None) -> datetime | None:
    """A meta tag's date, machine-readable or as a reader writes it ("July 17, 2025")."""
    parsed = parse_date(value)
    if parsed is None and value:
        written = find_dates(value[:40])
        return written[0][1] if written and written[0][0] == 0 else None
    return parsed


# "/2023/october/03/": a dated path that spells the month out.
_WORDED_URL_DATE = re.compile(r"/((?:19|20)\d{2})/([a-z]{3,9})/(\d{1,2})/", re.IGNORECASE)


def _worded_url_date(url: str | None) -> datetime | None:
    match = _WORDED_URL_DATE.search(url or "")
    if match is None:
        return None
    written = find_dates(f"{match[2]} {match[3]}, {match[1]}")
    return written[0][1] if written else None


# A <time> that prints only a month and year ("April 2025", "Mar. 2024").
_MONTH_ONLY = re.compile(r"[^\W\d]{3,}\.?,?\s+(?:19|20)\d\d")


def _declared_dates(
    tree: LexborHTMLParser, metas: dict[str, str], ld: LinkedData, url: str | None
) -> Declared:
    time = None
    for node in tree.css("time[datetime]")[:3]:
        attrs = node.attributes
        if "itemprop" in attrs and attrs["itemprop"] != "datePublished":
            continue
        time = parse_date(attrs.get("datetime"))
        if time and _MONTH_ONLY.fullmatch((node.text(deep=True) or "").strip()):
            time = None  # "April 2025": the day in its datetime is a placeholder
            continue
        if time:
            break
    return Declared(
        meta=_meta_date(_first(metas, _PUBLISHED_META) or _published_like(metas)),
        linked=parse_date(ld.published),
        time=time,
        url=date_from_url(url) or _worded_url_date(url),
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
_UNSEEN_BUT_FOOTERS = [tag for tag in _UNSEEN_TAGS if tag != "footer"]


def visible_lines(tree: LexborHTMLParser, article_footers: bool = False) -> list[str]:
    """The body's text as a reader sees it, line by line (the tree itself is left unchanged);
    with `article_footers`, the footer of an <article> (its byline, its date) is kept."""
    if tree.body is None:
        return []
    copy = tree.clone()
    framed = {n.mem_id for n in copy.css("article footer")} if article_footers else set()
    if framed:  # an article's own footer holds its byline and date: only the page's goes
        for node in copy.css("footer"):
            if node.mem_id not in framed:
                node.decompose()
    copy.strip_tags(_UNSEEN_BUT_FOOTERS if framed else _UNSEEN_TAGS)
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
        names = [n for n in (_clean(i.text(deep=True, separator=" ")) for i in items[:8]) if n]
        if names and all(_printed_like(n) or _NAME_SHAPE.match(n) for n in names):
            return ", ".join(names)
        return None
    return None


def _handle_byline(lines: list[str], headlines: list[str]) -> str | None:
    """A writer known by a user name ("by jdoe"), on a "By" line of its own by the headline."""
    at = next((n for h in headlines for n, line in enumerate(lines) if h in line), None)
    if at is None:
        return None
    lines = lines[max(0, at - 6) : at + 15]
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


def _name_by_date(lines: list[str], headlines: list[str]) -> str | None:
    """A name printed on its own line beside the date line by the headline.

    Bylines without a "By" print the name just before the date or the writer's role
    ("Jane Roe", "May 2, 2024"), or with a dot between them ("May 2, 2024 · Jane Roe"), or
    above the headline after the date; under the headline, a line just after a date with
    nothing between is a category as often as a name.
    """
    for headline in headlines:
        at = next((n for n, line in enumerate(lines) if headline in line), None)
        if at is None:
            continue
        if at >= 2 and _dated(lines[at - 2]) and _printed_like(lines[at - 1]):
            return lines[at - 1]
        near = lines[at + 1 : at + 8]
        for n, line in enumerate(near):
            line = line.removesuffix(" in")  # "Jane Roe in" a section's link
            parts = _DOT.split(line)
            if len(parts) == 2 and any(_dated(p) for p in parts):
                name = parts[1] if _dated(parts[0]) else parts[0]
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
    lines = visible_lines(tree)
    title = _choose_title(tree, metas, ld, publisher, lines)
    canonical = _canonical(tree, metas, url)
    text = " ".join(lines)
    headlines = [t for t in (title, *(_node_text(n) for n in tree.css("h1")[:3])) if t]
    declared = _declared_dates(tree, metas, ld, url or canonical or metas.get("og:url"))
    published = settle_published(declared, shown_near_headline(text, headlines), text)
    if published is None and tree.css_first("article footer") is not None:
        framed = " ".join(visible_lines(tree, article_footers=True))  # its byline's date
        published = settle_published(declared, shown_near_headline(framed, headlines), framed)
    author = _settle_author(
        _shown_author(lines, headlines),
        _choose_author(tree, metas, ld, publisher, lines, text),
        _linked_authors(ld),
        lines,
    )
    if author:
        author = _continued(author, lines)
    else:  # no byline in the usual places: the quieter ways pages print one
        author = (
            _name_by_date(lines, headlines)
            or _handle_byline(lines, headlines)
            or _labelled_names(tree)
        )
    return PageMetadata(
        title=title,
        author=author,
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
