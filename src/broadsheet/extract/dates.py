"""Turn the date strings publishers write into timezone-aware datetimes, or None.

Never guesses: a string that does not parse gives None, so a page with no date keeps no date.
Values without a zone are taken as UTC (a date-only value is midnight UTC), because the
contract wants aware datetimes and publishers' bare dates are calendar dates, not instants.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_ISO_LIKE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")
# The earliest and latest years believed: guards against "0001-01-01" placeholders.
_MIN_YEAR = 1995
_MAX_YEAR = 2100


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def plausible(dt: datetime) -> datetime | None:
    return dt if _MIN_YEAR <= dt.year <= _MAX_YEAR else None


def _zone(text: str | None) -> str:
    if not text or text.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    text = text.replace(":", "")
    return f"{text[:3]}:{text[3:]}"


def parse_date(value: object) -> datetime | None:
    """A datetime from an ISO 8601, RFC 2822 or compact (YYYYMMDD) string; None otherwise."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    match = _ISO_LIKE.search(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        try:
            stamp = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
            if hour is not None:
                stamp += f"T{int(hour):02d}:{minute}:{second or '00'}{_zone(zone)}"
            return plausible(_aware(datetime.fromisoformat(stamp)))
        except ValueError:
            return None
    try:
        return plausible(_aware(parsedate_to_datetime(text)))
    except (TypeError, ValueError, IndexError):
        pass
    compact = _COMPACT.match(text)
    if compact:
        year, month, day, hour, minute, second = compact.groups()
        try:
            dt = datetime(
                int(year),
                int(month),
                int(day),
                int(hour or 0),
                int(minute or 0),
                int(second or 0),
                tzinfo=UTC,
            )
        except ValueError:
            return None
        return plausible(dt)
    return None


def date_from_url(url: str | None) -> datetime | None:
    """The /2019/11/05/ date many news URLs carry; a real date the publisher wrote."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return plausible(datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC))
    except ValueError:
        return None
