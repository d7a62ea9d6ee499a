"""The WebSub rules, as pure functions: signatures, intent verification, leases, fallback.

Signatures: the hub sends `X-Hub-Signature: <method>=<hex HMAC of the raw body>`, keyed with
the secret we gave it; sha1, sha256, sha384 and sha512 are accepted, compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.websub.model import WebSubLease

_METHODS = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}

# Renew when this share of the lease is left (at least RENEW_MIN_S before it ends, but never
# earlier than half-way, so a short lease is not renewed over and over).
RENEW_FRACTION = 0.1
RENEW_MIN_S = 3600


def sign(body: bytes, secret: str, method: str = "sha256") -> str:
    digest = hmac.new(secret.encode(), body, _METHODS[method]).hexdigest()
    return f"{method}={digest}"


def signature_valid(body: bytes, header: str | None, secret: str) -> bool:
    if not header or not secret:
        return False
    method, _, given = header.strip().partition("=")
    algorithm = _METHODS.get(method.lower())
    if algorithm is None or not given:
        return False
    expected = hmac.new(secret.encode(), body, algorithm).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())


@dataclass(frozen=True, slots=True)
class IntentResult:
    ok: bool
    mode: str = ""
    challenge: str = ""
    lease_seconds: int | None = None
    reason: str = ""


def check_intent(params: Mapping[str, str], lease: WebSubLease) -> IntentResult:
    """Is this verification request the hub confirming what we asked for?

    The topic must be the one we subscribed to, and the mode must match what we want now
    (subscribe while we want pushes, unsubscribe after we asked to stop); otherwise a stranger
    could subscribe or unsubscribe us from anything by calling the callback.
    """
    mode = params.get("hub.mode", "")
    topic = params.get("hub.topic", "")
    if mode == "denied":
        return IntentResult(ok=topic == lease.topic, mode=mode, reason=params.get("hub.reason", ""))
    challenge = params.get("hub.challenge", "")
    if not challenge:
        return IntentResult(ok=False, mode=mode, reason="no challenge")
    if topic != lease.topic:
        return IntentResult(ok=False, mode=mode, reason="topic mismatch")
    wanted = "unsubscribe" if lease.state == "unsubscribed" else "subscribe"
    if mode != wanted:
        return IntentResult(ok=False, mode=mode, reason=f"we did not ask to {mode}")
    lease_seconds: int | None = None
    raw = params.get("hub.lease_seconds", "")
    if raw.isdigit():
        lease_seconds = int(raw)
    elif mode == "subscribe":
        return IntentResult(ok=False, mode=mode, reason="no lease_seconds")
    return IntentResult(ok=True, mode=mode, challenge=challenge, lease_seconds=lease_seconds)


def renewal_due(lease: WebSubLease, now: datetime) -> bool:
    """Whether to (re)subscribe now: never verified, or the lease is near its end."""
    if lease.state in ("unsubscribed",):
        return False
    if lease.state != "verified" or lease.expires_at is None:
        return True
    length = lease.lease_seconds or 0
    margin = min(max(RENEW_MIN_S, int(length * RENEW_FRACTION)), length // 2)
    return now >= lease.expires_at - timedelta(seconds=margin)


def poll_interval_s_for(
    lease: WebSubLease | None,
    now: datetime,
    *,
    normal_s: int,
    pushed_s: int,
    silence_s: int,
) -> int:
    """How long to wait before polling a feed: `pushed_s` (long) while the hub is live and has
    pushed within `silence_s` (or was verified that recently), `normal_s` otherwise."""
    if lease is None or lease.state != "verified":
        return normal_s
    if lease.expires_at is not None and lease.expires_at <= now:
        return normal_s
    last_sign_of_life = lease.last_push_at or lease.created_at
    if last_sign_of_life is None or now - last_sign_of_life > timedelta(seconds=silence_s):
        return normal_s
    return max(normal_s, pushed_s)
