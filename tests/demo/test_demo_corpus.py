"""The bundled corpus loads into dated, sectioned articles with clean paragraphs."""

from __future__ import annotations

import json
from pathlib import Path

from broadsheet.demo import load_corpus
from broadsheet.demo.corpus import bundled_corpus_path, split_body
from broadsheet.demo.sections import SECTIONS, classify


def test_bundled_corpus_matches_the_shared_one(shared_dir: Path) -> None:
    shared = shared_dir / "corpus" / "wikinews-en-2019-2020.jsonl"
    assert bundled_corpus_path().read_bytes() == shared.read_bytes()


def test_credits_file_is_bundled_beside_the_corpus() -> None:
    credits = (bundled_corpus_path().parent / "CREDITS.md").read_text()
    assert '"<title>", Wikinews, <date>, <url>, CC BY 2.5' in credits
    assert "rendered" in credits


def test_every_article_loads_with_paragraphs_section_and_time() -> None:
    articles = load_corpus()
    raw = bundled_corpus_path().read_text().splitlines()
    assert len(articles) == len([line for line in raw if line.strip()])
    assert len({a.published for a in articles}) == len(articles)
    for article in articles:
        assert article.paragraphs and all(p == p.strip() and p for p in article.paragraphs)
        assert article.section in SECTIONS
        assert article.published.date() == article.date
        assert article.credit.startswith(f'"{article.title}", Wikinews, {article.date}')
        assert "CC BY 2.5" in article.credit


def test_dateline_is_kept_out_of_the_body() -> None:
    first = json.loads(bundled_corpus_path().read_text().splitlines()[0])
    dateline, paragraphs = split_body(first["body"])
    assert dateline == "Friday, January 4, 2019"
    assert paragraphs[0].startswith("An apartment building collapsed")
    for article in load_corpus():
        assert not any(p.endswith(", 2019") and len(p) < 30 for p in article.paragraphs[:1])


def test_dateline_followed_by_a_single_line_break() -> None:
    dateline, paragraphs = split_body(
        "Friday, March 29, 2019\xa0\nToronto Comicon returned.\n\nMore."
    )
    assert dateline == "Friday, March 29, 2019"
    assert paragraphs == ("Toronto Comicon returned.", "More.")


def test_sections_follow_the_headline_keywords() -> None:
    assert classify("Eliud Kipchoge of Kenya runs marathon under two hours") == "Sport"
    assert classify("UK Supreme Court rules prorogation of parliament unlawful") == "Politics"
    assert classify("Notre Dame in Paris catches fire") == "World"


def test_summary_is_the_first_sentence() -> None:
    article = load_corpus()[0]
    assert article.paragraphs[0].startswith(article.summary)
    assert article.summary.endswith(".")
    assert len(article.summary) < len(article.paragraphs[0])
