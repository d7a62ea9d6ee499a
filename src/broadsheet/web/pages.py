"""The public reading pages: front page of ranked stories, latest, article, story, topic,
publisher, search."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from broadsheet.models import Article, Story, TopicRef
from broadsheet.rules.muting import MuteSet
from broadsheet.sanitize import sanitize_html
from broadsheet.store.pages import SearchQuery, parse_search
from broadsheet.store.users import User
from broadsheet.translate.client import translation_available
from broadsheet.web.articleview import link_topics, related_coverage, text_to_html
from broadsheet.web.discussion import thread
from broadsheet.web.fluent import llm_configured
from broadsheet.web.highlight import highlight, snippet
from broadsheet.web.ranking import rank_stories
from broadsheet.web.render import render
from broadsheet.web.services import Services, services
from broadsheet.web.sessions import csrf_protect, current_user
from broadsheet.web.syndication import alternates

router = APIRouter(dependencies=[Depends(csrf_protect)])
PAGE_SIZE = 30
FRONT_WINDOW = timedelta(days=3)
FRONT_CANDIDATES = 150
FRONT_SIZE = 40
# Related coverage is kept six cache periods (a minute by default), not one: its topic query is
# 1.4 of the article page's 2.5 CPU ms on a miss at 100k articles, and readers spread over
# thousands of articles miss often. New coverage arrives by feed polls minutes apart, so a
# minute's delay hides nothing a reader waits for; the story and its summary stay one period.
RELATED_LASTING = 6.0
TOPICS_SAMPLE = 3000  # the topics page counts topics over this many recent articles
T = TypeVar("T")
P = ParamSpec("P")


def shared_reads(handler: Callable[P, Response]) -> Callable[P, Response]:
    """Run a page's reads on one store connection (see Store.reading): one pool checkout, BEGIN
    and reset per page instead of one per query. FastAPI passes endpoint arguments by name."""

    @functools.wraps(handler)
    def page(*args: P.args, **kwargs: P.kwargs) -> Response:
        svc = kwargs["svc"]
        assert isinstance(svc, Services)
        with svc.store.reading():
            return handler(*args, **kwargs)

    return page


def _states(request: Request, svc: Services, items: list[Article]) -> dict[int, tuple[bool, bool]]:
    user = current_user(request)
    if user is None or not items:
        return {}
    return svc.store.article_states_for(user.id, [a.id for a in items])


def article_list(
    request: Request, svc: Services, template: str, items: list[Article], page: int, **ctx: Any
) -> Response:
    shown = items[:PAGE_SIZE]
    return render(
        request,
        template,
        articles=shown,
        states=_states(request, svc, shown),
        page=page,
        has_more=len(items) > PAGE_SIZE,
        **ctx,
    )


@dataclass(slots=True)
class FrontCandidates:
    stories: list[Story]
    by_story: dict[int, list[Article]]
    topics: list[tuple[TopicRef, int]]


def front_candidates(svc: Services) -> FrontCandidates:
    """The same for every reader; each reader's subscriptions re-rank it (see ranking.py)."""
    now = datetime.now(UTC)
    stories = svc.store.latest_stories(limit=FRONT_CANDIDATES, since=now - FRONT_WINDOW)
    if not stories:
        stories = svc.store.latest_stories(limit=FRONT_CANDIDATES)
    by_story: dict[int, list[Article]] = {}
    rows = svc.store.story_article_rows([s.id for s in stories])
    for a in rows:
        if a.story_id is not None:
            by_story.setdefault(a.story_id, []).append(a)
    return FrontCandidates(stories, by_story, svc.store.topic_counts([a.id for a in rows]))


@router.get("/")
@shared_reads
def front_page(request: Request, svc: Services = Depends(services)) -> Response:
    user = current_user(request)
    found = cached(svc, "front", lambda: front_candidates(svc), pickled=False)
    subscribed = svc.store.subscribed_feed_ids(user.id) if user else set()

    by_story = found.by_story
    muted = MuteSet.of(svc.store.list_mutes(user.id)) if user else MuteSet.of([])
    if muted:
        # The shared candidates stay shared; only this reader's view drops muted articles.
        rows = [a for group in by_story.values() for a in group]
        subjects = svc.store.subjects_for(rows)
        by_story = {
            sid: kept
            for sid, group in by_story.items()
            if (kept := [a for a in group if not muted.hides(subjects[a.id])])
        }

    def stories_html() -> tuple[bool, Markup]:
        candidates = [st for st in found.stories if st.id in by_story] if muted else found.stories
        ranked = rank_stories(candidates, by_story, subscribed)[:FRONT_SIZE]
        hashtags = svc.store.topics_for_articles([r.lead.id for r in ranked])
        html = svc.templates.get_template("_front_stories.html").render(
            ranked=ranked, hashtags=hashtags
        )
        return bool(ranked), Markup(html)

    # Every anonymous visitor sees the same ranking: render it once per cache period.
    has_stories, html = (
        cached(svc, "front-anonymous", stories_html) if user is None else (stories_html())
    )
    latest = [] if has_stories else svc.store.latest_articles(limit=PAGE_SIZE)
    return render(
        request,
        "front.html",
        title="Top stories",
        ranked=has_stories,
        stories_html=html,
        articles=latest,
        states=_states(request, svc, latest),
        topics=found.topics,
        page=1,
        has_more=False,
        feeds_out=alternates("Latest", "/feed"),
    )


def cached(
    svc: Services,
    key: Hashable,
    compute: Callable[[], T],
    *,
    pickled: bool = True,
    lasting: float = 1.0,
) -> T:
    """`compute()`, shared by every reader for `lasting` × the app's cache period."""
    if svc.cache_ttl_s <= 0:
        return compute()
    return svc.cache.get_or_compute(key, svc.cache_ttl_s * lasting, compute, pickled=pickled)


@router.get("/latest")
def latest_page(
    request: Request, page: int = Query(1, ge=1, le=10_000), svc: Services = Depends(services)
) -> Response:
    items = svc.store.latest_articles(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return article_list(
        request,
        svc,
        "list.html",
        items,
        page,
        title="Latest",
        feeds_out=alternates("Latest", "/feed"),
    )


@router.get("/articles/{article_id}")
@shared_reads
def article_page(request: Request, article_id: int, svc: Services = Depends(services)) -> Response:
    view = cached(svc, ("article-view", article_id), lambda: _article_view(svc, article_id))
    if view is None:
        raise HTTPException(404, "No such article")
    article, key_points, also, topics, body, story, summary = view
    user = current_user(request)
    related = cached(
        svc,
        ("related", article.id),
        lambda: related_coverage(
            article,
            svc.store.story_articles(story.id, with_text=False) if story else [],
            [
                a
                for a, _ in svc.store.related_by_topics(
                    article.id,
                    limit=16,
                    with_text=False,
                    topic_scores=[(t.id, t.score) for t in topics],
                )
            ],
        ),
        lasting=RELATED_LASTING,
    )
    related = _without_muted(svc, user, related)
    if summary and story and user is not None and svc.store.list_mutes(user.id):
        summary = _summary_without_muted(
            summary, _without_muted(svc, user, svc.store.story_articles(story.id, with_text=False))
        )
    starred = read = False
    if user is not None:
        read, starred = svc.store.article_states_for(user.id, [article.id]).get(
            article.id, (False, False)
        )
        if not read:
            svc.store.set_article_state(user.id, [article.id], read=True)
            read = True
    return render(
        request,
        "article.html",
        title=article.title,
        article=article,
        body=body,
        also=also,
        topics=topics,
        key_points=key_points,
        story=story,
        summary=summary or [],
        summary_fluent=_summary_fluent(svc, story.id if story and summary else None),
        related=related,
        comments=thread(svc.store.comments_for(article_id=article.id), user),
        comment_target=f"/articles/{article.id}",
        starred=starred,
        read=read,
        feeds_out=alternates(story.title, f"/stories/{story.id}/feed") if story else [],
        translate_to=_translate_to(request, svc, article.language) if user else None,
    )


_ArticleView = tuple[
    Article,
    list[str],
    list[Article],
    list[TopicRef],
    str,
    Story | None,
    list[dict[str, Any]] | None,
]


def _article_view(svc: Services, article_id: int) -> _ArticleView | None:
    """What the article page shows every reader alike: read and rendered once per cache period,
    since the sanitised, topic-linked body and its five queries are most of the page's cost."""
    found = svc.store.article_with_key_points(article_id)
    if found is None:
        return None
    article, key_points = found
    also = svc.store.copies_of(article, with_text=False)
    topics = svc.store.article_topics(article.id)
    body = sanitize_html(article.html) if article.html else text_to_html(article.text)
    body = link_topics(body, topics)
    story, summary = _story_and_summary(svc, article.story_id)
    return article, key_points, also, topics, body, story, summary


def _story_and_summary(
    svc: Services, story_id: int | None
) -> tuple[Story | None, list[dict[str, Any]] | None]:
    if story_id is None:
        return None, None
    try:
        return svc.store.story_with_summary(story_id)
    except KeyError:  # the story went away since the article was read
        return None, None


def _without_muted(svc: Services, user: User | None, items: list[Article]) -> list[Article]:
    """The reader's mutes (topics, authors, publishers) apply everywhere articles are listed."""
    if user is None or not items:
        return items
    muted = MuteSet.of(svc.store.list_mutes(user.id))
    if not muted:
        return items
    subjects = svc.store.subjects_for(items)
    return [a for a in items if not muted.hides(subjects[a.id])]


def _summary_without_muted(
    summary: list[dict[str, Any]] | None, shown: list[Article]
) -> list[dict[str, Any]]:
    """Summary sentences only from articles the reader sees (muted sources drop out)."""
    keep = {str(a.id) for a in shown}
    return [s for s in summary or [] if str(s.get("article_key")) in keep]


def _summary_fluent(svc: Services, story_id: int | None) -> str | None:
    """Where the page asks for the LLM's rewrite of the story summary (None: no LLM)."""
    if story_id is None or not llm_configured(svc.settings):
        return None
    return f"/stories/{story_id}/summary/fluent"


def _translate_to(request: Request, svc: Services, language: str | None) -> str | None:
    """The reader's language to offer a machine translation into; None hides the button (no
    LLM configured, or the article is already in that language)."""
    if not translation_available(svc.settings):
        return None
    accepted = request.headers.get("accept-language", "en").split(",")[0].split(";")[0]
    wanted = accepted.strip().lower().split("-")[0] or "en"
    return None if wanted == (language or "").lower() else wanted


@router.get("/articles/{article_id}/similar")
def similar_page(request: Request, article_id: int, svc: Services = Depends(services)) -> Response:
    """Semantic "more like this": articles sharing this one's topics, strongest first."""
    article = svc.store.get_article(article_id)
    if article is None:
        raise HTTPException(404, "No such article")
    items = [a for a, _ in svc.store.related_by_topics(article.id, limit=PAGE_SIZE)]
    return article_list(request, svc, "list.html", items, 1, title=f"More like “{article.title}”")


@router.get("/stories/{story_id}")
@shared_reads
def story_page(request: Request, story_id: int, svc: Services = Depends(services)) -> Response:
    story, summary = _story_and_summary(svc, story_id)
    if story is None:
        raise HTTPException(404, "No such story")
    user = current_user(request)
    timeline = _without_muted(svc, user, svc.store.story_articles(story.id, with_text=False))
    originals = [a for a in timeline if a.duplicate_of is None]
    by_publisher: dict[str, list[Article]] = {}
    for a in timeline:
        by_publisher.setdefault(a.publisher or "Unknown publisher", []).append(a)
    first = originals[0] if originals else (timeline[0] if timeline else None)
    return render(
        request,
        "story.html",
        title=story.title,
        story=story,
        timeline=timeline,
        by_publisher=sorted(by_publisher.items(), key=lambda kv: (-len(kv[1]), kv[0])),
        first=first,
        summary=_summary_without_muted(summary, timeline),
        summary_fluent=_summary_fluent(svc, story.id),
        comments=thread(svc.store.comments_for(story_id=story.id), user),
        comment_target=f"/stories/{story.id}",
        feeds_out=alternates(story.title, f"/stories/{story.id}/feed"),
    )


@router.get("/topics")
def topics_page(request: Request, svc: Services = Depends(services)) -> Response:
    def recent_topics() -> list[tuple[TopicRef, int]]:
        recent = svc.store.latest_articles(limit=TOPICS_SAMPLE)
        return svc.store.topic_counts([a.id for a in recent], limit=120)

    topics = cached(svc, "topics", recent_topics)
    return render(request, "topics.html", title="Topics", topics=topics)


@router.get("/topics/{key}")
@shared_reads
def topic_page(
    request: Request,
    key: str,
    page: int = Query(1, ge=1, le=10_000),
    svc: Services = Depends(services),
) -> Response:
    topic = svc.store.get_topic(key)
    if topic is None:
        raise HTTPException(404, "No such topic")
    items = svc.store.topic_articles(topic.id, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return article_list(
        request,
        svc,
        "list.html",
        items,
        page,
        title=f"#{topic.name}",
        topic=topic,
        feeds_out=alternates(topic.name, f"/topics/{quote(topic.key)}/feed"),
    )


@router.get("/publishers/{name}")
@shared_reads
def publisher_page(
    request: Request,
    name: str,
    page: int = Query(1, ge=1, le=10_000),
    svc: Services = Depends(services),
) -> Response:
    items = svc.store.latest_articles(
        publisher=name, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    if not items and page == 1:
        raise HTTPException(404, "No articles from this publisher")
    return article_list(
        request,
        svc,
        "list.html",
        items,
        page,
        title=name,
        publisher=name,
        feeds_out=alternates(name, f"/publishers/{quote(name)}/feed"),
    )


@router.get("/publishers")
def publishers_page(request: Request, svc: Services = Depends(services)) -> Response:
    return render(request, "publishers.html", publishers=svc.store.publishers(), title="Publishers")


@router.get("/search")
@shared_reads
def search_page(
    request: Request,
    q: str = Query("", max_length=500),
    page: int = Query(1, ge=1, le=1000),
    svc: Services = Depends(services),
) -> Response:
    parsed = parse_search(q)
    # A query's results are the same for every reader: found, highlighted and rendered once
    # per cache period (the FTS ranking and the snippets were most of the page's CPU).
    results_html = (
        cached(svc, ("search", q, page), lambda: _search_results(svc, q, parsed, page))
        if q
        else Markup("")
    )
    return render(
        request,
        "search.html",
        title=f"Search: {q}" if q else "Search",
        q=q,
        parsed=parsed,
        results_html=results_html,
        feeds_out=alternates(f"Search: {q}", "/search/feed", query=q) if q.strip() else [],
    )


def _search_results(svc: Services, q: str, parsed: SearchQuery, page: int) -> Markup:
    """The result list and pager of one query's page, rendered (see _search_results.html)."""
    items = svc.store.search_filtered(parsed, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    terms = parsed.terms
    shown = items[:PAGE_SIZE]
    results = [(a, highlight(a.title, terms), snippet(a.text or a.summary, terms)) for a in shown]
    html = svc.templates.get_template("_search_results.html").render(
        q=q, results=results, page=page, has_more=len(items) > PAGE_SIZE
    )
    return Markup(html)
