"""One host in the page cache: every spelling of the site's host shares one entry, and each
page names the host in one spelling."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from supplements_cms.delivery import caching
from tests.factories import make_article, make_cta

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    make_cta("Default", is_default=True)
    return make_article(title="One host", conditions=["Cramps"], days_ago=1)


def spellings(count: int) -> list[str]:
    """``count`` ways to write example.com on port 80: letter case, the port or not, with
    leading zeros, a trailing dot."""
    cases = ("".join(c) for c in itertools.product(*((ch.lower(), ch.upper()) for ch in "example")))
    ports = ["", ":80", ":080", ":0080"]
    found = [f"{name}.com{dot}{port}" for name in cases for dot in ("", ".") for port in ports]
    return found[:count]


def canonical(response) -> str:
    return re.search(rb'<link rel="canonical" href="([^"]+)"', response.content).group(1).decode()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Example.COM", "example.com"),
        ("example.com:80", "example.com"),
        ("example.com.:0080", "example.com"),
        ("example.com:8000", "example.com:8000"),
        ("example.com:08000", "example.com:8000"),
        ("[::1]:80", "[::1]"),
        ("[::1]:8000", "[::1]:8000"),
    ],
)
def test_a_host_is_written_one_way(given, expected):
    assert caching.host(RequestFactory().get("/", HTTP_HOST=given)) == expected


def test_the_default_port_of_https_is_dropped():
    request = RequestFactory().get("/", HTTP_HOST="example.com:443", secure=True)
    assert caching.host(request) == "example.com"
    assert caching.host(RequestFactory().get("/", HTTP_HOST="example.com:443")) == "example.com:443"


def test_400_spellings_of_one_host_share_one_page(
    client, settings, article, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": True, "CACHE_CHECK_SECONDS": 3600}
    url = article.get_absolute_url()
    hosts = spellings(400)
    assert len(set(hosts)) == 400
    first = client.get(url, HTTP_HOST=hosts[0])
    assert canonical(first) == f"http://example.com{url}"
    entries = len(cache._cache)
    for spelling in hosts[1:]:
        with django_assert_num_queries(0):  # from the page cache
            response = client.get(url, HTTP_HOST=spelling)
        assert response.content == first.content, spelling
    assert len(cache._cache) == entries


def test_canonical_links_and_feeds_name_the_host_in_one_spelling(client, article):
    page = client.get("/articles/", HTTP_HOST="EXAMPLE.com:80")
    assert canonical(page) == "http://example.com/articles/"
    feed = client.get("/articles/feeds/rss/", HTTP_HOST="Example.Com.")
    assert b"<link>http://example.com/articles/</link>" in feed.content
    assert b"EXAMPLE" not in page.content
    assert b"Example" not in feed.content


def test_the_configured_host_is_the_only_one(client, settings, article):
    settings.ALLOWED_HOSTS = ["www.example.com", "example.com", "10.0.0.5"]
    settings.SUPPLEMENTS_CMS = {"SITE_HOST": "www.example.com", "SHARED_CACHE": True}
    url = article.get_absolute_url()
    first = client.get(url, HTTP_HOST="10.0.0.5:8000")
    assert canonical(first) == f"http://www.example.com{url}"
    assert client.get(url, HTTP_HOST="example.com").content == first.content


def test_a_host_not_allowed_is_refused(client, settings, article):
    settings.ALLOWED_HOSTS = ["example.com"]
    assert client.get(article.get_absolute_url(), HTTP_HOST="evil.test").status_code == 400
    assert client.get(article.get_absolute_url(), HTTP_HOST="EXAMPLE.com:80").status_code == 200
