"""The vectorised pieces of the stories stage agree with the plain definitions they replace."""

from __future__ import annotations

import math
import random

import numpy as np

from broadsheet.stories.features import (
    LEAD_WORDS,
    TITLE_BOOST,
    Scratch,
    TermVector,
    Vocabulary,
    news_prior,
    sum_by_id,
)
from broadsheet.stories.minhash import distinct, signature


def _terms(ids: np.ndarray, counts: np.ndarray) -> dict[int, float]:
    return {int(i): float(c) for i, c in zip(ids, counts, strict=True)}


def test_count_boosts_title_words_and_adds_names_and_drops_stop_words() -> None:
    vocab = Vocabulary()
    ids, counts = vocab.count(
        "Quake hits Lima", "A strong quake hit the city, said officials in Lima."
    )
    by_term = _terms(ids, counts)
    word_ids = dict(vocab._words)
    name_ids = dict(vocab._names)
    assert by_term[word_ids["quake"]] == TITLE_BOOST + 1.0
    assert by_term[word_ids["lima"]] == TITLE_BOOST + 1.0
    assert by_term[name_ids["lima"]] == TITLE_BOOST + 1.0  # a capital inside both sentences
    assert "quake" not in name_ids and "strong" not in name_ids  # sentence starts, lower case
    assert word_ids["the"] not in by_term and word_ids["said"] not in by_term
    assert "a" not in word_ids or word_ids["a"] not in by_term


def test_without_a_title_the_lead_counts_as_one() -> None:
    """The event is told first: with no headline, the lead's words weigh as a headline's would,
    and the background after it counts once; a headline, where there is one, takes that role."""
    lead = "Firefighters contained a wildfire near Canberra on Sunday."
    background = " ".join(["Officials reviewed the budget of the fire service again."] * LEAD_WORDS)
    text = f"{lead} {background}"
    vocab = Vocabulary()
    by_term = _terms(*vocab.count("", text))
    word_ids = dict(vocab._words)
    assert by_term[word_ids["wildfire"]] == TITLE_BOOST
    assert by_term[vocab._names["canberra"]] == TITLE_BOOST
    in_lead = text.split()[:LEAD_WORDS].count("budget")
    assert 0 < in_lead < LEAD_WORDS
    assert by_term[word_ids["budget"]] == LEAD_WORDS + (TITLE_BOOST - 1.0) * in_lead
    titled = _terms(*vocab.count("Canberra fire contained", text))
    assert titled[word_ids["wildfire"]] == 1.0


def test_a_first_article_is_weighed_with_the_news_prior() -> None:
    """Without the prior every word of the first article is equally rare; with it, a common
    news word weighs less than a rare place, and copies do not write back into the prior."""
    text = "Police said the flood in Zuwarah killed people."
    empty = Vocabulary()
    ids, counts = empty.count("", text)
    empty.observe(ids)
    flat = _terms(empty.weigh(ids, counts).ids, empty.weigh(ids, counts).weights)
    assert math.isclose(flat[empty._words["police"]], flat[empty._words["zuwarah"]])

    prior = news_prior()
    seen = prior.n
    assert seen >= 100
    vocab = prior.copy()
    ids, counts = vocab.count("", text)
    vocab.observe(ids)
    vec = vocab.weigh(ids, counts)
    weight = _terms(vec.ids, vec.weights)
    assert weight[vocab._words["police"]] < weight[vocab._words["zuwarah"]]
    assert prior.n == seen and vocab.n == seen + 1
    assert "zuwarah" not in prior._words
    assert prior._df.sum() < vocab._df.sum() and len(prior) < len(vocab)
    assert all(vars(vocab)[k] is not v for k, v in vars(prior).items() if hasattr(v, "copy"))


def test_weights_are_unit_length_heaviest_first() -> None:
    vocab = Vocabulary()
    for text in ("storm floods coast", "storm hits city", "election results in city"):
        ids, counts = vocab.count("", text)
        vocab.observe(ids)
    ids, counts = vocab.count("", "storm storm storm coast election")
    vec = vocab.weigh(ids, counts)
    assert math.isclose(float(vec.weights @ vec.weights), 1.0)
    assert all(a >= b for a, b in zip(vec.weights, vec.weights[1:], strict=False))


def test_scratch_scores_match_dict_dot_products() -> None:
    rng = random.Random(3)

    def random_vec() -> dict[int, float]:
        return {rng.randrange(5000): rng.random() for _ in range(rng.randrange(0, 80))}

    def as_vec(d: dict[int, float]) -> TermVector:
        return TermVector(np.array(list(d), dtype=np.int64), np.array(list(d.values())))

    scratch = Scratch()
    for _ in range(20):
        query = random_vec()
        others = [random_vec() for _ in range(rng.randrange(1, 12))]
        got = scratch.scores(as_vec(query), [as_vec(o) for o in others])
        want = [sum(v * o[t] for t, v in query.items() if t in o) for o in others]
        assert np.allclose(got, want)
    # the scratch is left clean: a later query does not see an earlier one
    assert scratch.scores(as_vec({1: 1.0}), [as_vec({7: 1.0})])[0] == 0.0


def test_sum_by_id_and_distinct() -> None:
    ids = np.array([5, 1, 5, 3, 1, 5], dtype=np.int64)
    got_ids, got_sums = sum_by_id(ids, np.arange(6, dtype=np.float64))
    assert got_ids.tolist() == [1, 3, 5]
    assert got_sums.tolist() == [1.0 + 4.0, 3.0, 0.0 + 2.0 + 5.0]
    values = np.array([9, 2, 9, 2, 7], dtype=np.uint64)
    assert distinct(values).tolist() == [2, 7, 9]


def test_signature_is_the_minimum_of_the_shifted_hashes() -> None:
    from broadsheet.stories import minhash

    hashes = np.random.default_rng(1).integers(0, 2**63, size=300, dtype=np.uint64)
    with np.errstate(over="ignore"):
        full = (minhash._A * hashes.reshape(1, -1) + minhash._B) >> np.uint64(32)
    assert (signature(hashes) == full.min(axis=1).astype(np.uint32)).all()
