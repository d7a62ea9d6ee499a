"""Times as people read them in a news app: "13 minutes ago", then a date."""

from __future__ import annotations

from datetime import UTC, datetime


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    if when is None:
        return ""
    now = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (now - when).total_seconds()
    if seconds < 0:
        return when.strftime("%-d %b %Y")
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    days = hours // 24
    if days < 7:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if when.year == now.year:
        return when.strftime("%-d %b")
    return when.strftime("%-d %b %Y")


def iso(when: datetime | None) -> str:
    return when.isoformat() if when else ""
