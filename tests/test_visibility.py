"""Readers see only live articles; editors may preview the rest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from supplements_cms.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_article(title="Unfinished draft", published=False, conditions=["Fibromyalgia"])


@pytest.fixture
def scheduled():
    return make_article(
        title="Scheduled piece",
        published_at=timezone.now() + timedelta(days=2),
        conditions=["Fibromyalgia"],
    )


def test_queryset_rule(draft, scheduled):
    live = make_article(title="Live one")
    assert list(Article.objects.published()) == [live]
    assert not draft.is_live
    assert not scheduled.is_live
    assert live.is_live
    assert scheduled.is_scheduled


@pytest.mark.parametrize("which", ["draft", "scheduled"])
def test_visitors_get_404(client, request, which):
    article = request.getfixturevalue(which)
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("which", ["draft", "scheduled"])
def test_staff_without_permission_get_404(client, request, which):
    article = request.getfixturevalue(which)
    client.force_login(make_user("viewer", staff=True, perms=("view_article",)))
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("which", ["draft", "scheduled"])
def test_editors_preview_with_banner_and_noindex(editor_client, request, which):
    article = request.getfixturevalue(which)
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "scms-preview-banner" in html


def test_live_article_has_no_preview_markers(editor_client):
    article = make_article()
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "X-Robots-Tag" not in response
    assert "scms-preview-banner" not in response.content.decode()


def test_lists_show_only_live_articles(client, draft, scheduled):
    live = make_article(title="Visible article", conditions=["Fibromyalgia"])
    for url in ("/articles/", "/articles/conditions/fibromyalgia/"):
        html = client.get(url).content.decode()
        assert live.title in html
        assert draft.title not in html
        assert scheduled.title not in html


def test_scheduled_article_appears_when_its_time_comes(client, scheduled):
    url = scheduled.get_absolute_url()
    assert client.get(url).status_code == 404
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(url).status_code == 200


def test_unknown_pages_are_404(client):
    assert client.get("/articles/no-such-article/").status_code == 404
    assert client.get("/articles/conditions/no-such-condition/").status_code == 404
    assert client.get("/articles/supplements/no-such-supplement/").status_code == 404
    assert client.get("/articles/?page=999").status_code == 404
