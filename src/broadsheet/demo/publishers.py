"""The four fictional publishers of the demo site and what makes each one different.

Real publishers differ in markup, in what their feeds carry and in what else they expose, and
the pipeline has to cope with all of that; the demo spreads those differences over four sites
so one run shows them all: full-content feeds with a WebSub hub, summary feeds, JSON-LD with a
news sitemap beside the feeds, and a publisher with no feed at all, only a news sitemap.
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
    has_feeds: bool = True  # False: followed only through its news sitemap
    websub: bool = False  # its feeds name the demo's WebSub hub and are pushed on release

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
        websub=True,
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
        tagline="Science and culture",
        sections=("Science", "Culture"),
        full_content_feeds=False,
        style="globe",
        json_ld=True,
        news_sitemap=True,
    ),
    Publisher(
        slug="herald",
        name="The Harbour Herald",
        tagline="Health news from the waterfront",
        sections=("Health",),
        full_content_feeds=False,
        style="herald",
        news_sitemap=True,
        has_feeds=False,
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
