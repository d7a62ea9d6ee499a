"""Broadsheet's own main-content finder on the lexbor tree: the fast path for most pages.

Readability's idea, kept small: every paragraph-like node scores its parent and grandparent
by how much prose it holds (length, commas); containers are weighted by their class/id words
and punished by their link density; the best container and the siblings that look like it
are the article. Its blocks (paragraphs, headings, list items, quotes, captions, tables) are
then read in order, and link-heavy blocks (related lists, tag clouds) are dropped. It runs
on the tree that `prune` already cleared, in a few milliseconds, and says how sure it is so
the caller can ask trafilatura for a second opinion on the hard pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from selectolax.lexbor import LexborHTMLParser, LexborNode

from broadsheet.extract.engine_trafilatura import Body

_PARAGRAPHS = "p, pre, td, blockquote, dd, li, h2, h3, div, section, article, span, font, center"
_LEAF_BLOCKS = frozenset({"p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "dd"})
_LISTS = frozenset({"ul", "ol", "dl"})
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i",
        "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
        "u", "var", "wbr", "-text", "label", "big", "tt", "strike", "nobr",
    }
)  # fmt: skip
_SKIP = frozenset({"img", "picture", "video", "audio", "source", "map", "form", "hr", "head"})
_BLOCKISH = (
    "p, div, section, article, ul, ol, dl, table, blockquote, pre, h1, h2, h3, h4, h5, h6, "
    "figure, header, main, li"
)
_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|rich",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"hidden|banner|combx|comment|com-|contact|foot|footer|footnote|masthead|media|meta|"
    r"outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|"
    r"tool|widget|byline|author|dateline|teaser|recommend|nav|menu|newsletter|caption|gallery",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_COMMAS = re.compile(r"[,，、。;；]")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = (".", "!", "?", "。", '"', "”", "»")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(slots=True)
class Block:
    """One block of the article: its tag (p, h2, li, …), plain text and display HTML."""

    tag: str
    text: str
    html: str
    link_chars: int = 0
    in_text: bool = True  # captions and credits show beside the article, not in its text


@dataclass(slots=True)
class NativeBody:
    """The article's blocks, and how sure the finder is (share of page prose it kept)."""

    blocks: list[Block] = field(default_factory=list)
    coverage: float = 0.0

    def as_body(self) -> Body:
        return Body(
            [b.text for b in self.blocks if b.in_text], "".join(b.html for b in self.blocks)
        )


def _weight(text: str) -> int:
    """Characters of prose, CJK counted three times (a CJK character carries a word)."""
    return len(text) + 2 * len(_CJK.findall(text)) if text else 0


def _class_weight(node: LexborNode) -> int:
    attrs = node.attributes
    weight = _name_weight(attrs.get("class"), attrs.get("id"))
    if attrs.get("itemprop") == "articleBody":
        weight += 50
    return weight


@lru_cache(maxsize=16384)
def _name_weight(class_name: str | None, id_name: str | None) -> int:
    """The class/id words' vote; cached, as templates repeat the same names on every page."""
    weight = 0
    for value in (class_name, id_name):
        if not value:
            continue
        if _NEGATIVE.search(value):
            weight -= 25
        if _POSITIVE.search(value):
            weight += 25
    return weight


class _Tally:
    """Link text and real prose under every node, counted once per page.

    Each link's (and each real paragraph's) size is added to all its ancestors in one pass,
    so asking for a node's total is a dictionary lookup, not a walk of its subtree: the
    finder asks for hundreds of nodes, most of them nested in one another.
    """

    def __init__(self, body: LexborNode) -> None:
        self.links: dict[int, int] = {}
        for link in body.css("a"):
            _add_up(self.links, link, len(link.text(deep=True)))
        self.prose: dict[int, int] = {}
        for para in body.css("p"):
            text = para.text(deep=True)
            size = _weight(text.strip())
            if size > 80 and self.link_chars(para) < 0.3 * len(text):
                _add_up(self.prose, para, size)

    def link_chars(self, node: LexborNode) -> int:
        return self.links.get(node.mem_id, 0)

    def prose_of(self, node: LexborNode) -> int:
        """Weight of the real paragraphs under `node`: long enough, and not mostly links."""
        return self.prose.get(node.mem_id, 0)


def _add_up(totals: dict[int, int], node: LexborNode, size: int) -> None:
    current: LexborNode | None = node
    while current is not None:
        key = current.mem_id
        totals[key] = totals.get(key, 0) + size
        current = current.parent


def _direct_text(node: LexborNode) -> str:
    """Text of the node outside any block child: the prose of a `<div>text<br>text</div>`."""
    parts: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag in _INLINE or child.tag == "br":
            parts.append(child.text(deep=True))
    return _SPACE.sub(" ", "".join(parts)).strip()


def _score_candidates(body: LexborNode) -> dict[int, tuple[LexborNode, float]]:
    scores: dict[int, tuple[LexborNode, float]] = {}
    for node in body.css(_PARAGRAPHS):
        tag = node.tag
        text = node.text(deep=True) if tag in ("p", "pre", "blockquote") else _direct_text(node)
        text = text.strip()
        size = _weight(text)
        if size < 25:
            continue
        points = 1 + len(_COMMAS.findall(text)) + min(size // 100, 3)
        parent = node.parent
        level = 0
        while parent is not None and level < 3 and parent.tag not in ("html", "#document"):
            divider = 1 if level == 0 else 2 if level == 1 else level * 3
            key = parent.mem_id
            known = scores.get(key)
            base = known[1] if known else _initial(parent)
            scores[key] = (parent, base + points / divider)
            parent = parent.parent
            level += 1
    return scores


def _initial(node: LexborNode) -> float:
    tag = node.tag
    base = (
        5 if tag in ("div", "article", "main") else 3 if tag in ("pre", "td", "blockquote") else 0
    )
    base = -3 if tag in ("ol", "ul", "dl", "dd", "dt", "li", "form") else base
    base = -5 if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "th") else base
    return base + _class_weight(node)


def _best(
    scores: dict[int, tuple[LexborNode, float]], tally: _Tally
) -> tuple[LexborNode, float] | None:
    best: tuple[LexborNode, float] | None = None
    ranked: list[tuple[float, LexborNode]] = []
    for node, score in scores.values():
        text_len = len(node.text(deep=True)) or 1
        final = score * (1 - min(tally.link_chars(node) / text_len, 1.0))
        ranked.append((final, node))
        if best is None or final > best[1]:
            best = (node, final)
    if best is None:
        return None
    top, top_score = best
    # Several strong candidates under one ancestor: the article is split, take the ancestor.
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    strong = [n for s, n in ranked[1:5] if s >= 0.75 * top_score]
    if len(strong) >= 2:
        ancestor = top.parent
        while ancestor is not None and ancestor.tag not in ("body", "html"):
            if sum(1 for n in strong if _is_inside(n, ancestor)) >= 2:
                return ancestor, top_score
            ancestor = ancestor.parent
    return best


def _is_inside(node: LexborNode, ancestor: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id == ancestor.mem_id:
            return True
        parent = parent.parent
    return False


def _siblings(
    top: LexborNode, top_score: float, scores: dict[int, tuple[LexborNode, float]], tally: _Tally
) -> list[LexborNode]:
    """The best container and the siblings that read like it (a split article body)."""
    parent = top.parent
    if parent is None or parent.tag in ("html", "#document"):
        return [top]
    threshold = max(10.0, top_score * 0.2)
    kept: list[LexborNode] = []
    passed = False
    for sibling in parent.iter():
        if sibling.mem_id == top.mem_id:
            kept.append(sibling)
            passed = True
            continue
        known = scores.get(sibling.mem_id)
        if known and known[1] >= threshold:
            kept.append(sibling)
        elif sibling.tag == "p":
            text = sibling.text(deep=True).strip()
            size = _weight(text)
            density = tally.link_chars(sibling) / (len(text) or 1)
            if (size > 80 and density < 0.25) or (
                size > 0 and density == 0 and text[-1:] in ".!?。"
            ):
                kept.append(sibling)
        elif not passed and sibling.tag == "div" and not _holds(sibling, _BLOCKISH):
            # A lede or standfirst written as a `<div>` of bare text just before the body (after
            # it, such text is a promo or a disclaimer).
            text = sibling.text(deep=True).strip()
            density = tally.link_chars(sibling) / (len(text) or 1)
            if _weight(text) > 80 and density < 0.25 and text[-1:] in _SENTENCE_END:
                kept.append(sibling)
    return kept


def _holds(node: LexborNode, selector: str) -> bool:
    """Whether a descendant (lexbor's css() also matches the node itself) fits `selector`."""
    return any(found.mem_id != node.mem_id for found in node.css(selector))


class _Reader:
    """Reads a container's blocks in document order."""

    def __init__(self, tally: _Tally) -> None:
        self.tally = tally
        self.blocks: list[Block] = []
        self._inline: list[str] = []
        self._inline_links = 0

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._inline)).strip()
        if text:
            self.blocks.append(Block("div", text, f"<p>{escape(text)}</p>", self._inline_links))
        self._inline, self._inline_links = [], 0

    def _leaf(self, node: LexborNode, tag: str) -> None:
        text = _SPACE.sub(" ", node.text(deep=True, separator="")).strip()
        if not text:
            return
        out = tag if tag in ("p", "pre", "h2", "h3", "h4", "figcaption") else "p"
        out = "h2" if tag == "h1" else "h4" if tag in ("h5", "h6") else out
        inner = node.inner_html if isinstance(node.inner_html, str) else escape(text)
        block = Block(out, text, f"<{out}>{inner}</{out}>", self.tally.link_chars(node))
        block.in_text = out != "figcaption"
        self.blocks.append(block)

    def read(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self._inline.append(child.text_content or "")
            elif tag == "br":
                self._flush()
            elif tag in _INLINE:
                if child.css_first(_BLOCKISH) is not None:
                    self._flush()
                    self.read(child)
                else:
                    self._inline.append(child.text(deep=True))
                    if tag == "a":
                        self._inline_links += len(child.text(deep=True))
                    else:
                        self._inline_links += self.tally.link_chars(child)
            elif not tag or tag in _SKIP or tag.startswith(("#", "_")):
                continue
            elif tag in _LEAF_BLOCKS:
                self._flush()
                if tag == "p" and _holds(child, "p, div, ul, ol, table, blockquote"):
                    self.read(child)
                    self._flush()
                else:
                    self._leaf(child, tag)
            elif tag == "blockquote":
                self._flush()
                self._quote(child)
            elif tag == "figure":
                self._flush()
                self._figure(child)
            elif tag in _LISTS:
                self._flush()
                self._list(child)
            elif tag == "table":
                self._flush()
                self._table(child)
            else:
                self._flush()
                self.read(child)
                self._flush()
        self._flush()

    def _quote(self, node: LexborNode) -> None:
        inner = _Reader(self.tally)
        inner.read(node)
        if inner.blocks:
            inner.blocks[0].html = "<blockquote>" + inner.blocks[0].html
            inner.blocks[-1].html += "</blockquote>"
            self.blocks.extend(inner.blocks)

    def _figure(self, node: LexborNode) -> None:
        if _holds(node, "table, pre"):
            self.read(node)  # a table or code block wrapped in `<figure>`: content, not an image
            return
        inner = _Reader(self.tally)
        inner.read(node)
        if not inner.blocks:
            return
        for block in inner.blocks:
            block.in_text = False
            block.html = block.html.replace("<p>", "<figcaption>").replace("</p>", "</figcaption>")
        inner.blocks[0].html = "<figure>" + inner.blocks[0].html
        inner.blocks[-1].html += "</figure>"
        self.blocks.extend(inner.blocks)

    def _list(self, node: LexborNode) -> None:
        items: list[Block] = []
        for item in node.iter():
            if item.tag in _LISTS:  # `<ul><li>…</li><ul>…</ul></ul>`: a sub-list, written loosely
                self._flush_items(items)
                items = []
                self._list(item)
                continue
            if item.tag not in ("li", "dt", "dd"):
                continue
            if item.css_first("p, div, ul, ol, table"):
                self._flush_items(items)
                items = []
                self.read(item)
                continue
            text = _SPACE.sub(" ", item.text(deep=True, separator="")).strip()
            if text:
                inner = item.inner_html if isinstance(item.inner_html, str) else escape(text)
                items.append(Block("li", text, f"<li>{inner}</li>", self.tally.link_chars(item)))
        self._flush_items(items)

    def _flush_items(self, items: list[Block]) -> None:
        if not items:
            return
        # A list that is nearly all links is navigation ("related", "tags"), not article.
        text_len = sum(len(b.text) for b in items) or 1
        if sum(b.link_chars for b in items) / text_len > 0.8:
            if self.blocks and self.blocks[-1].tag in ("h2", "h3", "h4"):
                self.blocks.pop()  # the list's own heading ("Live Events", "More from …")
            return
        for item in items:  # a list of prose keeps its linked items ("Stakes", a product)
            item.link_chars = min(item.link_chars, len(item.text) // 2)
        items[0].html = "<ul>" + items[0].html
        items[-1].html = items[-1].html + "</ul>"
        self.blocks.extend(items)

    def _table(self, node: LexborNode) -> None:
        rows = node.css("tr")
        if any(row.css_first("table") for row in rows):
            for cell in node.css("td, th"):
                if cell.css_first("table") is None:
                    self.read(cell)
            return
        for row in rows:
            cells = [_SPACE.sub(" ", c.text(deep=True)).strip() for c in row.css("td, th")]
            text = " ".join(c for c in cells if c)
            if text:
                html = "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"
                self.blocks.append(Block("tr", text, html, self.tally.link_chars(row)))
        if self.blocks and self.blocks[-1].tag == "tr":
            self._wrap_table()

    def _wrap_table(self) -> None:
        end = len(self.blocks)
        start = end
        while start > 0 and self.blocks[start - 1].tag == "tr":
            start -= 1
        self.blocks[start].html = "<table>" + self.blocks[start].html
        self.blocks[end - 1].html += "</table>"


def _stray(block: Block) -> bool:
    """Loose text between blocks that is too short to be prose: widget labels, counters."""
    text = block.text
    return block.tag == "div" and _weight(text) < 40 and text[-1:] not in '.!?。:"”)'


def _link_heavy(block: Block) -> bool:
    size = len(block.text)
    if block.link_chars == 0:
        return False
    density = block.link_chars / (size or 1)
    return density > 0.5 if size < 400 else density > 0.8


def _articles(node: LexborNode) -> int:
    """`<article>` elements in `node`, itself included (lexbor's css() matches the node too)."""
    return len(node.css("article"))


def _widen(top: LexborNode, tally: _Tally) -> LexborNode:
    """Climb while an ancestor holds clearly more real prose: an article split in sections."""
    if top.tag == "article":
        return top  # the page's own word for where the article ends
    mass = tally.prose_of(top)
    node, parent = top, top.parent
    articles = max(_articles(top), 1)
    for _ in range(8):
        if parent is None or parent.tag in ("html", "body", "#document"):
            break
        if _articles(parent) > articles:
            break  # a listing or an endless page: the next story is not this one's section
        more = tally.prose_of(parent)
        if more >= 1.3 * mass + 200:
            node, mass = parent, more
        if parent.tag == "article":
            break  # the `<article>` around the best container is as wide as the article goes
        parent = parent.parent
    return node


def _mark_breaks(node: LexborNode) -> None:
    """Put a newline before every `<br>`, so lines a paragraph breaks apart stay apart in its
    text ("…, FL<br>June 10 …" reads "FL June 10", not one word "FLJune")."""
    for br in node.css("br"):
        br.insert_before("\n")


def native_body(tree: LexborHTMLParser) -> NativeBody:
    """The main content of a pruned page; empty when no container stands out."""
    body = tree.body
    if body is None:
        return NativeBody()
    tally = _Tally(body)
    scores = _score_candidates(body)
    best = _best(scores, tally)
    if best is None:
        return NativeBody()
    top, top_score = best
    widened = _widen(top, tally)
    if widened is not top:
        top = widened
        top_score = scores.get(top.mem_id, (top, top_score))[1]
    reader = _Reader(tally)
    for node in _siblings(top, top_score, scores, tally):
        _mark_breaks(node)
        if node.tag == "p":
            reader._leaf(node, "p")
        else:
            reader.read(node)
    blocks = [b for b in reader.blocks if not _link_heavy(b) and not _stray(b)]
    kept = sum(_weight(b.text) for b in blocks if b.tag in ("p", "div") and len(b.text) > 40)
    prose = tally.prose_of(body)
    return NativeBody(blocks, kept / prose if prose else 0.0)
