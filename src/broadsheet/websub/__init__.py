"""WebSub (W3C Recommendation): new articles pushed by a feed's hub instead of polled.

When a feed advertises a hub (`<link rel="hub">`, stored as `feeds.hub`), `WebSubManager`
subscribes with a secret, the hub verifies the intent at our callback (routes.py), and each
push, signed with HMAC over the body (`X-Hub-Signature`), schedules the feed for an immediate
refresh through the ordinary pipeline. Leases are renewed before they run out; polling never
stops, it only slows down while the hub is pushing and returns to normal when the hub goes
quiet, the lease lapses or the hub refuses us (`poll_interval_s_for`).

Public API: WebSubLease, WebSubManager, websub_forever, install (routes), signature_valid,
sign, poll_interval_s_for.
"""

from __future__ import annotations

from broadsheet.websub.model import WebSubLease
from broadsheet.websub.protocol import (
    check_intent,
    poll_interval_s_for,
    renewal_due,
    sign,
    signature_valid,
)

__all__ = [
    "WebSubLease",
    "check_intent",
    "poll_interval_s_for",
    "renewal_due",
    "sign",
    "signature_valid",
]
