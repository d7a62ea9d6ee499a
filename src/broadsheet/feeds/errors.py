"""The one error the feeds stage raises; its message is shown to the user on the feed."""

from __future__ import annotations


class FeedParseError(ValueError):
    """A document that yields no feed: not a feed, unsafe, malformed beyond recovery, or empty.

    Messages are written for the person who subscribed, e.g. "not a feed: the document is an HTML
    page (try the site URL to discover its feed)" or "malformed XML: … at line 3".
    """


class OpmlError(ValueError):
    """A file that is not a usable OPML subscription list; the message says why."""
