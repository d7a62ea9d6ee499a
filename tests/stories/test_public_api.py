"""The stage's public face is exactly what `broadsheet.stories` exports."""

from __future__ import annotations

import broadsheet.stories as stories


def test_all_names_resolve() -> None:
    assert sorted(stories.__all__) == sorted(
        [
            "Assignment",
            "RelatedCandidate",
            "StoryDoc",
            "StoryEngine",
            "content_hash",
            "encoder_available",
            "rank_related",
            "relatedness",
            "relatedness_batch",
        ]
    )
    for name in stories.__all__:
        assert getattr(stories, name) is not None


def test_relatedness_without_encoder_still_ranks() -> None:
    from broadsheet.stories.relatedness import relatedness_batch

    near = "Earthquake of magnitude 6 strikes northern Chile, killing three people in Arica."
    far = "The central bank raised interest rates by a quarter point on Thursday."
    scores = relatedness_batch(
        [(near, near.replace("three", "four")), (near, far)], use_encoder=False
    )
    assert scores[0] > scores[1]
