"""The pages' cache: one query when warm, never a stale page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from supplements_cms.delivery import versions
from supplements_cms.delivery.caching import content_changed
from supplements_cms.delivery.views import ArticleListView
from supplements_cms.models import Article, Benefit, CallToAction, RenderedFragment
from tests.factories import make_article, make_cta, make_supplement
from tests.test_queries import ARTICLE_PAGE_QUERIES

pytestmark = pytest.mark.django_db


def text_of(client, article, **headers) -> str:
    response = client.get(article.get_absolute_url(), **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def article():
    article = make_article(title="Cached article", conditions=["Cramps"], benefits=2, days_ago=2)
    make_cta("Default", is_default=True, heading="The default box")
    make_article(title="A neighbour", conditions=["Cramps"], days_ago=5)
    return article


def test_a_warm_page_costs_one_query(client, article, django_assert_num_queries):
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(1):
        response = client.get(article.get_absolute_url())
    assert "Cached article" in response.content.decode()


def test_the_cache_can_be_turned_off(client, settings, article, django_assert_num_queries):
    settings.SUPPLEMENTS_CMS = {"CACHE_TIMEOUT": 0}
    client.get(article.get_absolute_url())
    # No versions to read, no fragment kept: the article and its parts, every time.
    with django_assert_num_queries(2):
        client.get(article.get_absolute_url())


def test_a_changed_benefit_shows_at_once(client, article):
    assert "How benefit 1 works." in text_of(client, article)
    benefit = article.benefits.get(position=1)
    benefit.description = "A new description."
    benefit.save()

    text = text_of(client, article)
    assert "A new description." in text
    assert "How benefit 1 works." not in text


def test_a_related_articles_new_title_shows_at_once(client, article):
    assert "A neighbour" in text_of(client, article)
    neighbour = Article.objects.get(title="A neighbour")
    neighbour.title = "A renamed neighbour"
    neighbour.save()

    assert "A renamed neighbour" in text_of(client, article)


def test_a_new_default_call_to_action_shows_at_once(client, article):
    assert "The default box" in text_of(client, article)
    CallToAction.objects.update(is_default=False)  # no signal: the code says so itself
    from supplements_cms.delivery.caching import content_changed

    content_changed()
    make_cta("New default", is_default=True, heading="A better box")
    text = text_of(client, article)
    assert "A better box" in text
    assert "The default box" not in text


def test_a_scheduled_article_appears_when_its_time_comes(client, article, monkeypatch):
    make_article(
        title="Coming soon",
        conditions=["Cramps"],
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=1),
    )
    assert "Coming soon" not in text_of(client, article)

    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr("supplements_cms.models.articles.timezone.now", lambda: later)

    # No save happened; the newest live publication time moved, and with it the key.
    assert "Coming soon" in text_of(client, article)


def test_each_language_has_its_own_rendering(client, article):
    assert "minute read" in text_of(client, article, HTTP_ACCEPT_LANGUAGE="en")
    german = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert BeautifulSoup(german.content, "html.parser").html["lang"] == "de"
    english = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert BeautifulSoup(english.content, "html.parser").html["lang"] == "en"


def test_previews_are_never_cached(client, admin_client_):
    draft = make_article(title="Draft", published=False, intro="First text.")
    assert "First text." in admin_client_.get(draft.get_absolute_url()).content.decode()
    Article.objects.filter(pk=draft.pk).update(intro_html="<p>Second text.</p>")
    assert "Second text." in admin_client_.get(draft.get_absolute_url()).content.decode()


def test_a_deleted_benefit_disappears(client, article):
    assert "Benefit 2" in text_of(client, article)
    Benefit.objects.get(article=article, position=2).delete()
    assert "Benefit 2" not in text_of(client, article)


LISTS = ("/articles/", "/articles/conditions/cramps/", "/articles/supplements/magnesium-glycinate/")


@pytest.fixture
def listed(article):
    supplement = make_supplement()
    Article.objects.update(supplement=supplement)
    content_changed()
    return article


def cards(client, url: str, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".scms-card__title a")]


@pytest.mark.parametrize(("url", "warm"), list(zip(LISTS, (1, 1, 1), strict=True)))
def test_a_warm_list_page_costs_the_versions_query(
    client, listed, url, warm, django_assert_num_queries
):
    first = client.get(url).content
    with django_assert_num_queries(warm):
        again = client.get(url).content
    assert again == first
    assert b"Cached article" in again


def test_a_list_shows_a_new_article_at_once(client, listed):
    assert cards(client, "/articles/") == ["Cached article", "A neighbour"]
    make_article(title="Fresh", conditions=["Cramps"], days_ago=1 / 24)
    assert cards(client, "/articles/") == ["Fresh", "Cached article", "A neighbour"]
    assert cards(client, "/articles/conditions/cramps/")[0] == "Fresh"


def test_a_list_shows_a_scheduled_article_when_its_time_comes(client, listed, monkeypatch):
    make_article(title="Coming soon", published_at=timezone.now() + timedelta(hours=1))
    assert "Coming soon" not in cards(client, "/articles/")
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr("supplements_cms.models.articles.timezone.now", lambda: later)
    assert cards(client, "/articles/")[0] == "Coming soon"


def test_each_page_of_a_list_is_cached_apart(client, listed, settings):
    settings.SUPPLEMENTS_CMS = {"PAGINATE_BY": 1}
    pages = [cards(client, "/articles/", page=n) for n in ("1", "2", "last")]
    assert pages == [["Cached article"], ["A neighbour"], ["A neighbour"]]
    assert [cards(client, "/articles/", page=n) for n in ("1", "2", "last")] == pages


@pytest.mark.parametrize("page", ["3", "0", "abc", "01"])
def test_a_page_out_of_range_is_404_and_stays_out_of_the_cache(client, listed, settings, page):
    settings.SUPPLEMENTS_CMS = {"PAGINATE_BY": 1}
    expected = 200 if page == "01" else 404
    assert client.get("/articles/", {"page": page}).status_code == expected
    assert client.get("/articles/", {"page": "2"}).status_code == 200

    def cached(number: str) -> bool:
        stored = RenderedFragment.objects.values_list("page", flat=True)
        return any(name.endswith(f":{versions.ALL_ARTICLES}:{number}") for name in stored)

    assert cached("2")  # what a served page leaves behind
    assert not cached(page)


def test_a_subclass_with_its_own_list_has_its_own_cache():
    class Drafts(ArticleListView):
        pass

    assert Drafts().listing_name() != ArticleListView().listing_name()


def test_a_page_number_from_the_url_path_is_keyed_like_one_from_the_query(rf, listed):
    # A host may route page/<int:page>/, which hands the view an int.
    named = []
    for page in (2, "2"):
        view = ArticleListView()
        view.setup(rf.get("/articles/"), page=page)
        named.append(view.fragment_page())
    assert named[0] == named[1]


def test_an_article_going_live_while_a_list_renders_is_not_lost(client, listed, monkeypatch):
    # The list's query and its key read the clock once: an article whose time comes in between
    # must not be cached as missing under a key that already counts it.
    soon = timezone.now() + timedelta(seconds=30)
    make_article(title="On the minute", published_at=soon)
    # Each reading of the clock is a second later than the one before it.
    readings = (soon - timedelta(seconds=1) + timedelta(seconds=n) for n in range(1000))
    monkeypatch.setattr("django.utils.timezone.now", lambda: next(readings))
    assert "On the minute" not in cards(client, "/articles/")
    assert cards(client, "/articles/")[0] == "On the minute"
