"""extract_article on real benchmark pages and on pages with no article."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from broadsheet.extract import CONTRACT_KEYS, ExtractError, extract_article, to_contract
from tests.extract.pages import read_page


def _pages(ground_truth: dict[str, Any], n: int) -> list[str]:
    return sorted(ground_truth)[:n]


def test_real_pages_give_paragraphs_and_safe_html(
    extraction_dir: Path, ground_truth: dict[str, Any]
) -> None:
    for page_id in _pages(ground_truth, 8):
        article = extract_article(read_page(extraction_dir, page_id))
        truth_words = set(re.findall(r"\w+", ground_truth[page_id]["articleBody"]))
        words = set(re.findall(r"\w+", article.text))
        assert len(words & truth_words) > 0.7 * len(truth_words), page_id
        assert "\n\n" in article.text
        assert "<script" not in article.html and "onclick" not in article.html
        assert "javascript:" not in article.html
        assert re.search(r"<p>|<li>|<h[234]>", article.html)


def test_contract_has_exactly_the_documented_keys(
    extraction_dir: Path, ground_truth: dict[str, Any]
) -> None:
    page_id = _pages(ground_truth, 1)[0]
    article = extract_article(read_page(extraction_dir, page_id), url="https://x.example/a")
    record = to_contract(article)
    assert tuple(record) == CONTRACT_KEYS
    assert record["url"] == "https://x.example/a"
    assert record["topics"] == []
    assert next(iter(to_contract(article, id="p1"))) == "id"


def test_page_without_article_gives_empty_text() -> None:
    html = (
        "<html><head><title>Home</title></head><body><nav><a href='/a'>News</a>"
        "<a href='/b'>Sport</a></nav><footer>© 2024 Example</footer></body></html>"
    )
    article = extract_article(html)
    assert article.text == "" and article.html == ""
    assert article.title == "Home"


def test_html_is_sanitised() -> None:
    paragraph = (
        "<p onclick='steal()'>The committee heard evidence from <a href='javascript:alert(1)'>"
        "twelve witnesses</a> and <a href='https://example.org/report'>published a report</a> "
        "that runs to three hundred pages, with recommendations for ministers.</p>"
    )
    html = f"<html><body><article>{paragraph * 5}<script>alert(1)</script></article></body></html>"
    article = extract_article(html)
    assert "twelve witnesses" in article.text
    assert "alert" not in article.html and "onclick" not in article.html
    assert 'href="https://example.org/report"' in article.html


def test_error_type_is_a_value_error() -> None:
    assert issubclass(ExtractError, ValueError)
