"""A cheap reading of an article's meaning across languages, asked before the encoder.

The multilingual encoder (`relatedness`) costs about 10-17 CPU ms a text, and on a stream in
three languages it is asked for 425 article/story pairs of which about one in seven reaches
`crosslang.CROSS_LANGUAGE_BAR`. The gist is a static model distilled from that encoder: one
vector per sentencepiece piece (the encoder's own pieces), fitted by kernel ridge regression so
that the idf-weighted sum over a text's pieces lands near the encoder's vector of the text
(bench/fit_gist.py rebuilds it from the bundled Wikinews corpora, Italian, English and French;
about 0.35 ms a text, two thirds of it the tokenizer). A pair whose gists are far apart (cosine
under GIST_BAR) is not asked of the encoder.

It knows only the pieces of the languages it was fitted on: a text with fewer than COVERAGE of
its pieces in the table (German, Chinese, Arabic on bench/related) has no gist, and the encoder
is asked as before, so the gate never drops a pair it cannot read.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from broadsheet.stories.features import Floats, Ids
from broadsheet.stories.relatedness import pieces, pieces_digest

log = logging.getLogger(__name__)

MODEL = Path(__file__).parent / "data" / "gist.npz"
# Held out by article (bench/fit_gist.py --split: fitted on one half of the corpus articles,
# asked about the stream's pairs between articles of the other half; 253 pairs, 31 of them at
# the encoder's bar): at 0.65 the gate keeps 31 of 31 and asks the encoder about 97 pairs
# (38%); at 0.6, 31 and 140; at 0.7, 28 and 61.
GIST_BAR = 0.65
COVERAGE = 0.85  # share of a text's pieces the table must know for the text to have a gist

Int8s = npt.NDArray[np.int8]


@dataclass(frozen=True, slots=True)
class GistModel:
    """The distilled table: rows of piece vectors (int8 with a scale per row) and idf."""

    pieces: Ids  # sentencepiece ids, one per row, ascending
    vectors: Int8s  # rows x dims
    scales: Floats  # one per row
    idf: Floats  # one per row
    row_of: Ids  # piece id -> row, -1 where the table has none
    tokenizer: str  # `relatedness.pieces_digest` of the tokenizer the table was fitted with

    @classmethod
    def from_arrays(
        cls, piece_ids: Ids, vectors: Int8s, scales: Floats, idf: Floats, tokenizer: str
    ) -> GistModel:
        size = int(piece_ids.max()) + 1 if piece_ids.size else 0
        row_of = np.full(size, -1, dtype=np.int64)
        row_of[piece_ids] = np.arange(piece_ids.size)
        return cls(piece_ids, vectors, scales, idf, row_of, tokenizer)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            pieces=self.pieces.astype(np.int32),
            vectors=self.vectors,
            scales=self.scales.astype(np.float32),
            idf=self.idf.astype(np.float32),
            tokenizer=np.array(self.tokenizer),
        )

    @classmethod
    def load(cls, path: Path) -> GistModel:
        with np.load(path) as z:
            return cls.from_arrays(
                z["pieces"].astype(np.int64),
                z["vectors"],
                z["scales"].astype(np.float64),
                z["idf"].astype(np.float64),
                str(z["tokenizer"]),
            )

    def of_ids(self, ids: list[int]) -> Floats | None:
        """The unit gist of a text's piece ids; None where the table knows too few of them."""
        if not ids:
            return None
        arr = np.asarray(ids, dtype=np.int64)
        arr = arr[arr < self.row_of.size]
        rows = self.row_of[arr]
        rows = rows[rows >= 0]
        if rows.size < COVERAGE * len(ids):
            return None
        u, counts = np.unique(rows, return_counts=True)
        w = piece_weights(counts, self.idf[u]) * self.scales[u]
        v: Floats = w @ self.vectors[u].astype(np.float64)
        norm = float(np.sqrt(v @ v))
        return v / norm if norm > 0.0 else None


def piece_weights(counts: Ids, idf: Floats) -> Floats:
    """How much each distinct piece of a text counts: sublinear in its count, times its idf.
    The fit (bench/fit_gist.py) and the lookup must weigh alike, so both call this."""
    w: Floats = (1.0 + np.log(counts)) * idf
    return w


@lru_cache(maxsize=1)
def model() -> GistModel | None:
    """The shipped table, loaded once; None where it or the tokenizer is missing, or where the
    table was fitted with another tokenizer (an upgraded encoder package may number its pieces
    otherwise, and a gist of the wrong pieces would drop pairs at random): then every pair is
    put to the encoder, as without the gate."""
    digest = pieces_digest()
    if pieces() is None or digest is None or not MODEL.is_file():
        return None
    try:
        table = GistModel.load(MODEL)
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        log.warning("stories: the gist table %s cannot be read (%s); not gating", MODEL, exc)
        return None
    if table.tokenizer != digest:
        log.warning(
            "stories: the gist table %s was fitted with another tokenizer; not gating (rebuild "
            "it with bench/fit_gist.py)",
            MODEL,
        )
        return None
    return table


def gist(text: str) -> Floats | None:
    """The unit gist of `text` (what `crosslang.head` gives the encoder), or None: no model,
    or a text in a language the table was not fitted on."""
    m, sp = model(), pieces()
    if m is None or sp is None:
        return None
    return m.of_ids(sp.encode(text))
