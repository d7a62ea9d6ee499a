"""A learned join decision: the probability that an article reports a candidate story's event.

A plain cosine threshold cannot weigh kinds of evidence against each other: two earthquakes
share most words but not their places and dates, while a follow-up changes its words but keeps
its names. A logistic regression over a few pair features does the weighing, with coefficients
fitted on the odd (tuning) topics of ECB+ only, so the even topics stay held out.

The coefficients are constants here, no model file. Regenerate them with

    .venv/bin/python bench/fit_pair_scorer.py  # prints COEF and JOIN_PROBABILITY to paste

which streams the tuning topics through a `StoryEngine` that takes the gold decisions
(`StoryEngine.add_labelled`) and fits on the features of every article against the latest
MEMBERS articles of every candidate story the index proposed (label: same gold event).
Title cosine, date distance and same publisher are not features: ECB+ has no titles, dates or
publishers, so their weights could not be learned there.

Every figure behind these constants, and the variants measured and rejected (channel blends,
story-level features, embeddings, bars by length, story merges), are in docs/stories-tuning.md:
read it before trying an idea, and add to it what you measure.
"""

from __future__ import annotations

import numpy as np

from broadsheet.stories.features import CHANNELS, NAME, NUMBER, YEAR, Floats

MEMBERS = 5  # latest articles of a story scored one by one; the story takes their best probability

FEATURES = (
    "bias",
    "cosine",  # with the centroid of the member's story, all terms
    "member_cos",  # with the member article (its DOC_TERMS heaviest terms)
    "name_cos",  # member cosine of the proper-noun parts, where both sides have names
    "name_both",  # both sides have names
    "year_cos",
    "year_both",
    "number_cos",
    "number_both",
)
# fitted by bench/fit_pair_scorer.py on the odd ECB+ topics (docs/stories-tuning.md)
COEF: Floats = np.array([-4.754, 15.961, -2.429, 2.799, -1.420, 2.848, -0.521, 4.792, -0.724])
# join the most probable story when its probability reaches this: the best value on the odd
# topics with the news prior (0.896); 0.2 lets Wikinews "Sanders ends bid" into the Wisconsin
# primary story (tests/stories), 0.3 splits the Soleimani funeral off its killing (0.894)
JOIN_PROBABILITY = 0.25
# the bar for a candidate story of one article: an event's second article is weighed against
# one article only (no centroid of several voices, no best of MEMBERS), which may tell another
# part of the event, so its probability runs lower than against a story of several; splits of
# second articles are most of what the held-out topics lose. The best value on the odd topics
# of 0.2-0.25 that keeps Wikinews "Sanders ends bid" out of the Wisconsin primary story (it
# scores 0.205 there); see docs/stories-tuning.md
SINGLETON_PROBABILITY = 0.21


def pair_features(
    dots: Floats, q_channels: Floats, m_channels: Floats, centroid_cos: Floats
) -> Floats:
    """One row of FEATURES per (article, member article) pair.

    `dots` are the per-channel dot products of the (unit) article vector with each member's
    vector (rows: members, columns: `features` channels), `q_channels` the article's channel
    norms, `m_channels` each member's, `centroid_cos` the cosine with the member's story centroid.
    """
    n = dots.shape[0]
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    out[:, 0] = 1.0
    out[:, 1] = centroid_cos
    norms = np.sqrt((m_channels * m_channels).sum(axis=1))
    out[:, 2] = dots.sum(axis=1) / np.maximum(norms, 1e-12)
    both = m_channels * q_channels[np.newaxis, :CHANNELS]
    present = both > 0.0
    cos = np.divide(dots, both, out=np.zeros_like(dots), where=present)
    for col, channel in ((3, NAME), (5, YEAR), (7, NUMBER)):
        out[:, col] = cos[:, channel]
        out[:, col + 1] = present[:, channel]
    return out


def probability(x: Floats, coef: Floats = COEF) -> Floats:
    """Logistic of the linear score of each row of `x`."""
    z = np.clip(x @ coef, -30.0, 30.0)
    p: Floats = 1.0 / (1.0 + np.exp(-z))
    return p
