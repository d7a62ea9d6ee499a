"""When a feed is next due: a steady interval when healthy, capped exponential backoff when not."""

from __future__ import annotations

from datetime import datetime, timedelta


def next_check_after_success(now: datetime, interval_s: int) -> datetime:
    return now + timedelta(seconds=interval_s)


def next_check_after_error(
    now: datetime,
    *,
    error_count: int,
    interval_s: int,
    max_backoff_s: int,
    retry_after_s: float | None = None,
) -> datetime:
    """error_count is the number of consecutive failures *including* this one.

    The first failure waits one interval, then it doubles each time up to max_backoff_s. A server's
    Retry-After is honoured when it asks for longer (never shorter: a hostile header must not make
    us hammer it), still within the cap.
    """
    exponent = max(0, min(error_count - 1, 30))
    delay = min(float(interval_s) * (2**exponent), float(max_backoff_s))
    if retry_after_s is not None and retry_after_s > delay:
        delay = min(retry_after_s, float(max_backoff_s))
    return now + timedelta(seconds=delay)
