"""Varnish in front of the site, with a purge endpoint that fails and then recovers, and search
pages that are never purged. Part of the cluster test (``-m cluster``), all on loopback."""

from __future__ import annotations

import time
import urllib.request

import pytest
from django.core.management import call_command

from supplements_cms.checks import check_failed_purges
from supplements_cms.delivery import purging
from supplements_cms.models import Article, PendingPurge
from tests.factories import make_article, make_cta
from tests.varnish import free_port, require_varnishd, varnish

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True)]


def get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Cache", ""), response.read()


@pytest.fixture
def proxy(live_server):
    varnishd = require_varnishd()
    with varnish(live_server.thread.host, live_server.thread.port, varnishd) as url:
        yield url


def test_a_purge_that_failed_reaches_varnish_once_it_recovers(settings, proxy):
    make_cta("Default", is_default=True)
    article = make_article(title="Kept title", conditions=["Cramps"])
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings.SUPPLEMENTS_CMS = {
        "PURGE_BACKEND": "supplements_cms.delivery.purging.HTTPPurge",
        "PURGE_OPTIONS": {"ENDPOINTS": [down], "TIMEOUT": 1},
        "PURGE_BASE_URL": proxy,
        "PURGE_RETRIES": 1,
        "HTTP_S_MAXAGE": 86400,
    }
    page = proxy + article.get_absolute_url()
    get(page)
    assert get(page)[0] == "HIT"
    article.title = "New title"
    article.save()
    purging.wait()
    # The purge failed: Varnish still has the old page, and the operator is told.
    cache, content = get(page)
    assert cache == "HIT"
    assert b"Kept title" in content
    assert PendingPurge.objects.filter(url=page).exists()
    assert [m.id for m in check_failed_purges(databases=["default"])] == ["supplements_cms.W008"]

    settings.SUPPLEMENTS_CMS = {**settings.SUPPLEMENTS_CMS, "PURGE_OPTIONS": {"ENDPOINTS": [proxy]}}
    call_command("retry_purges")
    cache, content = get(page)
    assert cache == "MISS"
    assert b"New title" in content
    assert check_failed_purges(databases=["default"]) == []


def test_an_unpublished_article_leaves_search_results_kept_by_varnish(settings, proxy):
    settings.SUPPLEMENTS_CMS = {"HTTP_S_MAXAGE": 86400, "SEARCH_MAX_AGE": 2}
    make_cta("Default", is_default=True)
    article = make_article(title="Findable magnesium", conditions=["Cramps"])
    search = proxy + "/articles/search/?q=findable"
    assert b"Findable magnesium" in get(search)[1]
    assert get(search)[0] == "HIT"
    Article.objects.get(pk=article.pk).delete()
    time.sleep(2.2)  # SEARCH_MAX_AGE, and no purge
    cache, content = get(search)
    assert cache == "MISS"
    assert b"Findable magnesium" not in content
