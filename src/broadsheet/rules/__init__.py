"""The reader's own rules: filters (keep, skip, mark read, star, tag) and mutes. Pure.

Nothing here touches the network or the store: rules and articles come in as dataclasses and a
decision comes out, so ingest, the "apply to what is stored" action and the web app's preview
all share one implementation. The store keeps the rules (store/rules.py).
"""

from __future__ import annotations

from broadsheet.rules.filters import RuleError, apply_filters, compile_rule, validate_rule
from broadsheet.rules.model import (
    ACTIONS,
    FIELDS,
    MUTE_KINDS,
    SCOPES,
    SKIPPED_TAG,
    FilterDecision,
    FilterRule,
    Mute,
    Subject,
)
from broadsheet.rules.muting import MuteSet, is_muted

__all__ = [
    "ACTIONS",
    "FIELDS",
    "MUTE_KINDS",
    "SCOPES",
    "SKIPPED_TAG",
    "FilterDecision",
    "FilterRule",
    "Mute",
    "MuteSet",
    "RuleError",
    "Subject",
    "apply_filters",
    "compile_rule",
    "is_muted",
    "validate_rule",
]
