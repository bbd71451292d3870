"""Pages read from a replica that lags: a page is never kept under versions newer than the data
it was rendered from, so once the replica catches up, readers get the change."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connections

from tests.factories import make_article, make_cta, make_supplement

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

PAGES = ["/articles/", "/articles/conditions/cramps/", "/articles/feeds/rss/"]


def copy_to_replica() -> None:
    """Make the replica what the primary is now (as streaming replication does, late)."""
    with connections["replica"].constraint_checks_disabled():
        for model in apps.get_models(include_auto_created=True):
            rows = list(model._base_manager.using("default").all())
            model._base_manager.using("replica").all()._raw_delete("replica")
            model._base_manager.using("replica").bulk_create(rows)


@pytest.fixture
def read_from_replica(settings):
    """Read pages through the lagging replica (writes stay on the primary)."""
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": True, "CACHE_CHECK_SECONDS": 3600}

    def get(client, url: str):
        settings.SCMS_TEST_READ_REPLICA = True
        try:
            return client.get(url)
        finally:
            settings.SCMS_TEST_READ_REPLICA = False

    return get


@pytest.fixture
def article():
    make_cta("Default", is_default=True)
    return make_article(title="First words", conditions=["Cramps"], supplement=make_supplement())


def test_a_page_rendered_from_a_lagging_replica_is_kept_by_no_cache(
    client, article, read_from_replica, django_capture_on_commit_callbacks
):
    copy_to_replica()
    pages = [article.get_absolute_url(), *PAGES]
    for url in pages:
        assert b"First words" in read_from_replica(client, url).content, url
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Second words"
        article.save()
    for url in pages:
        response = read_from_replica(client, url)
        # What the replica has, but for this reader only: not stored, not kept by a CDN.
        assert b"First words" in response.content, url
        assert response["Cache-Control"] == "no-cache", url
    copy_to_replica()
    for url in pages:
        response = read_from_replica(client, url)
        assert b"Second words" in response.content, url
        assert response["Cache-Control"].startswith("public"), url


def test_a_replica_that_has_caught_up_serves_from_the_cache(
    client, article, read_from_replica, django_assert_num_queries
):
    copy_to_replica()
    url = article.get_absolute_url()
    first = read_from_replica(client, url)
    assert first["Cache-Control"].startswith("public")
    with django_assert_num_queries(0, connection=connections["replica"]):
        again = read_from_replica(client, url)
    assert again.content == first.content
