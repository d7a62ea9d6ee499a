"""The headline: which of a page's h1s, declared titles and <title> names the article.

Pages wrap their headline in site names, section labels, SEO suffixes and drop caps; the rules
that see through them serve the title alone, so they live apart from the rest of the page's
metadata (`metadata.read_metadata` asks `choose_title` for the headline).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from broadsheet.extract.fields import clean, leading_date, node_text
from broadsheet.extract.jsonld import LinkedData

# A site named by its host name, as title suffixes often do.
_HOST = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s+[|\-–—·•:»]\s+")


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
    opening = leading_date(title, 20)
    if opening is not None:
        _, _, rest = title.partition(str(opening.year))
        title = rest.strip(" ,:|-–—") if len(rest) > 15 else title
    head = title.split(" | ", 1)[0].strip()
    return head if len(head) > 15 else title


def _shown_headline(h1: str, written: list[str]) -> str:
    """An h1 chosen as the headline, read as the page means it: without what its element
    prints around the headline, in the declared spelling where styling garbled it."""
    return _respaced(_headline_only(h1), written)


def choose_title(
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
            clean(t) for t in (ld.headline, metas.get("og:title"), metas.get("twitter:title")) if t
        )
        if c
    ]
    html_title = node_text(tree.css_first("title"))
    if site and any(site.casefold() == t.casefold() for t in (*declared, html_title or "")):
        site = None  # a template that fills the site's name with the page's title
    written = [*declared, html_title or ""]
    h1s = [t for t in (node_text(n) for n in tree.css("h1")[:5]) if t and len(t) < 300]
    h1s = [_unbranded(h, site) for h in h1s]
    h1s = [h for h in h1s if not _site_like(h, site, declared, html_title)]
    framed = node_text(tree.css_first("article h1, main h1, [role=main] h1"))
    agreed = [
        h1
        for h1 in h1s
        if any(_similar(h1, d) for d in declared)
        or (html_title and _similar(h1, html_title) and not _names_blog(h1, html_title, declared))
    ]
    if framed and framed in h1s and len(h1s) <= 2 and (not agreed or framed in agreed):
        return _shown_headline(framed, written)  # the headline in the article's frame
    if agreed:
        return _shown_headline(agreed[0], written)
    headlike = [h for h in h1s if _reads_as_headline(h, lines)]
    if len(headlike) == 1:
        return _shown_headline(headlike[0], written)
    for title in declared:
        # schema.org headlines are cut at 110 characters; a longer declared title says it whole
        whole = [d for d in declared if len(d) > len(title) and d.startswith(title)]
        return _strip_site(whole[0] if whole else title, site)
    if len(h1s) == 1 and (site or not _blog_name(h1s[0], html_title)):
        return _shown_headline(h1s[0], written)
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
