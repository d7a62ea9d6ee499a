"""XSS payloads from ../shared/bench/security/xss and feedparser's sanitize suite, sampled.

The sample is deterministic (every n-th line of each list, every n-th DOMPurify case, every
n-th sanitize feed) so a failure names the same payload on every run; `limit` scales it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

_FIELD = re.compile(
    r"<(description|summary|content(?::encoded)?|title|subtitle|tagline|info)\b[^>]*>(.*?)</\1>",
    re.DOTALL,
)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)


def _every(items: list[str], count: int) -> list[str]:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def intruder_payloads(xss_dir: Path, per_file: int) -> list[str]:
    out: list[str] = []
    for path in sorted((xss_dir / "intruders").glob("*.txt")):
        lines = [x for x in path.read_text("utf-8", "replace").splitlines() if x.strip()]
        out += _every(lines, per_file)
    return out


def dompurify_payloads(xss_dir: Path, count: int) -> list[str]:
    cases = json.loads((xss_dir / "dompurify-payloads.json").read_text("utf-8"))
    return _every(sorted({str(c) for c in cases if str(c).strip()}), count)


def svg_payloads(xss_dir: Path) -> list[str]:
    return [p.read_text("utf-8", "replace") for p in sorted((xss_dir / "svg").glob("*.svg"))]


def sanitize_case_payloads(sanitize_dir: Path, count: int) -> list[str]:
    """The HTML inside each sanitize feed's content fields, as the feed's author wrote it."""
    found: list[str] = []
    for path in sorted(sanitize_dir.glob("*.xml")):
        text = path.read_text("utf-8", "replace")
        body = text.split("-->", 1)[-1]
        for match in _FIELD.finditer(body):
            raw = match.group(2)
            cdata = _CDATA.search(raw)
            value = cdata.group(1) if cdata else html.unescape(raw)
            if "<" in value or ":" in value:
                found.append(value)
                break
    return _every(found, count)


def sample(shared_dir: Path, limit: int = 200) -> list[tuple[str, str]]:
    """(source, payload) pairs: roughly 45% intruder lists, 25% DOMPurify, 25% feedparser
    sanitize cases, and all SVG files."""
    xss = shared_dir / "bench" / "security" / "xss"
    sanitize = shared_dir / "bench" / "feeds" / "edge" / "wellformed" / "sanitize"
    per_file = max(1, int(limit * 0.45) // 15)
    out = [("intruders", p) for p in intruder_payloads(xss, per_file)]
    out += [("dompurify", p) for p in dompurify_payloads(xss, int(limit * 0.25))]
    out += [("feedparser-sanitize", p) for p in sanitize_case_payloads(sanitize, int(limit * 0.25))]
    out += [("svg", p) for p in svg_payloads(xss)]
    return out
