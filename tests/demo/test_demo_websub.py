"""The demo's WebSub hub, driven over real sockets by a callback on loopback."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator

import feedparser
import httpx
import pytest

from broadsheet.demo import DemoSite
from broadsheet.websub import signature_valid
from tests.demo.subscriber import Callback


@pytest.fixture
def callback() -> Iterator[Callback]:
    with Callback() as cb:
        yield cb


def _ask(site: DemoSite, mode: str, topic: str, callback: str, **extra: str) -> httpx.Response:
    form = {"hub.mode": mode, "hub.topic": topic, "hub.callback": callback, **extra}
    return httpx.post(site.hub_url, data=form, timeout=10)


def test_ledger_feeds_advertise_the_hub_and_themselves(site: DemoSite) -> None:
    topics = site.hub_topics()
    assert topics and all("/ledger/feeds/" in t for t in topics)
    assert set(topics) < set(site.feed_urls())
    for url in site.feed_urls():
        response = httpx.get(url, timeout=10)
        links = {
            (link.get("rel"), link.get("href"))
            for link in feedparser.parse(response.content).feed.links
        }
        header = response.headers.get("link", "")
        if url in topics:
            assert ("hub", site.hub_url) in links and ("self", url) in links
            assert f'<{site.hub_url}>; rel="hub"' in header and f'<{url}>; rel="self"' in header
        else:
            assert not any(rel == "hub" for rel, _ in links) and "hub" not in header


def test_subscription_is_verified_then_pushes_are_signed(
    site: DemoSite, callback: Callback
) -> None:
    topic = site.hub_topics()[0]
    response = _ask(
        site,
        "subscribe",
        topic,
        callback.url,
        **{"hub.secret": "s3cret", "hub.lease_seconds": "3600"},
    )
    assert response.status_code == 202
    check = site.hub.wait_for_verification(callback.url, topic, "subscribe")
    assert check is not None and check.verified
    asked = callback.checks[-1]
    assert asked["hub.mode"] == "subscribe" and asked["hub.topic"] == topic
    assert asked["hub.lease_seconds"] == "3600" and asked["feed"] == "ledger"
    assert [s.callback for s in site.hub.subscriptions(topic)] == [callback.url]

    deliveries = site.publish(topic)
    assert [d.ok for d in deliveries] == [True]
    push = callback.pushes[-1]
    feed_now = httpx.get(topic, timeout=10)
    assert push.body == feed_now.content
    assert push.headers["content-type"] == feed_now.headers["content-type"]
    expected = "sha256=" + hmac.new(b"s3cret", push.body, hashlib.sha256).hexdigest()
    assert push.headers["x-hub-signature"] == expected
    assert signature_valid(push.body, push.headers["x-hub-signature"], "s3cret")
    assert not signature_valid(push.body, push.headers["x-hub-signature"], "other")
    assert f'<{site.hub_url}>; rel="hub"' in push.headers["link"]
    assert f'<{topic}>; rel="self"' in push.headers["link"]

    assert _ask(site, "unsubscribe", topic, callback.url).status_code == 202
    done = site.hub.wait_for_verification(callback.url, topic, "unsubscribe")
    assert done is not None and done.verified
    assert site.hub.subscriptions(topic) == []
    pushes = len(callback.pushes)
    assert site.publish(topic) == [] and len(callback.pushes) == pushes


def test_a_callback_that_fails_the_challenge_is_not_subscribed(site: DemoSite) -> None:
    topic = site.hub_topics()[1]
    with Callback(accept=False) as stranger:
        assert _ask(site, "subscribe", topic, stranger.url).status_code == 202
        check = site.hub.wait_for_verification(stranger.url, topic)
        assert check is not None and not check.verified and check.status == 404
        assert stranger.checks and "hub.challenge" in stranger.checks[-1]
        assert all(s.callback != stranger.url for s in site.hub.subscriptions())
        site.publish(topic)
        assert stranger.pushes == []


def test_unknown_topics_are_denied_and_bad_requests_refused(
    site: DemoSite, callback: Callback
) -> None:
    courier = next(u for u in site.feed_urls() if "/courier/" in u)
    assert _ask(site, "subscribe", courier, callback.url).status_code == 202
    check = site.hub.wait_for_verification(callback.url, courier)
    assert check is not None and check.mode == "denied" and not check.verified
    assert (
        callback.checks[-1]["hub.mode"] == "denied" and "hub.challenge" not in callback.checks[-1]
    )

    topic = site.hub_topics()[0]
    assert _ask(site, "watch", topic, callback.url).status_code == 400
    assert _ask(site, "subscribe", topic, "ftp://example.org/cb").status_code == 400
    assert (
        _ask(site, "subscribe", topic, callback.url, **{"hub.secret": "x" * 200}).status_code == 400
    )
    not_a_form = httpx.post(
        site.hub_url, content=b"{}", headers={"Content-Type": "application/json"}
    )
    assert not_a_form.status_code == 400
    assert httpx.post(site.base_url + "/ledger/", data={"a": "b"}).status_code == 405


def test_releasing_a_held_back_article_pushes_it_live(callback: Callback) -> None:
    with DemoSite(held_back=2) as site:
        held = site.held_back()
        assert len(held) == 2 and all(p.publisher.websub for p in held)
        first = held[0]
        topics = [t for t in site.hub_topics() if f"/{first.section.lower()}." in t]
        assert len(topics) == 2  # its section's RSS and Atom feeds
        before = {t: httpx.get(t, timeout=10).content for t in topics}
        assert all(site.url_for(first).encode() not in body for body in before.values())
        for topic in topics:
            _ask(site, "subscribe", topic, callback.url, **{"hub.secret": "k"})
            check = site.hub.wait_for_verification(callback.url, topic)
            assert check is not None and check.verified

        released = site.release_next()
        assert released is not None
        page, deliveries = released
        assert page is first and site.held_back() == held[1:]
        assert sorted(d.topic for d in deliveries) == sorted(topics) and all(
            d.ok for d in deliveries
        )
        for push in callback.pushes[-2:]:
            assert signature_valid(push.body, push.headers["x-hub-signature"], "k")
            entries = feedparser.parse(push.body).entries
            assert entries[0].link == site.url_for(first)
        for topic in topics:
            assert site.url_for(first).encode() in httpx.get(topic, timeout=10).content
        assert site.release_next() is not None and site.release_next() is None
