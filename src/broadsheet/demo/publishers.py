"""The three fictional publishers of the demo site and what makes each one different.

Real publishers differ in markup, in what their feeds carry and in what else they expose, and
the pipeline has to cope with all of that; the demo spreads those differences over three sites
so one run shows them all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Publisher:
    slug: str  # the path prefix: /<slug>/
    name: str
    tagline: str
    sections: tuple[str, ...]  # sections this publisher owns (the corpus is split by section)
    full_content_feeds: bool  # False: feeds carry only the first sentence
    style: str  # which page template renders its pages
    json_ld: bool = False
    news_sitemap: bool = False

    def prefix(self) -> str:
        return f"/{self.slug}/"


PUBLISHERS: tuple[Publisher, ...] = (
    Publisher(
        slug="ledger",
        name="The Daily Ledger",
        tagline="Politics and money, every day",
        sections=("Politics", "Business"),
        full_content_feeds=True,
        style="ledger",
    ),
    Publisher(
        slug="courier",
        name="The Evening Courier",
        tagline="World news as it happens",
        sections=("World", "Sport"),
        full_content_feeds=False,
        style="courier",
    ),
    Publisher(
        slug="globe",
        name="The Morning Globe",
        tagline="Science, health and culture",
        sections=("Science", "Health", "Culture"),
        full_content_feeds=False,
        style="globe",
        json_ld=True,
        news_sitemap=True,
    ),
)

WIRE_BYLINE = "By Wire Service staff"


def publisher_for_section(section: str) -> Publisher:
    for publisher in PUBLISHERS:
        if section in publisher.sections:
            return publisher
    raise KeyError(section)


def section_slug(section: str) -> str:
    return section.lower().replace(" ", "-")
