"""The demo's WebSub hub (W3C Recommendation, 2018): subscriptions, intent checks, signed pushes.

The hub side of the protocol, small enough to read in one sitting:

- a subscriber POSTs a form (`hub.mode` subscribe|unsubscribe, `hub.topic`, `hub.callback`,
  optional `hub.secret` and `hub.lease_seconds`); a well-formed request is answered 202 at once
  and checked afterwards on a thread of its own, as §5.3 describes;
- a topic the hub does not serve is refused with a `hub.mode=denied` GET to the callback (§5.2);
- otherwise the hub GETs the callback with `hub.challenge` and only a 2xx answer whose body is
  exactly the challenge makes the subscription (or the unsubscription) take effect (§5.3.1);
- `publish(topic)` POSTs the topic's current content to every live subscriber, with the topic's
  Content-Type, `Link: <hub>; rel="hub", <topic>; rel="self"`, and, when the subscriber gave a
  secret, `X-Hub-Signature: sha256=<HMAC-SHA256 of the body>` (§7, §8).

It serves only the fixture site and talks only to the callbacks it is given, with stdlib HTTP and
no proxy, so that the demo needs nothing but loopback.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit

DEFAULT_LEASE_S = 10 * 24 * 3600
MIN_LEASE_S = 60
MAX_LEASE_S = 30 * 24 * 3600
MAX_SECRET_BYTES = 199  # §5.1: "MUST be less than 200 bytes in length"
CALLBACK_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class TopicContent:
    """What a push carries: the topic's current body and media type."""

    body: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Subscription:
    callback: str
    topic: str
    secret: str | None
    lease_seconds: int
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Verification:
    """One intent check or denial notice the hub sent, and how the callback answered."""

    callback: str
    topic: str
    mode: str  # subscribe | unsubscribe | denied
    verified: bool  # the callback echoed the challenge (always False for a denial)
    status: int | None  # the callback's HTTP status; None when it could not be reached


@dataclass(frozen=True, slots=True)
class Delivery:
    callback: str
    topic: str
    status: int | None  # None when the callback could not be reached

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class HubRequestError(ValueError):
    """A subscription request the hub refuses outright (answered 400)."""


class Hub:
    """Thread-safe: requests arrive on server threads, checks run on their own threads."""

    def __init__(self, url: str, content: Callable[[str], TopicContent | None]) -> None:
        """`content(topic)` is the topic's current content, or None for a topic not served."""
        self.url = url
        self._content = content
        self._lock = threading.Condition()
        self._subscriptions: dict[tuple[str, str], Subscription] = {}
        self._verifications: list[Verification] = []
        self._deliveries: list[Delivery] = []
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # -- subscribing ---------------------------------------------------------------------------

    def handle_request(self, form: Mapping[str, str]) -> None:
        """Accept a subscription request for checking, or raise HubRequestError."""
        mode = form.get("hub.mode", "")
        topic = form.get("hub.topic", "")
        callback = form.get("hub.callback", "")
        secret = form.get("hub.secret") or None
        if mode not in ("subscribe", "unsubscribe"):
            raise HubRequestError("hub.mode must be subscribe or unsubscribe")
        if not topic:
            raise HubRequestError("hub.topic is required")
        if urlsplit(callback).scheme not in ("http", "https") or not urlsplit(callback).netloc:
            raise HubRequestError("hub.callback must be an absolute http(s) URL")
        if secret is not None and len(secret.encode()) > MAX_SECRET_BYTES:
            raise HubRequestError("hub.secret must be less than 200 bytes")
        lease = _lease(form.get("hub.lease_seconds"))
        thread = threading.Thread(
            target=self._check,
            args=(mode, topic, callback, secret, lease),
            name="broadsheet-demo-hub-verify",
            daemon=True,
        )
        thread.start()

    def _check(self, mode: str, topic: str, callback: str, secret: str | None, lease: int) -> None:
        if self._content(topic) is None:
            query = {"hub.mode": "denied", "hub.topic": topic, "hub.reason": "unknown topic"}
            status, _ = self._get(callback, query)
            self._record(Verification(callback, topic, "denied", False, status))
            return
        challenge = secrets.token_urlsafe(24)
        query = {"hub.mode": mode, "hub.topic": topic, "hub.challenge": challenge}
        if mode == "subscribe":
            query["hub.lease_seconds"] = str(lease)
        status, body = self._get(callback, query)
        verified = status is not None and 200 <= status < 300 and body == challenge.encode()
        with self._lock:
            if verified and mode == "subscribe":
                expires = datetime.now(UTC) + timedelta(seconds=lease)
                sub = Subscription(callback, topic, secret, lease, expires)
                self._subscriptions[(topic, callback)] = sub
            elif verified:
                self._subscriptions.pop((topic, callback), None)
        self._record(Verification(callback, topic, mode, verified, status))

    def _get(self, callback: str, query: Mapping[str, str]) -> tuple[int | None, bytes]:
        joiner = "&" if urlsplit(callback).query else "?"
        url = callback + joiner + urlencode(query)
        try:
            with self._opener.open(url, timeout=CALLBACK_TIMEOUT_S) as response:
                return int(response.status), response.read(4096)
        except urllib.error.HTTPError as exc:
            return exc.code, b""
        except (urllib.error.URLError, OSError):
            return None, b""

    def _record(self, verification: Verification) -> None:
        with self._lock:
            self._verifications.append(verification)
            self._lock.notify_all()

    # -- what the hub knows ------------------------------------------------------------------

    def subscriptions(self, topic: str | None = None) -> list[Subscription]:
        """Live (verified, unexpired) subscriptions, of one topic or all."""
        now = datetime.now(UTC)
        with self._lock:
            return [
                s
                for s in self._subscriptions.values()
                if (topic is None or s.topic == topic) and s.expires_at > now
            ]

    def verifications(self) -> list[Verification]:
        with self._lock:
            return list(self._verifications)

    def deliveries(self) -> list[Delivery]:
        with self._lock:
            return list(self._deliveries)

    def wait_for_verification(
        self, callback: str, topic: str, mode: str | None = None, timeout_s: float = 10.0
    ) -> Verification | None:
        """The newest check of this callback and topic (of `mode`, when given), waiting for one
        if there is none yet: checks run on their own threads, after the request was answered."""
        with self._lock:
            found = self._lock.wait_for(
                lambda: _latest(self._verifications, callback, topic, mode), timeout=timeout_s
            )
            return found if isinstance(found, Verification) else None

    # -- distributing --------------------------------------------------------------------------

    def publish(self, topic: str) -> list[Delivery]:
        """Push the topic's current content to each live subscriber; blocks until each answered.

        Pushes are not retried: the demo's subscribers are on loopback, and a subscriber that
        misses one still polls.
        """
        content = self._content(topic)
        if content is None:
            raise KeyError(topic)
        deliveries = [self._push(s, content) for s in self.subscriptions(topic)]
        with self._lock:
            self._deliveries.extend(deliveries)
        return deliveries

    def _push(self, sub: Subscription, content: TopicContent) -> Delivery:
        headers = {
            "Content-Type": content.content_type,
            "Link": f'<{self.url}>; rel="hub", <{sub.topic}>; rel="self"',
        }
        if sub.secret:
            digest = hmac.new(sub.secret.encode(), content.body, hashlib.sha256).hexdigest()
            headers["X-Hub-Signature"] = f"sha256={digest}"
        request = urllib.request.Request(
            sub.callback, data=content.body, headers=headers, method="POST"
        )
        try:
            with self._opener.open(request, timeout=CALLBACK_TIMEOUT_S) as response:
                return Delivery(sub.callback, sub.topic, int(response.status))
        except urllib.error.HTTPError as exc:
            return Delivery(sub.callback, sub.topic, exc.code)
        except (urllib.error.URLError, OSError):
            return Delivery(sub.callback, sub.topic, None)


def _lease(requested: str | None) -> int:
    """The lease the hub grants: what was asked, within the hub's limits (§5.1 lets it choose)."""
    try:
        asked = int(requested) if requested else DEFAULT_LEASE_S
    except ValueError as exc:
        raise HubRequestError("hub.lease_seconds must be a whole number of seconds") from exc
    return min(max(asked, MIN_LEASE_S), MAX_LEASE_S)


def _latest(
    verifications: list[Verification], callback: str, topic: str, mode: str | None
) -> Verification | None:
    for v in reversed(verifications):
        if v.callback == callback and v.topic == topic and (mode is None or v.mode == mode):
            return v
    return None
