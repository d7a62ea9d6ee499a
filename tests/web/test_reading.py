"""The reading pages with what the understanding stages store: the article page (topic links,
hashtags, key points, story summary, question box, related coverage, comments), story, topic
and front pages, search with filters, feeds out, the offline list and the 503 page."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient

from broadsheet.models import TopicRef
from broadsheet.store import Store
from tests.web.conftest import add_article, as_user, csrf_of, make_user


def _story(store: Store) -> dict[str, int]:
    """Three publishers on one story, one more article on a shared topic elsewhere."""
    now = datetime.now(UTC)
    ids = {
        "hindu": add_article(
            store,
            1,
            publisher="The Hindu",
            title="Monsoon reaches Kerala",
            published=now - timedelta(hours=3),
            text="The monsoon reached Kerala on Monday, the weather office "
            "said.\n\nFarmers in Kerala welcomed the rain after a hot May.",
        ),
        "reuters": add_article(
            store,
            2,
            publisher="Reuters",
            title="Rains arrive in India",
            published=now - timedelta(hours=2),
            text="Monsoon rains arrived in Kerala three days early, said "
            "the India Meteorological Department.",
        ),
        "ht": add_article(
            store,
            3,
            publisher="Hindustan Times",
            title="IMD confirms onset",
            published=now - timedelta(minutes=13),
            text="The IMD confirmed the onset of the monsoon over Kerala.",
        ),
        "other": add_article(
            store,
            4,
            publisher="Le Monde",
            title="Kerala tourism rebounds",
            published=now - timedelta(days=1),
            text="Tourism in Kerala rebounds after a strong season.",
        ),
    }
    for key in ("hindu", "reuters", "ht"):
        story = store.assign_story(ids[key], "monsoon-2026", title="Monsoon reaches Kerala")
    ids["story"] = story.id
    kerala = TopicRef(0, "kerala", "Kerala", "place", 0.9, ["Kerala"])
    monsoon = TopicRef(0, "monsoon", "Monsoon", "theme", 0.8, ["monsoon", "Monsoon"])
    for key in ("hindu", "reuters", "ht"):
        store.set_article_topics(ids[key], [kerala, monsoon])
    store.set_article_topics(ids["other"], [kerala])
    store.save_enrichment(
        ids["hindu"], language="en", key_points=["The monsoon reached Kerala on Monday."]
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
            }
        ],
    )
    return ids


def test_article_page_is_the_centrepiece(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ids = _story(sqlite_store)
    page = app_factory().get(f"/articles/{ids['hindu']}")
    html = page.text
    assert page.status_code == 200
    # first mention of each topic linked in the body, once; hashtags listed
    assert html.count('href="/topics/kerala">Kerala</a>') == 1
    assert 'class="topic-link" href="/topics/monsoon">monsoon</a> reached' in html
    assert "#Kerala" in html and "#Monsoon" in html
    # AI panel: key points, story summary with its publisher credited, the question box
    assert "The monsoon reached Kerala on Monday." in html
    assert "three days early." in html and 'class="cite"' in html
    assert f'hx-post="/articles/{ids["hindu"]}/ask"' in html
    # related: other publishers of the story first, then the shared-topic article, with times
    related = html.split('id="related-title"')[1]
    assert related.index("IMD confirms onset") < related.index("Kerala tourism rebounds")
    assert "Rains arrive in India" in related and "Monsoon reaches Kerala" not in related
    assert "13 minutes ago" in related and "Hindustan Times" in related
    # the story's feed is advertised
    assert f'href="/stories/{ids["story"]}/feed.atom"' in html


def test_article_page_without_enrichment_degrades(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    aid = add_article(sqlite_store, 9, publisher="Solo", title="A lone article")
    html = app_factory().get(f"/articles/{aid}").text
    assert "A lone article" in html and "Key points" not in html
    assert "Related coverage" not in html and "Ask about this story" in html


def test_question_box_quotes_with_citations_or_says_so(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ids = _story(sqlite_store)
    c = app_factory()
    token = csrf_of(c, f"/articles/{ids['hindu']}")
    hx = {"hx-request": "true", "x-csrf-token": token}
    answer = c.post(
        f"/articles/{ids['hindu']}/ask", data={"question": "Who welcomed the rain?"}, headers=hx
    )
    assert answer.status_code == 200 and "<html" not in answer.text  # a fragment for htmx
    assert "<blockquote" in answer.text and 'href="/articles/' in answer.text
    unknown = c.post(
        f"/stories/{ids['story']}/ask",
        data={"question": "What did the prime minister of Japan eat?"},
        headers=hx,
    )
    assert "does not answer" in unknown.text


def test_story_page_shows_coverage_first_and_timeline(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ids = _story(sqlite_store)
    html = app_factory().get(f"/stories/{ids['story']}").text
    first = html.split('id="first-title"')[1].split("</section>")[0]
    assert "The Hindu" in first
    timeline = html.split('id="timeline-title"')[1]
    assert timeline.index("Monsoon reaches Kerala") < timeline.index("IMD confirms onset")
    assert "3 articles from 3 publishers" in html
    assert app_factory().get("/stories/999").status_code == 404


def test_topic_page_and_topics(app_factory: Callable[[], TestClient], sqlite_store: Store) -> None:
    _story(sqlite_store)
    c = app_factory()
    topic = c.get("/topics/kerala").text
    assert "#Kerala" in topic and "Kerala tourism rebounds" in topic
    assert 'href="/topics/kerala/feed.rss"' in topic
    assert "#Kerala" in c.get("/topics").text
    assert c.get("/topics/nothing-here").status_code == 404


def test_front_page_ranks_broad_recent_stories_and_subscriptions(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    store = sqlite_store
    ids = _story(store)  # three publishers, hours old
    feed, _ = store.add_feed("https://mine.example/rss", title="Mine")
    solo = add_article(
        store,
        20,
        publisher="Local Paper",
        title="Council meets",
        published=datetime.now(UTC) - timedelta(hours=1),
        feed_id=feed.id,
    )
    store.assign_story(solo, "council", title="Council meets")
    anonymous = app_factory().get("/").text
    assert anonymous.index("IMD confirms onset") < anonymous.index("Council meets")
    assert f'href="/stories/{ids["story"]}"' in anonymous and "3 publishers" in anonymous
    reader = make_user(store, "reader")
    store.subscribe(reader.id, feed.id)
    mine = as_user(app_factory(), reader).get("/").text
    assert mine.index("Council meets") < mine.index("IMD confirms onset")
    assert "In your feeds" in mine


def test_search_phrases_filters_highlights_and_pages(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ids = _story(sqlite_store)
    for n in range(35):
        add_article(sqlite_store, 100 + n, publisher="Filler", title=f"Kerala filler {n}")
    c = app_factory()
    phrase = c.get("/search", params={"q": '"three days early"'}).text
    assert "Rains arrive in India" in phrase and "Monsoon reaches Kerala" not in phrase
    assert "<mark>three days early</mark>" in phrase
    by_pub = c.get("/search", params={"q": "kerala publisher:reuters"}).text
    assert "Rains arrive in India" in by_pub and "IMD confirms" not in by_pub
    by_topic = c.get("/search", params={"q": "topic:monsoon"}).text
    assert "IMD confirms onset" in by_topic and "Kerala tourism" not in by_topic
    first = c.get("/search", params={"q": "kerala"}).text
    assert 'rel="next"' in first
    second = c.get("/search", params={"q": "kerala", "page": 2}).text
    listed = re.compile(r'class="result item" data-href="/articles/(\d+)"')
    assert len(listed.findall(first)) == 30 and listed.findall(second)
    assert set(listed.findall(first)).isdisjoint(listed.findall(second))
    assert 'type="application/feed+json"' in first  # saved search as a feed
    saved = c.get("/search/feed.json", params={"q": "publisher:reuters"}).json()
    assert [i["title"] for i in saved["items"]] == ["Rains arrive in India"]
    assert ids["reuters"]


def test_feeds_out_in_three_formats(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ids = _story(sqlite_store)
    c = app_factory()
    rss = c.get(f"/stories/{ids['story']}/feed.rss")
    assert rss.headers["content-type"].startswith("application/rss+xml")
    titles = [t.text for t in ET.fromstring(rss.content).iter("title")]
    assert "IMD confirms onset" in titles
    atom = ET.fromstring(c.get("/topics/kerala/feed.atom").content)
    ns = "{http://www.w3.org/2005/Atom}"
    assert any(
        e.findtext(f"{ns}title") == "Kerala tourism rebounds" for e in atom.iter(f"{ns}entry")
    )
    feed = json.loads(c.get("/publishers/Reuters/feed.json").content)
    assert feed["version"].startswith("https://jsonfeed.org/version/1")
    assert feed["items"][0]["external_url"] == "https://news.example/2"
    assert c.get("/feed.rss").status_code == 200
    assert c.get("/topics/kerala/feed.xml").status_code == 404


def test_comments_thread_edit_delete_report_moderate_and_rate_limit(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    store = sqlite_store
    aid = add_article(store, 1, title="Talked about")
    ann, ben = make_user(store, "ann"), make_user(store, "ben")
    root = make_user(store, "root", admin=True)
    a = as_user(app_factory(), ann)
    token = csrf_of(a, f"/articles/{aid}")
    a.post(
        f"/articles/{aid}/comments",
        data={
            "body": "**Bold** take <script>alert(1)</script> [link](javascript:alert(1))",
            "csrf_token": token,
        },
    )
    top = store.comments_for(article_id=aid)[0]
    assert "<strong>Bold</strong>" in top.body_html and "<script>" not in top.body_html
    assert "javascript:" not in top.body_html.split("[link]")[0]
    b = as_user(app_factory(), ben)
    btoken = csrf_of(b, f"/articles/{aid}")
    b.post(
        f"/articles/{aid}/comments",
        data={"body": "reply", "parent_id": top.id, "csrf_token": btoken},
    )
    reply = store.comments_for(article_id=aid)[1]
    b.post(
        f"/articles/{aid}/comments",
        data={"body": "reply to reply", "parent_id": reply.id, "csrf_token": btoken},
    )
    nested = store.comments_for(article_id=aid)[2]
    assert reply.parent_id == top.id and nested.parent_id == top.id  # one level only
    page = b.get(f"/articles/{aid}").text
    assert page.index("Bold") < page.index("reply to reply") and 'class="replies"' in page
    a.post(f"/comments/{top.id}/edit", data={"body": "Edited take", "csrf_token": token})
    edited = store.get_comment(top.id)
    assert edited is not None and edited.body == "Edited take" and edited.edited_at
    b.post(f"/comments/{top.id}/report", data={"csrf_token": btoken})
    assert [c.id for c in store.reported_comments()] == [top.id]
    r = as_user(app_factory(), root)
    rtoken = csrf_of(r, "/admin")
    assert "Edited take" in r.get("/admin").text
    r.post(f"/admin/comments/{top.id}", data={"action": "hide", "csrf_token": rtoken})
    assert "Edited take" not in b.get(f"/articles/{aid}").text
    assert "Edited take" in a.get(f"/articles/{aid}").text  # the author still sees it
    b.post(f"/comments/{reply.id}/delete", data={"csrf_token": btoken})
    assert store.get_comment(reply.id) is None
    r.post(f"/admin/comments/{nested.id}", data={"action": "ban", "csrf_token": rtoken})
    banned = store.get_user(ben.id)
    assert banned is not None and banned.is_banned
    # rate limit: the sixth comment within a minute is refused
    statuses = [
        a.post(
            f"/articles/{aid}/comments",
            data={"body": f"n{i}", "csrf_token": token},
            follow_redirects=False,
        ).status_code
        for i in range(6)
    ]
    assert statuses[:4] == [303] * 4 and statuses[-1] == 429


def test_story_comments(app_factory: Callable[[], TestClient], sqlite_store: Store) -> None:
    ids = _story(sqlite_store)
    c = as_user(app_factory(), make_user(sqlite_store, "ann"))
    token = csrf_of(c, f"/stories/{ids['story']}")
    c.post(f"/stories/{ids['story']}/comments", data={"body": "On the story", "csrf_token": token})
    assert "On the story" in c.get(f"/stories/{ids['story']}").text


def test_reader_lists_star_read_and_offline(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    store = sqlite_store
    feed, _ = store.add_feed("https://mine.example/rss", title="Mine")
    a1 = add_article(store, 1, feed_id=feed.id, title="First of mine")
    add_article(store, 2, feed_id=feed.id, title="Second of mine")
    reader = make_user(store, "reader")
    c = as_user(app_factory(), reader)
    token = csrf_of(c, "/subscriptions")
    c.post("/subscriptions", data={"feed_id": feed.id, "folder": "Local", "csrf_token": token})
    unread = c.get("/unread").text
    assert "First of mine" in unread and 'aria-label="Folders"' in unread
    hx = {"hx-request": "true", "x-csrf-token": token}
    starred = c.post(f"/articles/{a1}/star", headers=hx)
    assert "★ Starred" in starred.text and "<html" not in starred.text
    c.post(f"/articles/{a1}/read", headers=hx)
    assert "First of mine" not in c.get("/unread").text
    assert "First of mine" in c.get("/starred").text
    assert c.get("/offline.json").json() == {"urls": [f"/articles/{a1}"]}
    folder = store.list_folders(reader.id)[0]
    assert "Second of mine" in c.get(f"/folders/{folder.id}").text
    assert app_factory().get("/offline.json").json() == {"urls": []}


def test_pwa_manifest_and_worker(app_factory: Callable[[], TestClient]) -> None:
    c = app_factory()
    manifest = c.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    worker = c.get("/sw.js")
    assert worker.status_code == 200 and "offline.json" in worker.text
    assert c.get(manifest["icons"][0]["src"]).status_code == 200


def test_database_down_shows_a_503_page(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    c = app_factory()
    assert c.get("/").status_code == 200
    from sqlalchemy import create_engine

    sqlite_store.engine = create_engine("sqlite:////nonexistent-dir/never.db")
    page = c.get("/")
    assert page.status_code == 503 and "Database unavailable" in page.text
    assert "Traceback" not in page.text


def test_a_story_in_several_languages_marks_each_article_s_language(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ids = _story(sqlite_store)
    spiegel = add_article(
        sqlite_store,
        5,
        publisher="Der Spiegel",
        title="Monsun erreicht Kerala",
        text="Der Monsun hat Kerala drei Tage früher als erwartet erreicht.",
    )
    sqlite_store.save_enrichment(spiegel, language="de", key_points=[])
    sqlite_store.assign_story(spiegel, "monsoon-2026", title="Monsoon reaches Kerala")
    html = app_factory().get(f"/stories/{ids['story']}").text
    german = f'<a href="/articles/{spiegel}" lang="de">Monsun erreicht Kerala</a>'
    assert html.count(german) == 2  # under its publisher and on the timeline
    assert html.count('<abbr class="lang-tag" title="Written in de">DE</abbr>') == 2
    english = f'<a href="/articles/{ids["reuters"]}">Rains arrive in India</a>'
    assert english in html and 'lang="en"' not in html.split("<main", 1)[-1]
    assert html.startswith('<!doctype html>\n<html lang="en">')  # the page's own language
