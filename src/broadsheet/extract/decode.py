"""Bytes to text: pick the page's encoding the way browsers do, and bound the work.

Publishers declare encodings wrongly often enough (a UTF-8 page labelled ISO-8859-1, a
Shift_JIS page with no label) that trusting the label alone garbles text; trusting detection
alone is slow and flaky on short pages. So: BOM first, then the declared label if the bytes
really decode with it, then UTF-8, then statistical detection as a last resort.
"""

from __future__ import annotations

import codecs
import re

from broadsheet.extract.errors import ExtractError

# Pages beyond this many bytes are cut (after dropping scripts and styles, which is where the
# bulk of oversized news pages sits). Keeps memory and time bounded on hostile 20 MB input.
MAX_HTML_BYTES = 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00", "binary data"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)
# A UTF-8 lead byte then its continuation bytes, each read as one Latin-1 character.
_DOUBLE_ENCODED = re.compile("[\xc2-\xf4][\x80-\xbf]{1,3}")
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""")
_BULKY = re.compile(rb"<(script|style|svg)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BULKY_STR = re.compile(r"<(script|style|svg)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_LOOKS_HTML = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|article|main|div|p|span|section|h[1-6]|"
    r"table|ul|br|a)\b",
    re.IGNORECASE,
)
# Labels that browsers read as a superset encoding (WHATWG Encoding Standard).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "shift-jis": "cp932",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "utf8": "utf-8",
    "unicode": "utf-8",
}


def _codec(label: str) -> str | None:
    name = _ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared(head: bytes) -> str | None:
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    return _codec(match.group(1).decode("ascii", "replace"))


def _sniff_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ExtractError(f"input is {what}, not an HTML page")
    sample = data[:4096]
    if sample.count(b"\x00") > 8:
        raise ExtractError("input is binary data, not an HTML page")


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # only for the rare unlabelled non-UTF-8 page

    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else "cp1252"


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode page bytes; `declared` is the HTTP Content-Type charset, when known."""
    text = _decode(data, declared)
    # "â" then U+0080, as UTF-8 bytes: found by a byte search, far cheaper than one over text
    return repair_double_encoding(text) if b"\xc3\xa2\xc2\x80" in data else text


def repair_double_encoding(text: str) -> str:
    """Undo UTF-8 that a publisher's pipeline read as Latin-1 and wrote out again.

    Such pages print "Investorâ\x80\x99s" for "Investor’s" in their titles and bodies. The
    C1 control characters (U+0080-U+009F) that this leaves never occur in real text, so "â"
    followed by one (what curly quotes and dashes become) is the evidence, found by a plain
    substring search (a regex over the page cost 1 ms); then every Latin-1 run that is valid
    UTF-8 is decoded back.
    """
    if "\u00e2\x80" not in text:  # ’ “ ” – — … bullets: the marks every such page garbles
        return text

    def undo(match: re.Match[str]) -> str:
        try:
            return match.group().encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            return match.group()

    return _DOUBLE_ENCODED.sub(undo, text)


def _decode(data: bytes, declared: str | None) -> str:
    if len(data) > MAX_HTML_BYTES:
        data = _BULKY.sub(b"", data)[:MAX_HTML_BYTES]
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    _sniff_binary(data)
    head = data[:8192]
    candidates = [c for c in (_declared(head), _codec(declared) if declared else None) if c]
    for name in candidates:
        if name in ("cp1252", "cp1254") and _is_utf8(data):
            # UTF-8 labelled as Latin-1: the single most common mislabel on the web.
            return data.decode("utf-8", errors="replace")
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    if _is_utf8(data):
        return data.decode("utf-8", errors="replace")
    return data.decode(_detect(data), errors="replace")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A page cut mid-character at the byte cap is still UTF-8.
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
    return True


def check_html(text: str) -> str:
    """Refuse text that is empty or plainly not HTML; bound the size of what is kept."""
    if len(text) > MAX_HTML_BYTES:
        text = _BULKY_STR.sub("", text)[:MAX_HTML_BYTES]
    if not text.strip():
        raise ExtractError("input is empty")
    if "\x00" in text[:4096]:
        raise ExtractError("input is binary data, not an HTML page")
    if not _LOOKS_HTML.search(text[:200_000]):
        raise ExtractError("input does not look like HTML (no HTML tags found)")
    return text
