"""The derived data saves keep: the stored related choice ranks as a fresh ranking does, list
sizes are the real counts, and a rebuild from scratch agrees with both."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supplements_cms.delivery import related, upkeep
from supplements_cms.models import Article, ArticleCondition, Condition, ListSize, RelatedChoice
from tests.factories import make_article, make_supplement

pytestmark = pytest.mark.django_db

CONDITIONS = ["Cramps", "Sleep", "Stress", "Migraine"]


def shown(article: Article, limit: int) -> list[int]:
    return list(
        RelatedChoice.objects.filter(article=article)
        .order_by("position")
        .values_list("related_id", flat=True)[:limit]
    )


def ranked(article: Article, limit: int) -> list[int]:
    conditions = article.condition_links.values_list("tag_id", flat=True)
    return [pk for pk, _ in related.rank(article.pk, conditions, article.supplement_id, limit)]


def real_sizes() -> dict[str, int]:
    sizes: Counter[str] = Counter()
    for article in Article.objects.filter(status=Article.Status.PUBLISHED):
        sizes["all"] += 1
        for condition in article.condition_links.values_list("tag_id", flat=True):
            sizes[f"condition:{condition}"] += 1
        if article.supplement_id:
            sizes[f"supplement:{article.supplement_id}"] += 1
    return +sizes


def kept_sizes() -> dict[str, int]:
    return {s.name: s.published for s in ListSize.objects.all() if s.published}


def test_the_kept_choice_and_sizes_follow_every_kind_of_change(settings):
    settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": 3}
    rng = random.Random(5)
    supplements = [make_supplement("Magnesium"), make_supplement("Zinc")]
    articles = [
        make_article(
            conditions=rng.sample(CONDITIONS, rng.randint(1, 2)),
            supplement=rng.choice(supplements),
            days_ago=rng.uniform(1, 60),
        )
        for _ in range(14)
    ]
    for step in range(20):
        article = Article.objects.get(pk=rng.choice(articles).pk)
        change = step % 5
        if change == 0:
            article.status = (
                Article.Status.DRAFT if article.is_published else Article.Status.PUBLISHED
            )
            article.save()
        elif change == 1:
            article.conditions.set(rng.sample(CONDITIONS, rng.randint(1, 3)))
        elif change == 2:
            article.supplement = rng.choice([*supplements, None])
            article.save()
        elif change == 3:
            article.published_at = article.published_at or None
            article.title = f"Renamed {step}"
            article.save()
        else:
            articles.append(make_article(conditions=[rng.choice(CONDITIONS)], days_ago=0.1))
        for each in Article.objects.all():
            assert shown(each, 3) == ranked(each, 3), (step, change, each.pk)
        assert kept_sizes() == real_sizes()
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    links = ArticleCondition.objects.filter(content_object__in=published)
    assert links.filter(is_published=False).count() == 0


def test_a_rebuild_agrees_with_what_saves_kept(settings):
    settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": 4}
    rng = random.Random(9)
    supplement = make_supplement()
    for _ in range(20):
        make_article(
            conditions=rng.sample(CONDITIONS, rng.randint(1, 3)),
            supplement=supplement if rng.random() < 0.5 else None,
            days_ago=rng.uniform(1, 90),
        )
    before = {a.pk: shown(a, 4) for a in Article.objects.all()}
    sizes = kept_sizes()
    RelatedChoice.objects.all().delete()
    ListSize.objects.all().delete()
    upkeep.rebuild()
    assert {a.pk: shown(a, 4) for a in Article.objects.all()} == before
    assert kept_sizes() == sizes


def test_an_edit_of_the_text_ranks_nothing_again():
    article = make_article(conditions=["Cramps"])
    make_article(conditions=["Cramps"])
    article = Article.objects.get(pk=article.pk)
    article.body = "Changed body."
    with CaptureQueriesContext(connection) as queries:
        article.save()
    touched = {q["sql"].split()[0] for q in queries if "relatedchoice" in q["sql"].lower()}
    assert touched <= {"SELECT"}, touched


@pytest.mark.django_db
def test_conditions_taken_off_together_are_each_counted_out_once():
    """taggit takes several conditions off in one delete: each list loses the article once."""
    make_article(title="Other", slug="other", conditions=["Cramps"])
    article = make_article(title="Both", slug="both", conditions=["Sleep", "Cramps"])

    article.conditions.set(["Fatigue"])

    sizes = {
        name: ListSize.objects.get(name=f"condition:{pk}").published
        for pk, name in Condition.objects.values_list("pk", "name")
    }
    assert sizes == {"Cramps": 1, "Sleep": 0, "Fatigue": 1}
    assert ListSize.objects.get(name="all").published == 2
