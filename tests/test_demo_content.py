"""The example site's demo content: loads, reloads to the same state, and renders."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from example_project.demo import content
from example_project.demo.management.commands.load_demo_content import DEMO_USER, Command
from supplements_cms.content.claims import check_article
from supplements_cms.content.markdown import count_words
from supplements_cms.models import (
    Article,
    Benefit,
    CallToAction,
    Condition,
    RelatedPost,
    Supplement,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


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


def words_on_page(article: Article) -> int:
    """The article's words as readers get them, benefits included (as reading time counts)."""
    return article.word_count + sum(
        len(b.title.split()) + count_words(b.description_html) for b in article.benefits.all()
    )


def expected_cta_label(data: dict) -> str:
    """The call to action the page should show: the article's own, a condition's, the default."""
    if data["call_to_action"]:
        return data["call_to_action"]
    for cta in content.CALLS_TO_ACTION:
        if set(cta["conditions"]) & set(data["conditions"]):
            return cta["label"]
    return next(cta["label"] for cta in content.CALLS_TO_ACTION if cta["is_default"])


def test_loading_twice_gives_the_same_content():
    first_output = load()
    first = counts()
    editor = get_user_model().objects.get(username=DEMO_USER)
    slug = content.ARTICLES[0]["slug"]
    Article.objects.filter(slug=slug).update(title="Changed by hand")
    Article.objects.get(slug=slug).benefits.all().delete()

    load()

    assert counts() == first
    assert Article.objects.get(slug=slug).title == content.ARTICLES[0]["title"]
    assert Article.objects.get(slug=slug).benefits.count() == len(
        content.ARTICLES[0]["benefits"]
    ) + len(content.ARTICLES[0]["additional_benefits"])
    editors = get_user_model().objects.filter(username=DEMO_USER)
    assert [u.pk for u in editors] == [editor.pk]
    assert editors.get().is_staff
    assert set(Article.objects.values_list("author", flat=True)) == {editor.pk}
    assert f"user: {DEMO_USER}" in first_output


def test_demo_covers_what_the_site_shows_off():
    load()
    assert Article.objects.published().count() == len(content.ARTICLES) >= 5
    assert Condition.objects.filter(article_links__isnull=False).distinct().count() >= 3
    assert Supplement.objects.filter(articles__isnull=False).distinct().count() >= 2
    assert CallToAction.objects.filter(is_default=True).count() == 1
    assert RelatedPost.objects.filter(target__isnull=False).exists()
    assert RelatedPost.objects.exclude(url="").exists()
    # Every condition and supplement the demo defines has articles to list.
    used_conditions = {name for a in content.ARTICLES for name in a["conditions"]}
    assert {c["name"] for c in content.CONDITIONS} <= used_conditions
    assert {s["name"] for s in content.SUPPLEMENTS} == {a["supplement"] for a in content.ARTICLES}
    # Both ways to a call to action are shown: chosen by the article, and left to the site.
    assert any(a["call_to_action"] for a in content.ARTICLES)
    assert any(a["call_to_action"] is None for a in content.ARTICLES)


@pytest.mark.parametrize("data", content.ARTICLES, ids=lambda a: a["slug"])
def test_every_demo_article_is_valid_and_complete(data):
    load()
    article = Article.objects.get(slug=data["slug"])

    article.full_clean()
    assert 0 < len(article.summary) <= 160
    assert article.body.startswith("## What is")
    assert 4 <= article.benefits.filter(kind=Benefit.Kind.MAIN).count() <= 6
    assert 3 <= article.benefits.filter(kind=Benefit.Kind.ADDITIONAL).count() <= 5
    assert 500 <= words_on_page(article) <= 950, words_on_page(article)
    # The demo is what editors copy: no disease claims (a dose over the upper limit is allowed,
    # and a cited guideline on a disease use is (iv)(C), for a publisher to accept).
    warnings = check_article(article)
    assert [w for w in warnings if w.field not in {"dosage", "references"}] == []
    assert {w.criterion for w in warnings if w.field == "references"} <= {"(g)(2)(iv)(C)"}


@pytest.mark.parametrize("data", content.ARTICLES, ids=lambda a: a["slug"])
def test_every_demo_article_renders(client, data):
    load()
    article = Article.objects.get(slug=data["slug"])

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == data["title"]
    assert article.dosage.startswith(data["dose_min"])
    assert article.dosage in soup.select_one(".scms-dosage").get_text(" ", strip=True)
    assert len(soup.select("ol.scms-benefits > li")) == len(data["benefits"])
    cta = CallToAction.objects.get(label=expected_cta_label(data))
    assert soup.select_one(".scms-cta__heading").get_text(strip=True) == cta.heading
    assert soup.select(".scms-related__item")


def test_every_demo_article_names_its_author_and_no_login(client):
    load()
    editor = get_user_model().objects.get(username=DEMO_USER)
    assert editor.get_full_name() == " ".join(content.EDITOR_NAME)
    bylines = {a["slug"]: a["byline"] for a in content.ARTICLES}
    feed = ET.fromstring(client.get(reverse("supplements_cms:feed_atom")).content)
    authors = {
        entry.find(f"{ATOM}link").get("href"): entry.findtext(f"{ATOM}author/{ATOM}name")
        for entry in feed.iter(f"{ATOM}entry")
    }
    assert sorted(authors.values()) == sorted(bylines.values())
    for url, name in authors.items():
        assert name == bylines[url.rstrip("/").rsplit("/", 1)[-1]]
    for data in content.ARTICLES:
        page = client.get(Article.objects.get(slug=data["slug"]).get_absolute_url())
        soup = BeautifulSoup(page.content, "html.parser")
        assert (
            soup.select_one(".scms-review__author")
            .get_text(" ", strip=True)
            .startswith(f"By {data['byline']}")
        )
        graph = json.loads(soup.find("script", type="application/ld+json").string)["@graph"]
        (author,) = [node["author"] for node in graph if node["@type"] == "Article"]
        person = next(c for c in content.CONTRIBUTORS if c["name"] == data["byline"])
        assert author["@type"] == "Person"
        assert author["name"] == person["name"]
        assert author.get("url", "") == person["profile_url"]


def test_demo_reviews_are_real_sign_offs(client):
    from supplements_cms.models import ReviewRequest

    load()
    load()  # a second run replaces the sign-offs, never piles them up
    reviewed = [a for a in content.ARTICLES if a.get("reviewer")]
    assert ReviewRequest.objects.count() == len(reviewed)
    for data in reviewed:
        article = Article.objects.get(slug=data["slug"])
        page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
        line = page.select_one(".scms-review__reviewer").get_text(" ", strip=True)
        assert data["reviewer"] in line
        assert article.sign_off.decided_by.contributor.name == data["reviewer"]
