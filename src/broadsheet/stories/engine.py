"""Online story clustering over a time window, with duplicates and related candidates.

Each new article is compared with the stories still active in the window, found through an
inverted index of their strongest terms, so the cost of one article depends on the window and
not on the archive. It joins the story whose probability under the logistic pair scorer of
`pairscore` (over the story's latest members and its centroid) clears a bar by most (a lower bar
for a story of one article, which has less to match), else it starts one. An article that
joins nothing may still join a candidate story told only in other languages, on the
multilingual encoder's word (`crosslang`), asked only where a static table distilled from it
finds the two near (`gist`). Duplicates join the story of the article they copy
but do not pull on its centroid (ten outlets running one wire story are one voice, not ten).

Vectors are numpy arrays over term ids (see `features`): the candidate stories of an article,
or the candidate related articles, are scored with one gather over a dense scratch copy of the
article's vector, and each story keeps its centroid as arrays updated when an article joins.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain

import numpy as np

from broadsheet.stories import crosslang
from broadsheet.stories.dedup import DupFeatures, DuplicateIndex, dup_features
from broadsheet.stories.doc import Assignment, StoryDoc
from broadsheet.stories.features import (
    TOP_TERMS,
    Floats,
    Ids,
    Scratch,
    TermVector,
    Vocabulary,
    channel_norms,
    news_prior,
    sum_by_id,
)
from broadsheet.stories.gist import GIST_BAR, gist
from broadsheet.stories.pairscore import (
    COEF,
    FEATURES,
    JOIN_PROBABILITY,
    MEMBERS,
    SINGLETON_PROBABILITY,
    pair_features,
    probability,
)
from broadsheet.stories.ranking import RelatedCandidate
from broadsheet.stories.text import content_hash_of, words

DEFAULT_WINDOW = timedelta(days=14)  # long enough for a story told over weeks
DEFAULT_MAX_DOCS = 50_000
CANDIDATE_STORIES = 20  # centroids scored per new article, by shared indexed terms
RELATED_STORIES = 5  # other stories whose articles may be related
RELATED_PER_STORY = 20  # latest articles of a story scored for related
DOC_TERMS = 60  # terms kept per article for related ranking
CENTROID_TERMS = 400  # terms kept per story centroid
# Channel blends on the centroid cosine were measured and not kept: they join different events
# of the same people and year on real news (docs/stories-tuning.md).

_NO_IDS: Ids = np.zeros(0, dtype=np.int64)
_NO_WEIGHTS: Floats = np.zeros(0, dtype=np.float64)
_NO_FEATURES: Floats = np.zeros((0, 0), dtype=np.float64)
_NO_GIST: Floats = np.zeros(0, dtype=np.float64)


@dataclass(slots=True)
class _Doc:
    key: str
    story: str
    duplicate_of: str | None
    time: datetime | None
    publisher: str | None
    vec: TermVector  # the DOC_TERMS heaviest terms
    top: list[int]
    channels: Floats  # channel norms of `vec`, for the pair scorer
    # what the multilingual encoder reads of the article, and its vector once computed: kept
    # only while the article is its story's latest (see `crosslang`)
    head: str | None = None
    embedding: Floats | None = None
    gist: Floats | None = None  # `gist` of the head once read (_NO_GIST where it has none)


@dataclass(slots=True)
class _Story:
    key: str
    centroid: TermVector = field(default_factory=lambda: TermVector(_NO_IDS, _NO_WEIGHTS))
    norm: float = 0.0
    members: list[str] = field(default_factory=list)
    live: int = 0  # members still in the window
    voices: int = 0  # members that are not duplicates: the articles the centroid is made of
    last: datetime | None = None
    first: datetime | None = None
    indexed: set[int] = field(default_factory=set)
    channels: Floats = field(default_factory=lambda: np.zeros(4, dtype=np.float64))
    languages: set[str] = field(default_factory=set)  # of its articles (duplicates aside)
    latest: str | None = None  # its latest article with a `head`, for other languages

    def absorb(self, vec: TermVector, kind: Ids) -> None:
        """Add an article's vector to the centroid, keeping its heaviest terms when it grows."""
        c = self.centroid
        ids, weights = sum_by_id(
            np.concatenate([c.ids, vec.ids]), np.concatenate([c.weights, vec.weights])
        )
        if ids.size > CENTROID_TERMS * 2:
            keep = np.argpartition(-weights, CENTROID_TERMS)[:CENTROID_TERMS]
            ids, weights = ids[keep], weights[keep]
        self.centroid = TermVector(ids, weights)
        self.norm = float(np.sqrt(weights @ weights))
        self.channels = channel_norms(self.centroid, kind)


class StoryEngine:
    """The in-memory index of recent articles; one per process, fed in arrival order."""

    def __init__(
        self,
        *,
        window: timedelta = DEFAULT_WINDOW,
        max_docs: int = DEFAULT_MAX_DOCS,
        join_probability: float = JOIN_PROBABILITY,
        singleton_probability: float = SINGLETON_PROBABILITY,
        coef: Floats | None = None,
        prior: bool = True,
        cross_language: bool = True,
        gate: bool = True,
    ) -> None:
        self.cross_language = cross_language  # join stories told in other languages
        self.gate = gate  # ask `gist` before the encoder (see `gist`)
        # (article, story's latest article) pairs put to the encoder before the gate, when a
        # caller sets a list here (bench/fit_gist.py), and how many pairs the gate dropped
        self.trace: list[tuple[str, str]] | None = None
        self.gated = 0
        self.join_probability = join_probability
        self.singleton_probability = singleton_probability
        self.coef = COEF if coef is None else coef  # pairscore.COEF; other values for fitting
        self.window = window
        self.max_docs = max_docs
        # document frequencies start from `features.news_prior` (see there why)
        self._vocab = news_prior().copy() if prior else Vocabulary()
        self._scratch = Scratch()
        self._dups = DuplicateIndex()
        self._docs: dict[str, _Doc] = {}
        self._order: deque[str] = deque()
        self._stories: dict[str, _Story] = {}
        # term id -> story keys, as a dict in insertion order: a set would order the candidates
        # (and break their ties) by string hashes, which change with every process
        self._index: dict[int, dict[str, None]] = {}
        self._clock: datetime | None = None
        # the stories the index found for the last article: `related` on it right after
        # (the ingest path) reuses them instead of walking the index again
        self._last_candidates: tuple[str, list[str]] | None = None

    def __len__(self) -> int:
        return len(self._docs)

    # -- public API -----------------------------------------------------------------------

    def add(self, doc: StoryDoc) -> Assignment:
        """Decide and record: duplicate of an earlier article, member of a story, or a new one."""
        return self._add(doc, None)[0]

    def add_labelled(self, doc: StoryDoc, story_key: str) -> tuple[list[str], Floats]:
        """Record `doc` in `story_key` whatever the scores say, and return the `pairscore`
        features it was scored on (one row per candidate member article) with the story of each
        row (empty for a duplicate).

        For fitting the join decision on labelled data (bench/fit_pair_scorer.py): the
        candidates and features are exactly those `add` would have decided on.
        """
        _, keys, x = self._add(doc, story_key)
        return keys, x

    def _add(self, doc: StoryDoc, forced: str | None) -> tuple[Assignment, list[str], Floats]:
        tokens = words(doc.text)
        dupf = dup_features(content_hash_of(doc.title, tokens), tokens)
        ids, counts = self._vocab.count(doc.title, doc.text, tokens)
        time = self._tick(doc.published)
        match = self._dups.find(dupf)
        if match is not None and match.key in self._docs:
            original = self._docs[match.key]
            vec = self._vocab.weigh(ids, counts)
            story = original.story if forced is None else forced
            self._record(doc, story, match.key, vec, dupf, time)
            return Assignment(doc.key, story, match.key, match.score), [], _NO_FEATURES
        self._vocab.observe(ids)
        vec = self._vocab.weigh(ids, counts)
        found = self._candidate_stories(vec.ids[:TOP_TERMS].tolist())
        candidates = self._in_window(found, time)
        keys: list[str] = []
        x = _NO_FEATURES
        seen = self._head(doc)
        embedding: Floats | None = None
        if forced is not None:
            if candidates:
                x, rows = self._pair_features(vec, candidates)
                keys = [candidates[i].key for i in rows.tolist()]
            story_key, score = forced, 0.0
        else:
            story_key, score, evidence = self._decide(doc.key, vec, candidates)
            if story_key == doc.key and seen is not None and doc.language:
                story_key, score, embedding = self._across_languages(
                    doc.key, doc.language, seen, candidates, evidence
                )
        self._last_candidates = (doc.key, found)
        self._record(doc, story_key, None, vec, dupf, time, seen, embedding)
        return Assignment(doc.key, story_key, None, score), keys, x

    def add_existing(self, doc: StoryDoc, story_key: str, duplicate_of: str | None) -> None:
        """Put back an article whose decision is already stored (start-up after a restart)."""
        tokens = words(doc.text)
        dupf = dup_features(content_hash_of(doc.title, tokens), tokens)
        ids, counts = self._vocab.count(doc.title, doc.text, tokens)
        time = self._tick(doc.published)
        if duplicate_of is None:
            self._vocab.observe(ids)
        vec = self._vocab.weigh(ids, counts)
        seen = self._head(doc) if duplicate_of is None else None
        self._record(doc, story_key, duplicate_of, vec, dupf, time, seen)

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
        if self._last_candidates is not None and self._last_candidates[0] == doc_key:
            others = [s for s in self._last_candidates[1] if s != d.story]
        else:
            others = self._candidate_stories(d.top, exclude=d.story)
        stories = [d.story, *others[:RELATED_STORIES]]
        keys: list[str] = []
        vecs: list[TermVector] = []
        for skey in stories:
            s = self._stories.get(skey)
            if s is None:
                continue
            for m in s.members[-RELATED_PER_STORY:]:
                o = self._docs.get(m)
                if o is None or m in (doc_key, root) or o.duplicate_of == root:
                    continue
                keys.append(m)
                vecs.append(o.vec)
        scores = self._scratch.scores(d.vec, vecs).tolist()
        scored = sorted(zip(keys, scores, strict=True), key=lambda kv: kv[1], reverse=True)
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

    def _candidate_stories(self, terms: list[int], exclude: str | None = None) -> list[str]:
        """Stories sharing the most indexed terms with `terms` (counted in C by `Counter`)."""
        index = self._index
        hits = Counter(chain.from_iterable([index[t] for t in terms if t in index]))
        hits.pop(exclude or "", None)
        return [s for s, _ in hits.most_common(CANDIDATE_STORIES)]

    def _in_window(self, found: list[str], time: datetime | None) -> list[_Story]:
        """The stories of `found` whose time span reaches `time` within the window."""
        out: list[_Story] = []
        for skey in found:
            s = self._stories[skey]
            if (
                time is not None
                and s.first is not None
                and s.last is not None
                and not s.first - self.window <= time <= s.last + self.window
            ):
                continue
            if s.norm > 0.0:
                out.append(s)
        return out

    def _decide(
        self, key: str, vec: TermVector, candidates: list[_Story]
    ) -> tuple[str, float, Floats]:
        """The story `vec` joins (its own `key` for a new one), the cosine behind a join, and
        each candidate's probability under the pair scorer (its best member's), which
        `_across_languages` reads as evidence."""
        evidence = np.zeros(len(candidates))
        if not candidates:
            return key, 0.0, evidence
        x, rows = self._pair_features(vec, candidates)
        if not rows.size:
            return key, 0.0, evidence
        p = probability(x, self.coef)
        np.maximum.at(evidence, rows, p)
        # a story of one article (its duplicates aside) takes a lower bar (see
        # pairscore.SINGLETON_PROBABILITY); the story clearing its own bar by most wins
        single = np.array([s.voices <= 1 for s in candidates])[rows]
        bars = np.where(single, self.singleton_probability, self.join_probability)
        margin = p - bars
        best = int(margin.argmax())
        if margin[best] >= 0.0:
            return candidates[int(rows[best])].key, float(x[best, 1]), evidence
        return key, 0.0, evidence

    def _head(self, doc: StoryDoc) -> str | None:
        """What the encoder would read of `doc`; None where no other-language join can use it."""
        if not self.cross_language or not doc.language:
            return None
        return crosslang.head(doc.title, doc.text)

    def _across_languages(
        self,
        key: str,
        language: str,
        seen: str,
        candidates: list[_Story],
        evidence: Floats,
    ) -> tuple[str, float, Floats | None]:
        """(story, encoder cosine, the article's vector) for an article the pair scorer joined
        to nothing: the best of the first CROSS_CANDIDATES candidate stories without an
        article in its language whose latest article it matches at CROSS_LANGUAGE_BAR or more
        (its own `key` and 0.0 for none; the vector is None when nothing was encoded).
        `evidence` is each candidate's pair-scorer probability, from `_decide`."""
        others: list[tuple[_Story, _Doc]] = []
        asked = 0
        for s, p in zip(candidates, evidence.tolist(), strict=True):
            latest = self._docs.get(s.latest) if s.latest is not None else None
            if s.languages and language not in s.languages and latest is not None:
                asked += 1
                # the encoder is asked only where the pair scorer sees some shared evidence
                if p >= crosslang.EVIDENCE:
                    others.append((s, latest))
                if asked == crosslang.CROSS_CANDIDATES:
                    break
        if self.trace is not None:
            self.trace.extend((key, d.key) for _, d in others)
        if self.gate and others:
            others = self._gated(seen, others)
        if not others:
            return key, 0.0, None
        missing = [d for _, d in others if d.embedding is None and d.head is not None]
        vecs = crosslang.embed([seen, *(d.head or "" for d in missing)])
        if vecs is None:
            return key, 0.0, None
        for d, v in zip(missing, vecs[1:], strict=True):
            d.embedding = v
        mine = vecs[0]
        best, top = key, crosslang.CROSS_LANGUAGE_BAR
        for s, d in others:
            if d.embedding is not None and (cos := float(d.embedding @ mine)) >= top:
                best, top = s.key, cos
        return best, (top if best != key else 0.0), mine

    def _gated(self, seen: str, others: list[tuple[_Story, _Doc]]) -> list[tuple[_Story, _Doc]]:
        """The candidates whose latest article's gist is near enough the article's to ask the
        encoder; all of them where either side has no gist (a language the table does not
        know)."""
        mine = gist(seen)
        if mine is None:
            return others
        kept: list[tuple[_Story, _Doc]] = []
        for s, d in others:
            if d.gist is None:
                g = gist(d.head) if d.head is not None else None
                d.gist = _NO_GIST if g is None else g
            if not d.gist.size or float(d.gist @ mine) >= GIST_BAR:
                kept.append((s, d))
            else:
                self.gated += 1
        return kept

    def _pair_features(self, vec: TermVector, candidates: list[_Story]) -> tuple[Floats, Ids]:
        """`pairscore` features of `vec` against the latest MEMBERS articles of each candidate
        story (duplicates skipped), and the candidate index of each row."""
        kind = self._vocab.kind
        heads: list[TermVector] = []
        head_channels: list[Floats] = []
        owner: list[int] = []
        for i, s in enumerate(candidates):
            for m in s.members[-MEMBERS:]:
                d = self._docs.get(m)
                if d is not None and d.duplicate_of is None:
                    heads.append(d.vec)
                    head_channels.append(d.channels)
                    owner.append(i)
        rows = np.array(owner, dtype=np.int64)
        if not heads:
            return np.zeros((0, len(FEATURES)), dtype=np.float64), rows
        cdots = self._scratch.scores(vec, [s.centroid for s in candidates])
        centroid_cos = cdots / np.array([s.norm for s in candidates])
        x = pair_features(
            self._scratch.channel_scores(vec, heads, kind),
            channel_norms(vec, kind),
            np.vstack(head_channels),
            centroid_cos[rows],
        )
        return x, rows

    def _record(
        self,
        doc: StoryDoc,
        story_key: str,
        duplicate_of: str | None,
        vec: TermVector,
        dupf: DupFeatures,
        time: datetime | None,
        seen: str | None = None,
        embedding: Floats | None = None,
    ) -> None:
        story = self._stories.get(story_key)
        if story is None:
            story = self._stories[story_key] = _Story(story_key)
        top: list[int] = vec.ids[:TOP_TERMS].tolist()
        if duplicate_of is None:
            story.absorb(vec, self._vocab.kind)
            story.voices += 1
            for t in top:
                if t not in story.indexed:
                    story.indexed.add(t)
                    self._index.setdefault(t, {})[story_key] = None
            if doc.language:
                story.languages.add(doc.language)
            if seen is not None:  # the story's latest head: the one before is read no more
                before = self._docs.get(story.latest) if story.latest is not None else None
                if before is not None:
                    before.head = before.embedding = before.gist = None
                story.latest = doc.key
        story.members.append(doc.key)
        story.live += 1
        if time is not None:
            story.first = time if story.first is None else min(story.first, time)
            story.last = time if story.last is None else max(story.last, time)
        head = vec.head(DOC_TERMS)
        self._docs[doc.key] = _Doc(
            doc.key,
            story_key,
            duplicate_of,
            time,
            doc.publisher,
            head,
            top,
            channel_norms(head, self._vocab.kind),
            seen if duplicate_of is None else None,
            embedding,
        )
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
                    keys.pop(s.key, None)
                    if not keys:
                        del self._index[t]
            del self._stories[s.key]
