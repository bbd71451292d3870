"""The example site's feeds through feedparser, the library most feed readers in Python use:
well formed, and every entry complete."""

from __future__ import annotations

import re

import feedparser
import pytest

from example_project import settings as example_settings
from example_project.demo import content
from tests.validators.conftest import IMPORTED, Site

pytestmark = pytest.mark.validators

FEEDS = {"rss20": "/articles/feeds/rss/", "atom10": "/articles/feeds/atom/"}
# A zone, as the formats write it: RFC 822 ("+0000", "GMT") for RSS, RFC 3339 for Atom.
ZONED = {
    "rss20": re.compile(r".* ([+-]\d{4}|GMT|UT|Z)$"),
    "atom10": re.compile(r".*(Z|[+-]\d{2}:\d{2})$"),
}


@pytest.mark.parametrize("version", sorted(FEEDS))
def test_feed_is_well_formed_and_every_entry_complete(production_site: Site, version):
    feed = feedparser.parse(production_site.fetch(FEEDS[version]))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    site_name = example_settings.SUPPLEMENTS_CMS["DEFAULT_AUTHOR"]
    if version == "atom10":  # RFC 4287, 4.1.1: the feed's author, for entries without one
        assert feed.feed.author == site_name
    assert len(feed.entries) == len(content.ARTICLES) + len(IMPORTED)
    for entry in feed.entries:
        assert entry.title
        assert entry.link.startswith(production_site.base + "/articles/")
        assert entry.id
        assert entry.summary
        assert ZONED[version].fullmatch(entry.published), entry.published
        assert entry.published_parsed
        if version == "atom10":
            assert ZONED[version].fullmatch(entry.updated), entry.updated
    authors = sorted(entry.author for entry in feed.entries)
    # The demo's bylines, and the site for the two imported articles nobody signed.
    assert authors == sorted([a["byline"] for a in content.ARTICLES] + [site_name] * len(IMPORTED))
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
