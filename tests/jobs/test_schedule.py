"""Backoff: failing feeds wait longer each time, up to a cap; Retry-After is honoured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadsheet.jobs.schedule import next_check_after_error, next_check_after_success

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def wait(**kw: object) -> float:
    return (next_check_after_error(NOW, **kw) - NOW).total_seconds()  # type: ignore[arg-type]


def test_backoff_doubles_then_caps() -> None:
    waits = [wait(error_count=n, interval_s=600, max_backoff_s=3600) for n in range(1, 6)]
    assert waits == [600, 1200, 2400, 3600, 3600]


def test_retry_after_is_honoured_but_capped_and_never_shortens() -> None:
    assert wait(error_count=1, interval_s=600, max_backoff_s=86400, retry_after_s=7200) == 7200
    assert wait(error_count=1, interval_s=600, max_backoff_s=3600, retry_after_s=7200) == 3600
    assert wait(error_count=3, interval_s=600, max_backoff_s=86400, retry_after_s=1) == 2400


def test_success_waits_one_interval() -> None:
    assert next_check_after_success(NOW, 900) == NOW + timedelta(seconds=900)
