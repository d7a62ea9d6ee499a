"""Online story clustering over a time window, with duplicates and related candidates.

Each new article is compared with the stories still active in the window, found through an
inverted index of their strongest terms, so the cost of one article depends on the window and
not on the archive. It joins the most similar story when the cosine with that story's centroid
passes a threshold, else it starts one. Duplicates join the story of the article they copy but
do not pull on its centroid (ten outlets running one wire story are one voice, not ten).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from broadsheet.stories.dedup import DupFeatures, DuplicateIndex, dup_features
from broadsheet.stories.doc import Assignment, StoryDoc
from broadsheet.stories.features import (
    TOP_TERMS,
    DocumentFrequencies,
    TermCounts,
    cosine,
    term_counts,
    top_terms,
    weigh,
)
from broadsheet.stories.ranking import RelatedCandidate
from broadsheet.stories.text import content_hash, words

DEFAULT_THRESHOLD = 0.25
DEFAULT_WINDOW = timedelta(days=14)  # long enough for a story told over weeks
DEFAULT_MAX_DOCS = 50_000
CANDIDATE_STORIES = 20  # centroids scored per new article, by shared indexed terms
RELATED_STORIES = 5  # other stories whose articles may be related
RELATED_PER_STORY = 20  # latest articles of a story scored for related
DOC_TERMS = 60  # terms kept per article for related ranking
CENTROID_TERMS = 400  # terms kept per story centroid


@dataclass(slots=True)
class _Doc:
    key: str
    story: str
    duplicate_of: str | None
    time: datetime | None
    publisher: str | None
    vec: dict[str, float]
    top: list[str]


@dataclass(slots=True)
class _Story:
    key: str
    centroid: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0
    members: list[str] = field(default_factory=list)
    live: int = 0  # members still in the window
    last: datetime | None = None
    first: datetime | None = None
    indexed: set[str] = field(default_factory=set)

    def absorb(self, vec: dict[str, float]) -> None:
        c = self.centroid
        for t, v in vec.items():
            c[t] = c.get(t, 0.0) + v
        if len(c) > CENTROID_TERMS * 2:
            keep = sorted(c, key=c.__getitem__, reverse=True)[:CENTROID_TERMS]
            self.centroid = c = {t: c[t] for t in keep}
        self.norm = math.sqrt(sum(v * v for v in c.values()))

    def similarity(self, vec: dict[str, float]) -> float:
        return cosine(vec, self.centroid) / self.norm if self.norm else 0.0


class StoryEngine:
    """The in-memory index of recent articles; one per process, fed in arrival order."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        window: timedelta = DEFAULT_WINDOW,
        max_docs: int = DEFAULT_MAX_DOCS,
    ) -> None:
        self.threshold = threshold
        self.window = window
        self.max_docs = max_docs
        self._dfs = DocumentFrequencies()
        self._dups = DuplicateIndex()
        self._docs: dict[str, _Doc] = {}
        self._order: deque[str] = deque()
        self._stories: dict[str, _Story] = {}
        self._index: dict[str, set[str]] = {}  # term -> story keys
        self._clock: datetime | None = None

    def __len__(self) -> int:
        return len(self._docs)

    # -- public API -----------------------------------------------------------------------

    def add(self, doc: StoryDoc) -> Assignment:
        """Decide and record: duplicate of an earlier article, member of a story, or a new one."""
        tokens = words(doc.text)
        dupf = dup_features(content_hash(doc.title, doc.text), tokens)
        tc = term_counts(doc.title, doc.text)
        time = self._tick(doc.published)
        match = self._dups.find(dupf)
        if match is not None and match.key in self._docs:
            original = self._docs[match.key]
            self._record(doc, original.story, match.key, tc, dupf, time)
            return Assignment(doc.key, original.story, match.key, match.score)
        self._dfs.observe(tc)
        vec = weigh(tc, self._dfs)
        story, score = self._best_story(vec, time)
        story_key = story.key if story is not None and score >= self.threshold else doc.key
        self._record(doc, story_key, None, tc, dupf, time, vec=vec)
        return Assignment(doc.key, story_key, None, score if story_key != doc.key else 0.0)

    def add_existing(self, doc: StoryDoc, story_key: str, duplicate_of: str | None) -> None:
        """Put back an article whose decision is already stored (start-up after a restart)."""
        tc = term_counts(doc.title, doc.text)
        dupf = dup_features(content_hash(doc.title, doc.text), words(doc.text))
        time = self._tick(doc.published)
        if duplicate_of is None:
            self._dfs.observe(tc)
        self._record(doc, story_key, duplicate_of, tc, dupf, time)

    def story_of(self, key: str) -> str | None:
        d = self._docs.get(key)
        return d.story if d is not None else None

    def related(self, doc_key: str, limit: int = 10) -> list[tuple[str, float]]:
        """Articles in the window most related to `doc_key`, best first; its duplicates excluded.

        Candidates are the members of its own story and of the stories sharing its indexed
        terms; the score is the cosine of the articles' term vectors.
        """
        d = self._docs.get(doc_key)
        if d is None:
            return []
        root = d.duplicate_of or d.key
        stories = [d.story, *self._candidate_stories(d.top, exclude=d.story)[:RELATED_STORIES]]
        scored: list[tuple[str, float]] = []
        for skey in stories:
            s = self._stories.get(skey)
            if s is None:
                continue
            for m in s.members[-RELATED_PER_STORY:]:
                o = self._docs.get(m)
                if o is None or m in (doc_key, root) or o.duplicate_of == root:
                    continue
                scored.append((m, cosine(d.vec, o.vec)))
        scored.sort(key=lambda kv: kv[1], reverse=True)
        return scored[:limit]

    def related_candidates(self, doc_key: str, limit: int = 50) -> list[RelatedCandidate]:
        """`related` with what `rank_related` needs: publisher, time, and same story or not."""
        d = self._docs.get(doc_key)
        if d is None:
            return []
        out: list[RelatedCandidate] = []
        for key, score in self.related(doc_key, limit):
            o = self._docs[key]
            out.append(RelatedCandidate(key, score, o.publisher, o.time, o.story == d.story))
        return out

    # -- internals ------------------------------------------------------------------------

    def _tick(self, published: datetime | None) -> datetime | None:
        if published is not None and (self._clock is None or published > self._clock):
            self._clock = published
        return published or self._clock

    def _candidate_stories(self, terms: list[str], exclude: str | None = None) -> list[str]:
        hits: dict[str, int] = {}
        for t in terms:
            for s in self._index.get(t, ()):
                hits[s] = hits.get(s, 0) + 1
        hits.pop(exclude or "", None)
        return sorted(hits, key=hits.__getitem__, reverse=True)[:CANDIDATE_STORIES]

    def _best_story(
        self, vec: dict[str, float], time: datetime | None
    ) -> tuple[_Story | None, float]:
        best: _Story | None = None
        best_score = 0.0
        for skey in self._candidate_stories(top_terms(vec)):
            s = self._stories[skey]
            if (
                time is not None
                and s.first is not None
                and s.last is not None
                and not s.first - self.window <= time <= s.last + self.window
            ):
                continue
            score = s.similarity(vec)
            if score > best_score:
                best, best_score = s, score
        return best, best_score

    def _record(
        self,
        doc: StoryDoc,
        story_key: str,
        duplicate_of: str | None,
        tc: TermCounts,
        dupf: DupFeatures,
        time: datetime | None,
        vec: dict[str, float] | None = None,
    ) -> None:
        if vec is None:
            vec = weigh(tc, self._dfs)
        story = self._stories.get(story_key)
        if story is None:
            story = self._stories[story_key] = _Story(story_key)
        ranked = sorted(vec, key=vec.__getitem__, reverse=True)
        top = ranked[:TOP_TERMS]
        if duplicate_of is None:
            story.absorb(vec)
            for t in top:
                if t not in story.indexed:
                    story.indexed.add(t)
                    self._index.setdefault(t, set()).add(story_key)
        story.members.append(doc.key)
        story.live += 1
        if time is not None:
            story.first = time if story.first is None else min(story.first, time)
            story.last = time if story.last is None else max(story.last, time)
        kept = {t: vec[t] for t in ranked[:DOC_TERMS]}
        self._docs[doc.key] = _Doc(doc.key, story_key, duplicate_of, time, doc.publisher, kept, top)
        self._dups.add(doc.key, dupf)
        self._order.append(doc.key)
        self._evict()

    def _evict(self) -> None:
        horizon = self._clock - self.window if self._clock is not None else None
        while self._order:
            if len(self._order) <= self.max_docs:
                first = self._docs.get(self._order[0])
                if first is not None and (
                    horizon is None or first.time is None or first.time >= horizon
                ):
                    break
            self._forget(self._order.popleft())

    def _forget(self, key: str) -> None:
        d = self._docs.pop(key, None)
        self._dups.remove(key)
        if d is None:
            return
        s = self._stories.get(d.story)
        if s is None:
            return
        s.live -= 1
        if s.live <= 0:
            for t in s.indexed:
                keys = self._index.get(t)
                if keys is not None:
                    keys.discard(s.key)
                    if not keys:
                        del self._index[t]
            del self._stories[s.key]
