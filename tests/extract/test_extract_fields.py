"""How raw field values are read: a date counts as a field's own only where the field opens."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.extract.fields import leading_date


def test_a_leading_date_is_the_one_the_text_opens_with_within_reach() -> None:
    day = datetime(2024, 5, 2, tzinfo=UTC)
    assert leading_date("May 2, 2024 · Harbour pier opens", 20) == day
    assert leading_date("Harbour pier opens May 2, 2024", 40) is None  # a later date
    assert leading_date("Updated: May 2, 2024", 40, start=9) == day
    assert leading_date("May 2, 2024", 5) is None  # cut off before its year
