"""Filter rules against articles: words, regular expressions, fields, scopes and actions."""

from __future__ import annotations

import pytest

from broadsheet.rules import (
    SKIPPED_TAG,
    FilterRule,
    RuleError,
    Subject,
    apply_filters,
    validate_rule,
)

ARTICLE = Subject(
    title="Transfer deadline day: live updates",
    author="Ann Lee and Bo Chan",
    text="Clubs spent record sums as the window closed. Sponsored content follows.",
    publisher="The Daily Example",
    topics=("football", "Premier League"),
    feed_id=7,
    folder_id=3,
)


def rule(rule_id: int = 1, **kw: object) -> FilterRule:
    values: dict[str, object] = {"user_id": 1, "pattern": "x", "action": "skip"}
    values.update(kw)
    return FilterRule(id=rule_id, **values)  # type: ignore[arg-type]


def test_words_match_whole_words_case_insensitively() -> None:
    assert apply_filters(ARTICLE, [rule(pattern="LIVE UPDATES")]).skip
    assert apply_filters(ARTICLE, [rule(pattern="sponsored content")]).skip
    assert not apply_filters(ARTICLE, [rule(pattern="live update")]).skip  # not a whole word
    assert not apply_filters(ARTICLE, [rule(pattern="transfers")]).skip


def test_a_comma_separated_list_matches_any_of_its_words() -> None:
    assert apply_filters(ARTICLE, [rule(pattern="cricket, deadline")]).skip
    assert not apply_filters(ARTICLE, [rule(pattern="cricket, tennis")]).skip


def test_regular_expressions() -> None:
    assert apply_filters(ARTICLE, [rule(pattern=r"^transfer\b.*live", match="regex")]).skip
    assert not apply_filters(ARTICLE, [rule(pattern=r"^live", match="regex")]).skip


def test_a_rule_looks_only_at_its_field() -> None:
    on_author = rule(pattern="Bo Chan", field="author")
    assert apply_filters(ARTICLE, [on_author]).skip
    assert not apply_filters(ARTICLE, [rule(pattern="Bo Chan", field="title")]).skip
    assert apply_filters(ARTICLE, [rule(pattern="premier league", field="topic")]).skip
    assert apply_filters(ARTICLE, [rule(pattern="daily example", field="publisher")]).skip
    assert not apply_filters(ARTICLE, [rule(pattern="daily example", field="text")]).skip


def test_scopes_limit_a_rule_to_a_feed_or_folder() -> None:
    assert apply_filters(ARTICLE, [rule(pattern="deadline", scope="feed", scope_id=7)]).skip
    assert not apply_filters(ARTICLE, [rule(pattern="deadline", scope="feed", scope_id=8)]).skip
    assert apply_filters(ARTICLE, [rule(pattern="deadline", scope="folder", scope_id=3)]).skip
    assert not apply_filters(ARTICLE, [rule(pattern="deadline", scope="folder", scope_id=4)]).skip


def test_read_star_and_tag_add_up() -> None:
    decision = apply_filters(
        ARTICLE,
        [
            rule(1, pattern="football", action="read"),
            rule(2, pattern="record", action="star"),
            rule(3, pattern="transfer", action="tag", tag="transfers"),
            rule(4, pattern="window", action="tag", tag="transfers"),
            rule(5, pattern="nothing here", action="tag", tag="other"),
        ],
    )
    assert (decision.skip, decision.read, decision.star) == (False, True, True)
    assert decision.tags == ("transfers",)
    assert decision.matched == (1, 2, 3, 4)


def test_skip_wins_and_marks_the_article_skipped() -> None:
    decision = apply_filters(
        ARTICLE, [rule(1, pattern="record", action="star"), rule(2, pattern="deadline")]
    )
    assert decision.skip and not decision.star
    assert decision.tags == (SKIPPED_TAG,)


def test_keep_rules_make_an_allow_list_for_their_scope() -> None:
    keep_cricket = rule(pattern="cricket", action="keep", scope="feed", scope_id=7)
    assert apply_filters(ARTICLE, [keep_cricket]).skip
    keep_football = rule(pattern="football", action="keep", scope="feed", scope_id=7)
    assert not apply_filters(ARTICLE, [keep_football]).skip
    other_feed = rule(pattern="cricket", action="keep", scope="feed", scope_id=99)
    assert not apply_filters(ARTICLE, [other_feed]).skip


def test_no_rules_change_nothing() -> None:
    assert not apply_filters(ARTICLE, []).changes_anything


@pytest.mark.parametrize(
    "bad,message",
    [
        (rule(pattern="(unclosed", match="regex"), "regular expression"),
        (rule(pattern="   "), "empty"),
        (rule(action="explode"), "action"),
        (rule(action="tag"), "tag"),
        (rule(action="tag", tag="Skipped"), "reserved"),
        (rule(scope="feed"), "feed"),
        (rule(field="colour"), "field"),
        (rule(pattern="x" * 501), "longer"),
    ],
)
def test_bad_rules_are_explained(bad: FilterRule, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        validate_rule(bad)


def test_a_broken_rule_matches_nothing_instead_of_failing_ingest() -> None:
    assert not apply_filters(ARTICLE, [rule(pattern="(unclosed", match="regex")]).skip


def test_a_catastrophic_regex_gives_up_instead_of_hanging() -> None:
    evil = rule(pattern=r"^(\w+\s?)*$", match="regex", field="text")
    subject = Subject(text="word " * 40 + "!")
    assert not apply_filters(subject, [evil]).skip
