"""The example site's demo content: loads, reloads to the same state, and renders."""

from __future__ import annotations

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command

from example_project.demo import content
from example_project.demo.management.commands.load_demo_content import DEMO_USER, Command
from supplements_cms.models import (
    Article,
    Benefit,
    CallToAction,
    Condition,
    RelatedPost,
    Supplement,
)

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    # The command object directly: the demo app is not installed in the test settings.
    call_command(Command(), stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Benefit, RelatedPost, CallToAction, Condition, Supplement)
    }


def test_loading_twice_gives_the_same_content():
    first_output = load()
    first = counts()
    Article.objects.filter(slug=content.ARTICLES[0]["slug"]).update(title="Changed by hand")

    load()

    assert counts() == first
    assert (
        Article.objects.get(slug=content.ARTICLES[0]["slug"]).title == content.ARTICLES[0]["title"]
    )
    assert get_user_model().objects.filter(username=DEMO_USER, is_staff=True).count() == 1
    assert f"user: {DEMO_USER}" in first_output


def test_demo_covers_what_the_site_shows_off():
    load()
    assert Article.objects.published().count() == len(content.ARTICLES) >= 5
    assert Condition.objects.filter(article_links__isnull=False).distinct().count() >= 3
    assert Supplement.objects.filter(articles__isnull=False).distinct().count() >= 2
    assert CallToAction.objects.filter(is_default=True).count() == 1
    assert RelatedPost.objects.exists()
    for article in Article.objects.all():
        article.full_clean()
        assert len(article.summary) <= 160, article.slug
        assert article.benefits.filter(kind=Benefit.Kind.MAIN).count() >= 3, article.slug


@pytest.mark.parametrize("data", content.ARTICLES, ids=lambda a: a["slug"])
def test_every_demo_article_renders(client, data):
    load()
    article = Article.objects.get(slug=data["slug"])

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == data["title"]
    assert article.dosage in soup.select_one(".scms-dosage").get_text(" ", strip=True)
    assert len(soup.select("ol.scms-benefits > li")) == len(data["benefits"])
    assert soup.select_one(".scms-cta") is not None
    assert soup.select(".scms-related__item")
