"""One feed's subscription at its hub, as the store keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# pending: asked, not yet verified · verified: the hub confirmed and pushes are expected
# denied: the hub refused · unsubscribed: we asked to stop
STATES = ("pending", "verified", "denied", "unsubscribed")


@dataclass(frozen=True, slots=True)
class WebSubLease:
    id: int
    feed_id: int
    hub: str
    topic: str
    secret: str
    state: str = "pending"
    lease_seconds: int | None = None
    expires_at: datetime | None = None
    last_push_at: datetime | None = None
    created_at: datetime | None = None
