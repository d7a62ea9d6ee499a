"""The rules page: readers see, add and delete their own filters and mutes, apply filters to
stored articles, get a clear reason when a rule cannot work, and never reach another reader's
rules, feeds or folders."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from broadsheet.rules import SKIPPED_TAG
from broadsheet.store import Store
from tests.web.conftest import add_article, as_user, csrf_of, make_user


def test_rules_page_needs_sign_in_and_csrf(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    anon = app_factory()
    r = anon.get("/rules", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/signin")

    ann = make_user(sqlite_store, "ann")
    c = as_user(app_factory(), ann)
    page = c.get("/rules")
    assert page.status_code == 200
    assert "No filters yet" in page.text and "Nothing muted" in page.text
    assert 'href="/rules"' in page.text  # the nav link for signed-in readers
    no_token = c.post("/rules/filters", data={"pattern": "x", "action": "skip"})
    assert no_token.status_code == 403
    assert sqlite_store.list_filter_rules(ann.id) == []


def test_add_apply_and_delete_filters_and_mutes(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ann = make_user(sqlite_store, "ann")
    feed, _ = sqlite_store.add_feed("https://mine.example/rss", title="Mine")
    sport = add_article(sqlite_store, 1, feed_id=feed.id, title="Cup final tonight")
    news = add_article(sqlite_store, 2, feed_id=feed.id, title="Budget passes")
    folder = sqlite_store.folder_for(ann.id, "Local")
    sqlite_store.subscribe(ann.id, feed.id, folder_id=folder.id)
    c = as_user(app_factory(), ann)
    token = csrf_of(c, "/rules")
    page = c.get("/rules").text
    assert f'value="feed:{feed.id}"' in page and f'value="folder:{folder.id}"' in page

    added = c.post(
        "/rules/filters",
        data={
            "csrf_token": token,
            "target": f"feed:{feed.id}",
            "field": "title",
            "match": "words",
            "pattern": "cup final",
            "action": "skip",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    c.post(
        "/rules/filters",
        data={
            "csrf_token": token,
            "target": f"folder:{folder.id}",
            "field": "title",
            "match": "regex",
            "pattern": r"^budget\b",
            "action": "tag",
            "tag": "money",
        },
    )
    rules = sqlite_store.list_filter_rules(ann.id)
    assert [(r.scope, r.scope_id, r.action) for r in rules] == [
        ("feed", feed.id, "skip"),
        ("folder", folder.id, "tag"),
    ]
    page = c.get("/rules").text
    assert "cup final" in page and "money" in page and "Mine" in page and "Local" in page

    applied = c.post("/rules/apply", data={"csrf_token": token}, follow_redirects=False)
    assert applied.status_code == 303
    shown = c.get(applied.headers["location"]).text
    assert re.search(r"changed 2 stored articles", shown)
    tags = sqlite_store.article_tags(ann.id, [sport, news])
    assert SKIPPED_TAG in tags[sport] and tags[news] == ["money"]

    c.post("/rules/mutes", data={"csrf_token": token, "kind": "publisher", "value": "The Daily"})
    mutes = sqlite_store.list_mutes(ann.id)
    assert [(m.kind, m.value) for m in mutes] == [("publisher", "The Daily")]
    assert "The Daily" in c.get("/rules").text

    for r in rules:
        gone = c.post(f"/rules/filters/{r.id}/delete", data={"csrf_token": token})
        assert gone.status_code == 200  # followed the redirect back to the page
    c.post(f"/rules/mutes/{mutes[0].id}/delete", data={"csrf_token": token})
    assert sqlite_store.list_filter_rules(ann.id) == [] and sqlite_store.list_mutes(ann.id) == []


def test_broken_rules_say_why_and_keep_the_input(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ann = make_user(sqlite_store, "ann")
    c = as_user(app_factory(), ann)
    token = csrf_of(c, "/rules")
    bad = c.post(
        "/rules/filters",
        data={"csrf_token": token, "match": "regex", "pattern": "(unclosed", "action": "skip"},
    )
    assert bad.status_code == 422
    assert "not a valid regular expression" in bad.text
    assert 'value="(unclosed"' in bad.text  # what was typed is still there
    no_tag = c.post(
        "/rules/filters", data={"csrf_token": token, "pattern": "x", "action": "tag", "tag": ""}
    )
    assert no_tag.status_code == 422 and "needs the tag" in no_tag.text
    no_value = c.post("/rules/mutes", data={"csrf_token": token, "kind": "topic", "value": " "})
    assert no_value.status_code == 422 and "say what to mute" in no_value.text
    assert sqlite_store.list_filter_rules(ann.id) == [] and sqlite_store.list_mutes(ann.id) == []


def test_another_readers_rules_feeds_and_folders_are_out_of_reach(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    ann = make_user(sqlite_store, "ann")
    bob = make_user(sqlite_store, "bob")
    feed, _ = sqlite_store.add_feed("https://bobs.example/rss", title="Bobs feed")
    sqlite_store.subscribe(bob.id, feed.id)
    bobs_folder = sqlite_store.folder_for(bob.id, "Secret folder")
    rule = sqlite_store.add_filter_rule(bob.id, pattern="bobword", action="star")
    mute = sqlite_store.add_mute(bob.id, "author", "Bobs Nemesis")

    c = as_user(app_factory(), ann)
    token = csrf_of(c, "/rules")
    page = c.get("/rules").text
    assert "bobword" not in page and "Bobs Nemesis" not in page and "Secret folder" not in page
    assert c.post(f"/rules/filters/{rule.id}/delete", data={"csrf_token": token}).status_code == 404
    assert c.post(f"/rules/mutes/{mute.id}/delete", data={"csrf_token": token}).status_code == 404
    for target in (f"feed:{feed.id}", f"folder:{bobs_folder.id}"):
        r = c.post(
            "/rules/filters",
            data={"csrf_token": token, "target": target, "pattern": "x", "action": "skip"},
        )
        assert r.status_code == 404
    c.post("/rules/apply", data={"csrf_token": token})
    assert sqlite_store.list_filter_rules(bob.id) == [rule]
    assert sqlite_store.list_mutes(bob.id) == [mute]
    assert sqlite_store.list_filter_rules(ann.id) == []


def test_a_muted_publisher_disappears_from_that_readers_front_page(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    from tests.web.test_reading import _story

    _story(sqlite_store)
    reader = make_user(sqlite_store, "muter")
    other = make_user(sqlite_store, "other")
    sqlite_store.add_mute(reader.id, "publisher", "The Hindu")
    mine = as_user(app_factory(), reader).get("/").text
    theirs = as_user(app_factory(), other).get("/").text
    assert "Monsoon reaches Kerala" in theirs, "the story leads with The Hindu for others"
    assert "Monsoon reaches Kerala" not in mine, "muted publisher's article is hidden"
    assert "Rains arrive in India" in mine or "IMD confirms onset" in mine, (
        "the story itself stays, told by the other publishers"
    )


def test_mutes_apply_to_related_coverage_and_story_pages(
    app_factory: Callable[[], TestClient], sqlite_store: Store
) -> None:
    from tests.web.test_reading import _story

    ids = _story(sqlite_store)
    reader = make_user(sqlite_store, "quiet")
    sqlite_store.add_mute(reader.id, "publisher", "Reuters")
    muted = as_user(app_factory(), reader)
    plain = app_factory()
    related_muted = muted.get(f"/articles/{ids['hindu']}").text.split('id="related-title"')[1]
    related_plain = plain.get(f"/articles/{ids['hindu']}").text.split('id="related-title"')[1]
    assert "Reuters" in related_plain and "Reuters" not in related_muted
    assert "Reuters" in plain.get(f"/stories/{ids['story']}").text
    assert "Reuters" not in muted.get(f"/stories/{ids['story']}").text
