"""HTTP caching: headers per page kind and per viewer, 304 answers, and the whole-page cache."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date

from supplements_cms.models import Article
from tests.factories import make_article, make_cta, make_supplement, make_user
from tests.test_queries import ARTICLE_PAGE_QUERIES, COLD_ARTICLE_PAGE_QUERIES

pytestmark = pytest.mark.django_db

# A shared cache; the check of its copy of the versions (one query) is not due during a test.
SHARED = {"SHARED_CACHE": True, "CACHE_CHECK_SECONDS": 3600}


@pytest.fixture
def article():
    make_cta("Default", is_default=True)
    supplement = make_supplement()
    make_article(title="Older one", conditions=["Cramps"], supplement=supplement, days_ago=4)
    return make_article(
        title="Headers", conditions=["Cramps"], supplement=supplement, benefits=2, days_ago=1
    )


def public_urls(article) -> list[str]:
    return [
        article.get_absolute_url(),
        "/articles/",
        "/articles/conditions/",
        "/articles/conditions/cramps/",
        "/articles/supplements/",
        "/articles/supplements/magnesium-glycinate/",
        "/articles/feeds/rss/",
        "/articles/feeds/atom/",
        "/articles/conditions/cramps/feeds/rss/",
        "/articles/supplements/magnesium-glycinate/feeds/atom/",
        "/sitemap.xml",
    ]


def test_every_public_page_can_be_kept_and_revalidated(client, article):
    for url in public_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=300", url
        assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"]), url
        assert response["Last-Modified"], url
        # One copy for every anonymous reader: nothing varies on cookies.
        assert "cookie" not in response.get("Vary", "").lower(), url


def test_the_ages_come_from_the_settings(client, settings, article):
    settings.SUPPLEMENTS_CMS = {"HTTP_MAX_AGE": 5, "HTTP_S_MAXAGE": 86400}
    for url in public_urls(article):
        assert client.get(url)["Cache-Control"] == "public, max-age=5, s-maxage=86400", url


def test_a_page_is_kept_no_longer_than_until_a_scheduled_article_shows(client, article):
    make_article(title="Soon", conditions=["Cramps"], published_at=timezone.now() + timedelta(90))
    soon = timezone.now() + timedelta(seconds=100)
    make_article(title="Very soon", published_at=soon)
    control = client.get("/articles/")["Cache-Control"]
    browser, shared = (int(part.split("=")[1]) for part in control.split(", ")[1:])
    assert browser == 60
    assert 95 <= shared <= 100


@pytest.mark.parametrize("who", ["staff", "reader"])
def test_pages_for_signed_in_viewers_are_private(client, article, who):
    perms = ("change_article",) if who == "staff" else ()
    client.force_login(make_user(who, staff=who == "staff", perms=perms))
    for url in public_urls(article):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
        assert "ETag" not in response, url
    page = client.get(article.get_absolute_url()).content.decode()
    assert ("Edit this article" in page) == (who == "staff")


def test_a_signed_in_page_is_never_served_to_anyone_else(client, article):
    staff = make_user("staff", staff=True, perms=("change_article",))
    client.force_login(staff)
    assert b"Edit this article" in client.get(article.get_absolute_url()).content
    client.logout()
    client.cookies.clear()
    anonymous = client.get(article.get_absolute_url())
    assert b"Edit this article" not in anonymous.content
    assert anonymous["Cache-Control"].startswith("public")


def test_previews_are_private(client, article):
    draft = make_article(title="Draft", published=False)
    client.force_login(make_user("staff", staff=True, perms=("change_article",)))
    response = client.get(draft.get_absolute_url())
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("shared", [True, False])
def test_a_revalidation_is_a_304_in_at_most_one_query(
    client, settings, article, shared, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": shared}
    for url in public_urls(article)[:-1]:  # search results are not stored
        first = client.get(url)
        with django_assert_num_queries(0 if shared else 1):
            again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, url


def test_a_changed_page_answers_a_revalidation_with_the_new_page(client, article):
    first = client.get(article.get_absolute_url())
    article.intro = "New words."
    article.save()
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"New words." in again.content
    assert again["ETag"] != first["ETag"]


def test_an_old_date_gets_the_page(client, article):
    old = http_date((timezone.now() - timedelta(days=30)).timestamp())
    assert client.get("/articles/", HTTP_IF_MODIFIED_SINCE=old).status_code == 200


def test_warm_pages_cost_no_query_with_a_shared_cache(
    client, settings, article, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    for url in public_urls(article):
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content, url
        assert again["ETag"] == first["ETag"]


def test_a_cold_article_page_is_one_query_with_a_shared_cache(
    client, settings, article, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    # Never rendered: rendered and kept (tests/test_queries.py).
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        first = client.get(article.get_absolute_url())
    cache.clear()
    # The cache lost everything: the article, its fragment and the page's versions, together.
    with django_assert_num_queries(COLD_ARTICLE_PAGE_QUERIES):
        again = client.get(article.get_absolute_url())
    assert again.content == first.content
    with django_assert_num_queries(0):
        client.get(article.get_absolute_url())


def test_odd_query_strings_are_answered_but_not_stored(
    client, settings, article, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    url = article.get_absolute_url() + "?utm_source=letter"
    client.get(url)
    # Not from the page cache: the article is read, its rendered parts come from their cache.
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response["Cache-Control"].startswith("public")


def test_each_language_is_stored_apart(client, settings, article):
    settings.SUPPLEMENTS_CMS = SHARED
    english = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    german = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert b'lang="de"' in german.content
    assert b'lang="en"' in english.content
    assert "Accept-Language" in german["Vary"]
    assert b'lang="de"' in client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content


def test_a_deleted_article_is_gone_from_the_page_cache(client, settings, article):
    settings.SUPPLEMENTS_CMS = SHARED
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    Article.objects.get(pk=article.pk).delete()
    assert client.get(url).status_code == 404


def test_a_reader_with_messages_waiting_is_not_served_from_the_page_cache(
    client, settings, article, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    url = article.get_absolute_url()
    client.get(url)
    client.cookies["messages"] = "waiting"
    with django_assert_num_queries(1):  # the article; its parts from their cache
        client.get(url)


def test_a_page_that_set_a_cookie_is_not_stored(client, settings, article, monkeypatch):
    from supplements_cms.delivery import views

    settings.SUPPLEMENTS_CMS = SHARED
    render = views.ArticleDetailView.render_to_response

    def with_cookie(self, context, **kwargs):
        response = render(self, context, **kwargs)
        response.set_cookie("seen", "1")
        return response

    monkeypatch.setattr(views.ArticleDetailView, "render_to_response", with_cookie)
    client.get(article.get_absolute_url())
    monkeypatch.setattr(views.ArticleDetailView, "render_to_response", render)
    client.cookies.clear()
    assert "seen" not in client.get(article.get_absolute_url()).cookies


def test_search_results_are_kept_briefly_everywhere(client, settings, article):
    settings.SUPPLEMENTS_CMS = {"HTTP_MAX_AGE": 600, "HTTP_S_MAXAGE": 86400, "SEARCH_MAX_AGE": 30}
    response = client.get("/articles/search/?q=headers")
    assert b"Headers" in response.content
    # Counted down from when the page was made: 30 s, or 29 once a fraction has passed.
    assert response["Cache-Control"] in {f"public, max-age={n}, s-maxage={n}" for n in (29, 30)}
    assert response["ETag"]


def test_answers_other_than_a_page_are_not_kept_by_shared_caches(client, article):
    for url in ("/articles/no-such-article/", "/articles/conditions/none/", "/sitemap.xml?p=9"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Cache-Control"] == "no-cache", url


def test_the_sitemap_lists_a_change_at_once(client, settings, article):
    settings.SUPPLEMENTS_CMS = SHARED
    assert b"/articles/headers/" in client.get("/sitemap.xml").content
    article.status = Article.Status.DRAFT
    article.save()
    assert b"/articles/headers/" not in client.get("/sitemap.xml").content


def test_the_sitemap_is_kept_no_longer_than_until_a_scheduled_article_shows(client, article):
    make_article(title="Very soon", published_at=timezone.now() + timedelta(seconds=100))
    control = client.get("/sitemap.xml")["Cache-Control"]
    assert 95 <= int(control.rsplit("=", 1)[1]) <= 100
