"""Matching filter rules against an article.

Regular expressions come from readers, so they run on the `regex` engine with a per-match
timeout: a catastrophic pattern costs one reader one rule (counted as no match, reported by
`validate_rule`), never a stuck ingest worker. Text fields are cut to their first
`_MAX_TEXT` characters, which is where what a reader filters on (a byline, a lede) lives.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import regex

from broadsheet.rules.model import (
    ACTIONS,
    FIELDS,
    MATCHES,
    SCOPES,
    SKIPPED_TAG,
    FilterDecision,
    FilterRule,
    Subject,
)

_MAX_PATTERN = 500
_MAX_TEXT = 20_000
_MATCH_TIMEOUT_S = 0.05


class RuleError(ValueError):
    """A rule that cannot be used; the message is meant for the reader who wrote it."""


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: FilterRule
    matches: Callable[[str], bool]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _words_matcher(pattern: str) -> Callable[[str], bool]:
    phrases = [_fold(p.strip()) for p in pattern.split(",") if p.strip()]
    if not phrases:
        raise RuleError("give at least one word")
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    compiled = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")
    return lambda text: compiled.search(_fold(text)) is not None


def _regex_matcher(pattern: str) -> Callable[[str], bool]:
    try:
        compiled = regex.compile(pattern, regex.IGNORECASE | regex.UNICODE | regex.V0)
    except regex.error as exc:
        raise RuleError(f"not a valid regular expression: {exc}") from exc

    def matches(text: str) -> bool:
        try:
            return compiled.search(text, timeout=_MATCH_TIMEOUT_S) is not None
        except TimeoutError:
            return False

    return matches


def validate_rule(rule: FilterRule) -> None:
    """Raise RuleError when a rule is malformed (what the web form and the API report)."""
    if rule.scope not in SCOPES:
        raise RuleError(f"scope must be one of {', '.join(SCOPES)}")
    if rule.scope != "all" and rule.scope_id is None:
        raise RuleError(f"a {rule.scope} rule needs the {rule.scope} it applies to")
    if rule.field not in FIELDS:
        raise RuleError(f"field must be one of {', '.join(FIELDS)}")
    if rule.action not in ACTIONS:
        raise RuleError(f"action must be one of {', '.join(ACTIONS)}")
    if rule.match not in MATCHES:
        raise RuleError(f"match must be one of {', '.join(MATCHES)}")
    if rule.action == "tag" and not (rule.tag or "").strip():
        raise RuleError("a tag rule needs the tag to add")
    if rule.action == "tag" and (rule.tag or "").strip().casefold() == SKIPPED_TAG:
        raise RuleError(f"'{SKIPPED_TAG}' is reserved: use the skip action")
    if not rule.pattern.strip():
        raise RuleError("the pattern is empty")
    if len(rule.pattern) > _MAX_PATTERN:
        raise RuleError(f"the pattern is longer than {_MAX_PATTERN} characters")
    compile_rule(rule)


def compile_rule(rule: FilterRule) -> CompiledRule:
    if rule.match == "regex":
        return CompiledRule(rule, _regex_matcher(rule.pattern))
    return CompiledRule(rule, _words_matcher(rule.pattern))


def _field_values(subject: Subject, field: str) -> list[str]:
    values = {
        "title": [subject.title],
        "author": [subject.author or ""],
        "text": [subject.text[:_MAX_TEXT]],
        "publisher": [subject.publisher or ""],
        "topic": list(subject.topics),
    }
    if field == "any":
        return [v for key in ("title", "author", "publisher", "topic", "text") for v in values[key]]
    return values[field]


def applies_to(rule: FilterRule, subject: Subject) -> bool:
    if rule.scope == "feed":
        return rule.scope_id is not None and rule.scope_id == subject.feed_id
    if rule.scope == "folder":
        return rule.scope_id is not None and rule.scope_id == subject.folder_id
    return True


def _usable(rules: Iterable[FilterRule | CompiledRule]) -> list[CompiledRule]:
    compiled = []
    for item in rules:
        if isinstance(item, CompiledRule):
            compiled.append(item)
            continue
        try:
            compiled.append(compile_rule(item))
        except RuleError:
            continue  # a broken rule matches nothing; validate_rule tells the reader why
    return sorted(compiled, key=lambda c: (c.rule.position, c.rule.id))


def apply_filters(subject: Subject, rules: Sequence[FilterRule | CompiledRule]) -> FilterDecision:
    """What one reader's rules do to one article.

    Skip wins over everything; keep rules make an allow-list for their scope (no keep rule
    matching → skip); read, star and tag add up over every matching rule.
    """
    skip = read = star = False
    tags: list[str] = []
    matched: list[int] = []
    keep_rules = 0
    kept = False
    for compiled in _usable(rules):
        rule = compiled.rule
        if not applies_to(rule, subject):
            continue
        if rule.action == "keep":
            keep_rules += 1
        hit = any(compiled.matches(value) for value in _field_values(subject, rule.field) if value)
        if not hit:
            continue
        matched.append(rule.id)
        if rule.action == "keep":
            kept = True
        elif rule.action == "skip":
            skip = True
        elif rule.action == "read":
            read = True
        elif rule.action == "star":
            star = True
        elif rule.action == "tag" and rule.tag and rule.tag.strip() not in tags:
            tags.append(rule.tag.strip())
    if keep_rules and not kept:
        skip = True
    if skip:
        return FilterDecision(skip=True, read=True, tags=(SKIPPED_TAG,), matched=tuple(matched))
    return FilterDecision(read=read, star=star, tags=tuple(tags), matched=tuple(matched))
