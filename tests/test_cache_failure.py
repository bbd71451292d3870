"""The shared cache may fail: readers get pages and editors save while it is down, and when it
comes back (empty, from an older snapshot, or having missed saves) no page is stale."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from supplements_cms.delivery import versions
from supplements_cms.models import Article
from tests.factories import make_article, make_cta, make_supplement

pytestmark = pytest.mark.django_db

# Pages that show the article's title, then others.
TITLED = [
    "/articles/",
    "/articles/conditions/cramps/",
    "/articles/supplements/magnesium-glycinate/",
    "/articles/feeds/rss/",
]
PAGES = [*TITLED, "/articles/conditions/", "/articles/supplements/", "/sitemap.xml"]


class Flaky(LocMemCache):
    """A shared cache that can go down: every call raises while ``down`` is set, as Django's
    Redis backend does when Redis is stopped."""

    down = False

    def _check(self) -> None:
        if Flaky.down:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def get(self, *args, **kwargs):
        self._check()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._check()
        return super().set(*args, **kwargs)

    def add(self, *args, **kwargs):
        self._check()
        return super().add(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check()
        return super().delete(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        self._check()
        return super().get_many(*args, **kwargs)

    def set_many(self, *args, **kwargs):
        self._check()
        return super().set_many(*args, **kwargs)

    def delete_many(self, *args, **kwargs):
        self._check()
        return super().delete_many(*args, **kwargs)


@pytest.fixture
def flaky(settings):
    Flaky.down = False
    settings.CACHES = {
        "default": {"BACKEND": "tests.test_cache_failure.Flaky", "LOCATION": "flaky"}
    }
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": True}
    cache.clear()
    yield Flaky
    Flaky.down = False


@pytest.fixture
def article(flaky):
    make_cta("Default", is_default=True)
    supplement = make_supplement()
    make_article(title="Neighbour", conditions=["Cramps"], supplement=supplement, days_ago=3)
    return make_article(title="Before", conditions=["Cramps"], supplement=supplement, days_ago=1)


def everything(article) -> list[str]:
    return [article.get_absolute_url(), *PAGES]


def titled(article) -> list[str]:
    return [article.get_absolute_url(), *TITLED]


def rename(article: Article, title: str, commit) -> None:
    with commit(execute=True):
        article.title = title
        article.save()


def test_readers_get_pages_and_saves_succeed_while_the_cache_is_down(
    client, article, flaky, caplog, django_capture_on_commit_callbacks
):
    for url in everything(article):
        client.get(url)  # warm
    flaky.down = True
    for url in everything(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("public"), url
    rename(article, "Saved while down", django_capture_on_commit_callbacks)
    assert Article.objects.get(pk=article.pk).title == "Saved while down"
    assert b"Saved while down" in client.get(article.get_absolute_url()).content
    assert b"Saved while down" in client.get("/articles/").content
    assert "The cache failed" in caplog.text
    flaky.down = False
    # Back, with the copies it held before the save: the check finds them behind.
    versions.forget_checks()
    for url in titled(article):
        assert b"Before" not in client.get(url).content, url


def test_a_cache_back_from_an_older_snapshot_serves_nothing_stale(
    client, settings, article, django_capture_on_commit_callbacks
):
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": True, "CACHE_CHECK_SECONDS": 0}
    for url in titled(article):
        assert b"Before" in client.get(url).content, url
    snapshot = dict(cache._cache), dict(cache._expire_info)
    rename(article, "After", django_capture_on_commit_callbacks)
    for url in titled(article):
        assert b"After" in client.get(url).content, url
    cache._cache.clear()
    cache._cache.update(snapshot[0])
    cache._expire_info.clear()
    cache._expire_info.update(snapshot[1])
    for url in titled(article):
        content = client.get(url).content
        assert b"After" in content, url
        assert b"Before" not in content, url


def test_a_snapshot_is_caught_up_at_the_next_check(
    client, article, monkeypatch, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    assert b"Before" in client.get(url).content
    snapshot = dict(cache._cache)
    rename(article, "After", django_capture_on_commit_callbacks)
    cache._cache.update(snapshot)
    # Within CACHE_CHECK_SECONDS of the last check this process trusts the copy; then not.
    clock = versions.time.monotonic()
    monkeypatch.setattr(versions.time, "monotonic", lambda: clock + 1.5)
    assert b"After" in client.get(url).content
    assert b"After" in client.get("/articles/").content


def test_a_cache_back_empty_serves_nothing_stale(
    client, article, django_capture_on_commit_callbacks
):
    for url in everything(article):
        client.get(url)
    rename(article, "After", django_capture_on_commit_callbacks)
    cache.clear()
    for url in titled(article):
        assert b"Before" not in client.get(url).content, url


def test_warm_pages_still_cost_no_query(client, settings, article, django_assert_num_queries):
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": True, "CACHE_CHECK_SECONDS": 3600}
    for url in everything(article):
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_a_cache_ahead_of_the_database_is_not_trusted(
    client, settings, article, django_capture_on_commit_callbacks
):
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": True, "CACHE_CHECK_SECONDS": 0}
    url = article.get_absolute_url()
    assert b"Before" in client.get(url).content
    ns, generation = cache.get(versions._MIRROR)
    key = versions._PREFIX + versions.article(article.slug)
    before = cache.get(key)
    # As after restoring the database from a backup older than the cache: the cache holds the
    # page under counters the database has not reached again.
    cache.set(versions._MIRROR, (ns, generation + 50), None)
    rename(article, "After", django_capture_on_commit_callbacks)
    cache.set(key, before, None)
    assert b"After" in client.get(url).content
