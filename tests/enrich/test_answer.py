"""Ask about this story: questions on real demo articles (tests/enrich/data/questions.jsonl).

Each line names an article, a question, and a verbatim piece of the sentence that answers it —
or null when the article does not answer the question at all.
"""

from __future__ import annotations

from typing import Any

from broadsheet.enrich import answer_question

from .conftest import source


def test_cited_sentence_is_among_the_top_three(
    questions: list[dict[str, Any]], demo_by_id: dict[str, dict[str, Any]]
) -> None:
    answerable = [q for q in questions if q["answer"]]
    hits = 0
    for q in answerable:
        answer = answer_question(q["question"], [source(demo_by_id[q["article"]])], top_k=3)
        hits += any(q["answer"] in s.text for s in answer.sentences[:3])
    assert hits / len(answerable) >= 0.85


def test_unanswerable_questions_say_so(
    questions: list[dict[str, Any]], demo_by_id: dict[str, dict[str, Any]]
) -> None:
    for q in (q for q in questions if q["answer"] is None):
        answer = answer_question(q["question"], [source(demo_by_id[q["article"]])])
        assert not answer.answered, q["question"]
        assert answer.sentences == []
        assert "does not answer" in answer.message


def test_answer_carries_its_citations(demo_by_id: dict[str, dict[str, Any]]) -> None:
    row = demo_by_id["enwikinews:81ff8e1a8b1f"]  # SpaceX Crew Dragon docks with the ISS
    answer = answer_question("What is the value of the SpaceX contract?", [source(row)])
    assert answer.answered
    assert answer.message
    top = answer.sentences[0]
    assert "2.6 billion" in top.text
    assert top.text in row["body"]
    assert (top.article_key, top.url, top.publisher) == (row["id"], row["url"], row["outlet"])


def test_finds_the_answer_among_other_articles(
    demo_rows: list[dict[str, Any]], demo_by_id: dict[str, dict[str, Any]]
) -> None:
    own = demo_by_id["enwikinews:b181a7ab00e3"]  # Soleimani funeral stampede
    pool = [source(r) for r in demo_rows[:20]] + [source(own)]
    answer = answer_question("Which force did Soleimani head?", pool)
    assert answer.answered
    assert answer.sentences[0].article_key == own["id"]


def test_top_k_bounds_the_quotes(demo_by_id: dict[str, dict[str, Any]]) -> None:
    row = demo_by_id["enwikinews:fa626d79c339"]  # Notre Dame fire
    answer = answer_question("What happened to the roof of the cathedral?", [source(row)], top_k=2)
    assert len(answer.sentences) <= 2


def test_empty_question_or_coverage() -> None:
    assert not answer_question("", []).answered
    assert not answer_question("the of and", []).answered
