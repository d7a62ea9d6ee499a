"""The WebSub rules on their own: signatures, intent checks, renewal and polling fallback."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.websub import (
    WebSubLease,
    check_intent,
    poll_interval_s_for,
    renewal_due,
    sign,
    signature_valid,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
LEASE = WebSubLease(
    id=1,
    feed_id=1,
    hub="https://hub.example/",
    topic="https://x/feed",
    secret="s3cret",
    state="verified",
    lease_seconds=86400,
    expires_at=NOW + timedelta(days=1),
    created_at=NOW - timedelta(hours=1),
)


@pytest.mark.parametrize("method", ["sha1", "sha256", "sha384", "sha512"])
def test_signatures_of_every_method_verify(method: str) -> None:
    body = b"<feed/>"
    header = sign(body, "s3cret", method)
    assert signature_valid(body, header, "s3cret")
    assert signature_valid(body, header.upper().replace(method.upper(), method), "s3cret")
    assert not signature_valid(body + b" ", header, "s3cret")
    assert not signature_valid(body, header, "other")


@pytest.mark.parametrize("header", [None, "", "sha256", "md5=abc", "sha256=", "garbage"])
def test_missing_or_malformed_signatures_fail(header: str | None) -> None:
    assert not signature_valid(b"x", header, "s3cret")


def test_intent_needs_our_topic_our_mode_a_challenge_and_a_lease() -> None:
    good = {
        "hub.mode": "subscribe",
        "hub.topic": LEASE.topic,
        "hub.challenge": "c1",
        "hub.lease_seconds": "600",
    }
    result = check_intent(good, LEASE)
    assert result.ok and result.challenge == "c1" and result.lease_seconds == 600
    assert not check_intent({**good, "hub.topic": "https://other/"}, LEASE).ok
    assert not check_intent({**good, "hub.mode": "unsubscribe"}, LEASE).ok
    assert not check_intent({**good, "hub.challenge": ""}, LEASE).ok
    assert not check_intent({k: v for k, v in good.items() if k != "hub.lease_seconds"}, LEASE).ok
    stopping = replace(LEASE, state="unsubscribed")
    assert check_intent({**good, "hub.mode": "unsubscribe"}, stopping).ok
    denied = check_intent({"hub.mode": "denied", "hub.topic": LEASE.topic}, LEASE)
    assert denied.ok and denied.mode == "denied"


def test_renewal_comes_before_the_end_and_not_too_early() -> None:
    assert not renewal_due(LEASE, NOW)
    assert renewal_due(LEASE, NOW + timedelta(hours=23))
    assert renewal_due(replace(LEASE, state="pending"), NOW)
    short = replace(LEASE, lease_seconds=600, expires_at=NOW + timedelta(seconds=600))
    assert not renewal_due(short, NOW)
    assert renewal_due(short, NOW + timedelta(seconds=301))
    assert not renewal_due(replace(LEASE, state="unsubscribed"), NOW)


def test_polling_slows_while_the_hub_pushes_and_resumes_when_it_is_silent() -> None:
    kw = {"normal_s": 900, "pushed_s": 6 * 3600, "silence_s": 86400}
    assert poll_interval_s_for(None, NOW, **kw) == 900
    assert poll_interval_s_for(LEASE, NOW, **kw) == 6 * 3600
    pushed = replace(LEASE, last_push_at=NOW - timedelta(hours=2))
    assert poll_interval_s_for(pushed, NOW, **kw) == 6 * 3600
    silent = replace(LEASE, last_push_at=NOW - timedelta(days=2))
    assert poll_interval_s_for(silent, NOW, **kw) == 900
    lapsed = replace(LEASE, expires_at=NOW - timedelta(seconds=1))
    assert poll_interval_s_for(lapsed, NOW, **kw) == 900
    denied = replace(LEASE, state="denied")
    assert poll_interval_s_for(denied, NOW, **kw) == 900


def test_the_scheduler_helper_reads_the_settings() -> None:
    from broadsheet.config import Settings
    from broadsheet.websub.manager import poll_interval_for

    settings = Settings(poll_interval_s=600)
    assert poll_interval_for(settings, None, NOW) == 600
    assert poll_interval_for(settings, LEASE, NOW) == 6 * 3600
