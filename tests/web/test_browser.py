"""The reader's journey in a real browser (Debian's chromium driven by Playwright) against the
app on a loopback port: sign up, subscribe, read, star, comment, search, keyboard, dark mode,
offline starred articles, and an axe-core accessibility check. Screenshots of every page are
kept under artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest

from broadsheet.config import Settings
from broadsheet.models import TopicRef
from broadsheet.store import Store, open_store
from broadsheet.web import create_app
from tests.web.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    axe_source,
    browser_missing,
    serve,
)
from tests.web.conftest import add_article

pytestmark = pytest.mark.browser
_MISSING = browser_missing()
if _MISSING:
    pytest.skip(_MISSING, allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

NOW = datetime.now(UTC)
PASSWORD = "a long enough password"
BODY = (
    "The monsoon reached Kerala on Monday, three days ahead of schedule, the India "
    "Meteorological Department said.\n\nFarmers across Kerala welcomed the rain after a hot, dry "
    "May that strained reservoirs. The weather office expects the monsoon to cover Karnataka "
    "and Goa within a week.\n\nOfficials in Thiruvananthapuram said relief teams were on alert "
    "in low-lying districts."
)


def seed(store: Store) -> dict[str, int]:
    wire, _ = store.add_feed("https://wire.example/rss", title="Example Wire")
    ids: dict[str, int] = {}
    coverage = [
        ("hindu", "The Hindu", "Monsoon reaches Kerala three days early", 180, BODY),
        (
            "reuters",
            "Reuters",
            "India's monsoon rains arrive early, boosting farm outlook",
            120,
            "Monsoon rains arrived in Kerala three days early, the weather office said, a boost "
            "for farmers who depend on the rains.\n\nThe monsoon delivers about 70% of India's "
            "annual rainfall.",
        ),
        (
            "ht",
            "Hindustan Times",
            "IMD confirms onset of southwest monsoon over Kerala",
            13,
            "The IMD confirmed the onset of the southwest monsoon over Kerala on Monday.",
        ),
    ]
    for key, publisher, title, minutes, text in coverage:
        ids[key] = add_article(
            store,
            len(ids) + 1,
            publisher=publisher,
            title=title,
            text=text,
            feed_id=wire.id,
            published=NOW - timedelta(minutes=minutes),
            summary=text.split("\n\n")[0],
        )
        story = store.assign_story(ids[key], "monsoon", title=title)
    ids["story"] = story.id
    kerala = TopicRef(0, "kerala", "Kerala", "place", 0.9, ["Kerala"])
    monsoon = TopicRef(0, "monsoon", "Monsoon", "theme", 0.8, ["monsoon"])
    imd = TopicRef(
        0,
        "india-meteorological-department",
        "India Meteorological Department",
        "organisation",
        0.7,
        ["India Meteorological Department", "IMD"],
    )
    for key in ("hindu", "reuters", "ht"):
        store.set_article_topics(ids[key], [kerala, monsoon, imd])
    store.save_enrichment(
        ids["hindu"],
        language="en",
        key_points=[
            "The monsoon reached Kerala on Monday, three days ahead of schedule.",
            "Farmers across Kerala welcomed the rain after a hot, dry May.",
        ],
    )
    store.save_story_summary(
        story.id,
        [
            {
                "text": "Monsoon rains arrived in Kerala three days early.",
                "article_key": str(ids["reuters"]),
                "publisher": "Reuters",
                "published": None,
                "url": "https://news.example/2",
            },
            {
                "text": "Relief teams were on alert in low-lying districts.",
                "article_key": str(ids["hindu"]),
                "publisher": "The Hindu",
                "published": None,
                "url": "https://news.example/1",
            },
        ],
    )
    others = [
        ("Le Monde", "La BCE maintient ses taux directeurs", 300),
        ("BBC News", "Kerala tourism rebounds after record season", 600),
        ("Al Jazeera", "Talks resume in Geneva on shipping corridor", 45),
        ("The Guardian", "Heatwave grips northern Europe", 90),
    ]
    for n, (publisher, title, minutes) in enumerate(others, start=10):
        aid = add_article(
            store,
            n,
            publisher=publisher,
            title=title,
            feed_id=wire.id,
            published=NOW - timedelta(minutes=minutes),
            text=f"{title}. A report from {publisher}.\n\nMore detail follows.",
        )
        store.assign_story(aid, f"s{n}", title=title)
        if "Kerala" in title:
            store.set_article_topics(aid, [kerala])
    return ids


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    tmp = tmp_path_factory.mktemp("browser")
    store = open_store(f"sqlite:///{tmp / 'b.db'}")
    ids = seed(store)
    settings = Settings(data_dir=str(tmp), poll=False)
    with serve(create_app(settings, store, poll=False)) as base:
        yield base, ids
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_reader_journey(browser: Browser, site: tuple[str, dict[str, int]]) -> None:
    base, ids = site
    context = browser.new_context(
        base_url=base, viewport={"width": 1280, "height": 900}, color_scheme="light"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto("/")
    shot(page, "01-front-anonymous")
    page.get_by_role("link", name="Create account").click()
    page.get_by_label("Name").fill("reader")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    shot(page, "02-signup")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("reader")

    page.goto("/subscriptions")
    page.get_by_role("button", name="Follow Example Wire").click()
    expect(page.get_by_role("button", name="Unfollow Example Wire")).to_be_visible()
    shot(page, "03-subscriptions")

    page.goto("/")
    expect(page.locator(".story-card.lead")).to_contain_text("publishers")
    shot(page, "04-front-signed-in")
    page.locator(".story-card.lead .story-title a").click()
    expect(page.locator("h1.headline")).to_be_visible()
    page.goto(f"/articles/{ids['hindu']}")
    expect(page.locator(".ai-panel")).to_contain_text("Key points")
    expect(page.locator(".body a.topic-link").first).to_be_visible()

    # star in place (htmx), then ask a question (htmx fills the answer in place)
    page.locator(".article .star").click()
    expect(page.locator(".article .star")).to_have_text("★ Starred")
    page.get_by_label("Your question").fill("Who welcomed the rain?")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator("#answer blockquote").first).to_contain_text("welcomed the rain")

    # comment
    page.get_by_label("Add a comment").fill("Good to see the **rains** early.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment-body strong")).to_have_text("rains")
    shot(page, "05-article")

    page.goto(f"/stories/{ids['story']}")
    expect(page.locator("#first-title")).to_be_visible()
    shot(page, "06-story")
    page.goto("/topics/kerala")
    shot(page, "07-topic")

    page.goto("/")
    page.locator("#q").fill('"three days early"')
    page.locator("#q").press("Enter")
    expect(page.locator(".result mark").first).to_be_visible()
    shot(page, "08-search")

    page.goto("/starred")
    expect(page.locator(".card")).to_have_count(1)
    shot(page, "09-starred")
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_keyboard_navigation_and_help(browser: Browser, site: tuple[str, dict[str, int]]) -> None:
    base, _ = site
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/latest")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    selected = page.locator(".item.selected")
    expect(selected).to_have_count(1)
    first_href = page.locator(".item").first.get_attribute("data-href")
    assert selected.get_attribute("data-href") == first_href
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    shot(page, "10-keyboard-help")
    page.keyboard.press("Escape")
    page.keyboard.press("o")
    page.wait_for_url(f"**{first_href}")
    page.goto("/latest")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    context.close()


def test_dark_mode_and_phone_layout(browser: Browser, site: tuple[str, dict[str, int]]) -> None:
    base, ids = site
    context = browser.new_context(
        base_url=base, color_scheme="dark", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"/articles/{ids['hindu']}")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 18, 18)", background
    shot(page, "11-article-dark")
    page.goto("/")
    shot(page, "12-front-dark")
    context.close()
    phone = browser.new_context(
        base_url=base,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = phone.new_page()
    page.goto("/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(page, "13-front-phone")
    page.goto(f"/articles/{ids['hindu']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "14-article-phone")
    phone.close()


def test_starred_article_readable_offline(
    browser: Browser, site: tuple[str, dict[str, int]]
) -> None:
    base, ids = site
    context = browser.new_context(base_url=base)
    page = context.new_page()
    page.goto("/signup")
    page.get_by_label("Name").fill("offline-reader")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("offline-reader")
    page.goto(f"/articles/{ids['reuters']}")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.locator(".article .star").click()
    expect(page.locator(".article .star")).to_have_text("★ Starred")
    # Ask the worker for one more sync and wait for it: syncs run in order, so when this one
    # answers every earlier one has finished and the cache holds the latest starred list.
    page.evaluate(
        """async () => {
            const reg = await navigator.serviceWorker.ready;
            await new Promise((done) => {
                const channel = new MessageChannel();
                channel.port1.onmessage = () => done();
                reg.active.postMessage({type: "sync-starred"}, [channel.port2]);
            });
        }"""
    )
    target = f"{base}/articles/{ids['reuters']}"
    cached = "async (url) => !!(await (await caches.open('broadsheet-starred-v1')).match(url))"
    assert page.evaluate(cached, target)
    context.set_offline(True)
    page.goto(f"/articles/{ids['reuters']}")
    expect(page.locator("h1.headline")).to_contain_text("monsoon rains arrive early")
    context.close()


def test_no_serious_accessibility_violations(
    browser: Browser, site: tuple[str, dict[str, int]]
) -> None:
    source = axe_source()
    if source is None:
        pytest.skip("axe-core is not available (npm pack axe-core failed); set BROADSHEET_AXE")
    base, ids = site
    found: dict[str, list[Any]] = {}
    schemes: list[Literal["light", "dark"]] = ["light", "dark"]
    for scheme in schemes:
        context = browser.new_context(base_url=base, color_scheme=scheme)
        page = context.new_page()
        for path in [
            "/",
            "/latest",
            f"/articles/{ids['hindu']}",
            f"/stories/{ids['story']}",
            "/topics/kerala",
            "/search?q=monsoon",
            "/signin",
            "/signup",
            "/publishers",
        ]:
            page.goto(path)
            page.evaluate(source)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "nodes": [n["target"] for n in v["nodes"]][:3],
                }
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[f"{scheme} {path}"] = serious
        context.close()
    assert not found, found


def test_screenshots_exist() -> None:
    """The journey's screenshots are the artefacts CI keeps."""
    assert Path(SCREENSHOTS).is_dir()
