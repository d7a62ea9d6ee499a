""" "Ask about this story": the question box on article and story pages. The answer quotes the
coverage's own sentences with citations, or says plainly that the coverage does not answer."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from broadsheet.enrich import CitedSentence, SourceArticle, answer_question
from broadsheet.models import Article
from broadsheet.web.fluent import FluentAnswers, llm_configured
from broadsheet.web.render import render
from broadsheet.web.services import Services, services
from broadsheet.web.sessions import csrf_protect, current_user

router = APIRouter(dependencies=[Depends(csrf_protect)])
MAX_SOURCES = 40


def _source(a: Article) -> SourceArticle:
    return SourceArticle(
        str(a.id), a.title, a.text, a.publisher, a.published or a.fetched_at, f"/articles/{a.id}"
    )


async def _answer(request: Request, question: str, items: list[Article]) -> Response:
    question = question.strip()
    answer = None
    if question:
        sources = [_source(a) for a in items if a.duplicate_of is None][:MAX_SOURCES]
        answer = await run_in_threadpool(answer_question, question, sources)
    await run_in_threadpool(current_user, request)  # load the reader off the event loop
    fluent_token = None
    if answer is not None and answer.answered and llm_configured(services(request).settings):
        fluent_token = _fluent(request).defer(question, answer.sentences)
    template = "_answer.html" if request.headers.get("hx-request") else "answer.html"
    return render(
        request,
        template,
        title="Ask about this story",
        question=question,
        answer=answer,
        fluent_token=fluent_token,
    )


def _fluent(request: Request) -> FluentAnswers:
    state = getattr(request.app.state, "fluent", None)
    if state is None:
        state = request.app.state.fluent = FluentAnswers(services(request).settings)
    assert isinstance(state, FluentAnswers)
    return state


@router.get("/ask/fluent/{token}")
async def fluent_answer(request: Request, token: str) -> Response:
    """The LLM's rewrite of an answer's quotes, for htmx to swap in; empty when there is none."""
    text, sentences = await _fluent(request).rewrite(token)
    if text is None:
        return Response("", media_type="text/html")
    return render(request, "_fluent.html", text=text, sentences=sentences)


@router.post("/articles/{article_id}/ask")
async def ask_article(
    request: Request,
    article_id: int,
    question: str = Form("", max_length=500),
    svc: Services = Depends(services),
) -> Response:
    article = await run_in_threadpool(svc.store.get_article, article_id)
    if article is None:
        raise HTTPException(404, "No such article")
    items = [article]
    if article.story_id is not None:
        mates = await run_in_threadpool(svc.store.story_articles, article.story_id)
        items += [a for a in mates if a.id != article.id]
    return await _answer(request, question, items)


@router.post("/stories/{story_id}/ask")
async def ask_story(
    request: Request,
    story_id: int,
    question: str = Form("", max_length=500),
    svc: Services = Depends(services),
) -> Response:
    if await run_in_threadpool(svc.store.get_story, story_id) is None:
        raise HTTPException(404, "No such story")
    items = await run_in_threadpool(svc.store.story_articles, story_id)
    return await _answer(request, question, items)


@router.get("/stories/{story_id}/summary/fluent")
async def fluent_summary(
    request: Request, story_id: int, svc: Services = Depends(services)
) -> Response:
    """The LLM's rewrite of a story's extractive summary, for htmx to swap in; empty without."""
    if not llm_configured(svc.settings):
        return Response("", media_type="text/html")
    stored = await run_in_threadpool(svc.store.story_summary, story_id)
    if not stored:
        return Response("", media_type="text/html")
    sentences = [
        CitedSentence(
            text=str(s["text"]),
            article_key=str(s["article_key"]),
            publisher=s.get("publisher"),
            published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
            url=f"/articles/{s['article_key']}",
        )
        for s in stored
    ]
    text = await _fluent(request).rewrite_summary(sentences)
    if text is None:
        return Response("", media_type="text/html")
    return render(request, "_fluent.html", text=text, sentences=sentences)
