"""WebSub end to end: a real hub on loopback, Broadsheet's real callback server, real HTTP."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from broadsheet.store.base import utcnow
from broadsheet.websub.manager import WebSubManager
from tests.websub.conftest import Subscriber
from tests.websub.hub import LoopbackHub

TOPIC = "http://127.0.0.1:9/feed.xml"  # the feed's URL; never fetched in these tests
BODY = b"<feed xmlns='http://www.w3.org/2005/Atom'><title>pushed</title></feed>"


def _subscribed(subscriber: Subscriber, hub: LoopbackHub) -> tuple[int, WebSubManager]:
    store = subscriber.store
    feed, _ = store.add_feed(TOPIC)
    store.record_fetch_success(
        feed.id,
        fetched_at=utcnow(),
        next_check_at=utcnow() + timedelta(hours=1),
        etag=None,
        last_modified=None,
    )
    manager = WebSubManager(subscriber.settings, store)
    lease = asyncio.run(manager.ensure(store.get_feed(feed.id) or feed, hub.url))
    assert lease is not None
    hub.wait_for_verifications(1)
    return feed.id, manager


def test_subscribing_verifies_intent_with_the_hub(subscriber: Subscriber, hub: LoopbackHub) -> None:
    feed_id, _ = _subscribed(subscriber, hub)
    request = hub.requests[0]
    assert request["hub.mode"] == "subscribe"
    assert request["hub.topic"] == TOPIC
    assert request["hub.callback"].startswith(subscriber.base_url + "/websub/")
    assert len(request["hub.secret"]) >= 32
    lease = subscriber.store.websub_for_feed(feed_id)
    assert lease is not None and lease.state == "verified"
    assert lease.lease_seconds == hub.lease_seconds
    assert lease.expires_at is not None and lease.expires_at > utcnow()


def test_a_signed_push_makes_the_feed_due_now(subscriber: Subscriber, hub: LoopbackHub) -> None:
    feed_id, _ = _subscribed(subscriber, hub)
    assert feed_id not in {f.id for f in subscriber.store.due_feeds(utcnow())}
    assert hub.publish(TOPIC, BODY) == [202]
    assert feed_id in {f.id for f in subscriber.store.due_feeds(utcnow())}
    assert subscriber.pushed == [feed_id]
    lease = subscriber.store.websub_for_feed(feed_id)
    assert lease is not None and lease.last_push_at is not None


def test_a_push_signed_with_another_secret_is_ignored(
    subscriber: Subscriber, hub: LoopbackHub
) -> None:
    feed_id, _ = _subscribed(subscriber, hub)
    assert hub.publish(TOPIC, BODY, secret="not-the-secret") == [202]
    assert feed_id not in {f.id for f in subscriber.store.due_feeds(utcnow())}
    assert subscriber.pushed == []


def test_a_stranger_cannot_confirm_or_redirect_a_subscription(
    subscriber: Subscriber, hub: LoopbackHub
) -> None:
    feed_id, _ = _subscribed(subscriber, hub)
    lease = subscriber.store.websub_for_feed(feed_id)
    assert lease is not None
    for params in (
        {
            "hub.mode": "subscribe",
            "hub.topic": "http://evil.example/",
            "hub.challenge": "x",
            "hub.lease_seconds": "5",
        },
        {"hub.mode": "unsubscribe", "hub.topic": TOPIC, "hub.challenge": "x"},
    ):
        url = f"{subscriber.base_url}/websub/{lease.id}?" + urllib.parse.urlencode(params)
        try:
            urllib.request.urlopen(url, timeout=10)
            raise AssertionError("verification should have been refused")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
    after = subscriber.store.websub_for_feed(feed_id)
    assert after is not None and after.state == "verified"
    assert after.lease_seconds == lease.lease_seconds


def test_leases_are_renewed_before_they_end_with_the_same_secret(
    subscriber: Subscriber, hub: LoopbackHub
) -> None:
    feed_id, manager = _subscribed(subscriber, hub)
    assert asyncio.run(manager.renew_due()) == 0  # a fresh lease is left alone
    lease = subscriber.store.websub_for_feed(feed_id)
    assert lease is not None
    subscriber.store.set_websub_state(
        lease.id, "verified", lease_seconds=3600, expires_at=utcnow() + timedelta(minutes=5)
    )
    assert asyncio.run(manager.renew_due()) == 1
    hub.wait_for_verifications(2)
    assert len(hub.requests) == 2
    assert hub.requests[1]["hub.secret"] == hub.requests[0]["hub.secret"]
    renewed = subscriber.store.websub_for_feed(feed_id)
    assert renewed is not None and renewed.expires_at is not None
    assert renewed.expires_at > utcnow() + timedelta(minutes=30)


def test_unsubscribing_is_confirmed_and_later_pushes_are_gone(
    subscriber: Subscriber, hub: LoopbackHub
) -> None:
    feed_id, manager = _subscribed(subscriber, hub)
    asyncio.run(manager.unsubscribe(feed_id))
    hub.wait_for_verifications(2)
    assert hub.requests[-1]["hub.mode"] == "unsubscribe"
    assert hub.subscriptions == {}
    lease = subscriber.store.websub_for_feed(feed_id)
    assert lease is not None and lease.state == "unsubscribed"
    request = urllib.request.Request(
        f"{subscriber.base_url}/websub/{lease.id}", data=BODY, method="POST"
    )
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a push after unsubscribing should be refused")
    except urllib.error.HTTPError as exc:
        assert exc.code == 410


def test_an_unreachable_hub_leaves_polling_in_charge(subscriber: Subscriber) -> None:
    store = subscriber.store
    feed, _ = store.add_feed(TOPIC)
    manager = WebSubManager(subscriber.settings, store)
    lease = asyncio.run(manager.ensure(feed, "http://127.0.0.1:9/hub"))
    assert lease is not None and lease.state == "pending"


def test_feeds_that_advertised_a_hub_are_subscribed_at_start_up(
    subscriber: Subscriber, hub: LoopbackHub
) -> None:
    store = subscriber.store
    with_hub, _ = store.add_feed(TOPIC)
    without, _ = store.add_feed("http://127.0.0.1:9/other.xml")
    for feed, advertised in ((with_hub, hub.url), (without, None)):
        store.record_fetch_success(
            feed.id,
            fetched_at=utcnow(),
            next_check_at=utcnow() + timedelta(hours=1),
            etag=None,
            last_modified=None,
            hub=advertised,
        )
    manager = WebSubManager(subscriber.settings, store)
    assert asyncio.run(manager.subscribe_advertised()) == 1
    hub.wait_for_verifications(1)
    lease = store.websub_for_feed(with_hub.id)
    assert lease is not None and lease.state == "verified"
    assert store.websub_for_feed(without.id) is None
