"""Every third-party HTML payload we know of goes through the one sanitizer and comes out inert.

Payloads: ../shared/bench/security/xss (PayloadsAllTheThings lists, SVG files, DOMPurify's test
inputs) and feedparser's sanitize suite. Checked on the parsed output (attributes and URLs as a
browser would see them), plus properties: sanitizing twice changes nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from broadsheet.sanitize import sanitize_html

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "meta",
    "style",
    "link",
    "form",
    "frame",
    "frameset",
    "applet",
    "svg",
    "math",
    "template",
}
# As the URL standard reads an attribute: ASCII tab/newline removed anywhere, then leading C0
# controls and spaces stripped, then the scheme.
BAD_URL = re.compile(r"^[\x00-\x20]*(javascript|vbscript|data|file):", re.IGNORECASE)
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "cite"}


def payloads(shared: Path) -> list[str]:
    base = shared / "bench" / "security" / "xss"
    found: list[str] = []
    for path in sorted((base / "intruders").glob("*")):
        found += [line for line in path.read_text(errors="replace").splitlines() if line.strip()]
    for path in sorted((base / "svg").glob("*")):
        found.append(path.read_text(errors="replace"))
    found += json.loads((base / "dompurify-payloads.json").read_text())
    sanitize_dir = shared / "bench" / "feeds" / "edge" / "wellformed" / "sanitize"
    for path in sorted(sanitize_dir.glob("*.xml")):
        found.append(path.read_text(errors="replace"))
    return found


def assert_inert(html: str) -> None:
    tree = LexborHTMLParser(f"<html><body>{html}</body></html>")
    for node in tree.root.traverse() if tree.root else []:
        tag = (node.tag or "").lower()
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> survived: {html[:200]!r}"
        for name, value in (node.attributes or {}).items():
            lname = name.lower()
            assert not lname.startswith("on"), f"{name}= survived: {html[:200]!r}"
            assert lname != "style", f"style= survived: {html[:200]!r}"
            if lname in URL_ATTRS and value:
                browser_view = re.sub(r"[\t\n\r]", "", value)
                assert not BAD_URL.match(browser_view), f"{name}={value!r} survived"


def test_every_known_payload_is_inert_and_stable(shared_dir: Path) -> None:
    cases = payloads(shared_dir)
    assert len(cases) > 3000, "the payload corpus is missing"
    for payload in cases:
        once = sanitize_html(payload)
        assert_inert(once)
        assert sanitize_html(once) == once, f"not idempotent for {payload[:120]!r}"


def test_links_are_safe_and_marked() -> None:
    out = sanitize_html(
        '<a href="https://example.com/x">x</a><a href="JaVaScRiPt:alert(1)">y</a>'
        '<a href="mailto:a@b.c">m</a><img src="data:text/html,<script>">'
    )
    assert 'href="https://example.com/x"' in out and 'rel="noopener noreferrer nofollow"' in out
    assert "javascript" not in out.lower() and "data:" not in out
    assert 'href="mailto:a@b.c"' in out


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>\"'=/ abcdefghijklmnopqrstuvwxyz:;&#!-")), max_size=200
    )
)
def test_sanitizer_properties_on_random_markup(html: str) -> None:
    once = sanitize_html(html)
    assert_inert(once)
    assert sanitize_html(once) == once
    assert "<script" not in once.lower()


@pytest.mark.parametrize("tag", ["script", "style", "iframe", "object", "embed"])
def test_dangerous_elements_and_their_content_are_dropped(tag: str) -> None:
    out = sanitize_html(f"<p>keep</p><{tag}>alert(document.cookie)</{tag}>")
    assert "keep" in out and f"<{tag}" not in out


def test_cve_2025_32015_srcdoc_formaction_ping_never_survive() -> None:
    """FreshRSS CVE-2025-32015: the sanitizer allowed <iframe srcdoc>."""
    out = sanitize_html(
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>'
        '<a href="https://x.example" ping="https://tracker.example">x</a>'
        '<button formaction="javascript:alert(1)">b</button>'
        '<img src="https://x.example/a.png" srcset="javascript:alert(1) 1x">'
    )
    for attribute in ("srcdoc", "formaction", "ping", "srcset"):
        assert attribute not in out


def test_feedparser_cves_nested_cdata_and_comments() -> None:
    """feedparser CVE-2009-5065 / CVE-2011-1157: XSS via nested CDATA and malformed comments."""
    for payload in (
        "<![CDATA[<script>alert(1)</script>]]>",
        "<!-- --!><script>alert(1)</script> -->",
        "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
        "<p><!--<script>--><img src=x onerror=alert(1)></p>",
    ):
        out = sanitize_html(payload)
        assert_inert(out)
        assert "<script" not in out.lower() and "onerror" not in out.lower()
