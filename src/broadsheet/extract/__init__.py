"""The extract stage: one HTML page in, one `ExtractedArticle` out; pure, no I/O.

extract_article(html, url=None) -> ExtractedArticle
to_contract(article, id=None)   -> dict   (the `broadsheet extract` JSON contract)
ExtractError                    raised only for input that is not an HTML page
"""

from __future__ import annotations

from broadsheet.extract.article import extract_article
from broadsheet.extract.contract import CONTRACT_KEYS, to_contract
from broadsheet.extract.errors import ExtractError

__all__ = ["CONTRACT_KEYS", "ExtractError", "extract_article", "to_contract"]
