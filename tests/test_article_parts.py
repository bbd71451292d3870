"""The article page's one-query load gives exactly what the ORM's own queries give."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import OuterRef
from django.forms.models import model_to_dict
from django.utils import timezone

from supplements_cms.delivery import article_parts
from supplements_cms.delivery.db import CompiledQuery, JSONRows, instances
from supplements_cms.models import Article, CallToAction, Contributor, Reference, RelatedPost
from tests.factories import make_article, make_cta

pytestmark = pytest.mark.django_db


def columns(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def fresh(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


def test_parts_match_the_orm_and_cost_no_further_query(django_assert_num_queries):
    article = make_article(conditions=["Zinc deficiency", "anemia", "Migraine"], benefits=3)
    Reference.objects.create(article=article, title="Second", year=2019, position=2)
    Reference.objects.create(article=article, title="First", doi="10.1000/x", position=1)
    expected = fresh(article)
    loaded = fresh(article)
    with django_assert_num_queries(1):
        article_parts.load(loaded)
    with django_assert_num_queries(0):
        parts = {
            name: [columns(o) for o in getattr(loaded, name).all()]
            for name in ("benefits", "references", "conditions")
        }
    assert parts["benefits"] == [columns(b) for b in expected.benefits.all()]
    assert parts["references"] == [columns(r) for r in expected.references.all()]
    assert [c["name"] for c in parts["conditions"]] == ["anemia", "Migraine", "Zinc deficiency"]
    assert sorted(map(str, parts["conditions"])) == sorted(
        str(columns(c)) for c in expected.conditions.all()
    )
    assert all(not b._state.adding for b in loaded.benefits.all())


def test_an_article_with_nothing_attached_loads_empty_lists(django_assert_num_queries):
    article = fresh(make_article())
    with django_assert_num_queries(1):
        article_parts.load(article)
    with django_assert_num_queries(0):
        assert list(article.benefits.all()) == []
        assert list(article.references.all()) == []
        assert list(article.conditions.all()) == []
        assert article_parts.loaded(article).picks == []
        assert article_parts.loaded(article).call_to_action is None


@pytest.mark.parametrize("case", ["own", "own inactive", "by condition", "default", "none"])
def test_call_to_action_is_the_one_for_article_chooses(case):
    make_cta("Fallback", is_default=case != "none")
    make_cta("Cramps", conditions=["Muscle cramps"])
    own = make_cta("Own", is_active=case != "own inactive")
    article = make_article(
        conditions=["Muscle cramps"] if case in ("by condition", "own inactive") else ["Other"],
        call_to_action=own if case.startswith("own") else None,
    )
    expected = CallToAction.objects.for_article(fresh(article))
    loaded = fresh(article)
    article_parts.load(loaded)
    chosen = article_parts.loaded(loaded).call_to_action
    assert (chosen and model_to_dict(chosen)) == (expected and model_to_dict(expected))
    assert (chosen.label if chosen else None) == {
        "own": "Own",
        "own inactive": "Cramps",
        "by condition": "Cramps",
        "default": "Fallback",
        "none": None,
    }[case]


def test_picks_keep_order_and_leave_out_unpublished_articles(settings):
    settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": 10}
    article = make_article()
    shown = make_article(title="Shown", conditions=["Insomnia", "Anxiety"])
    draft = make_article(title="Draft", published=False)
    RelatedPost.objects.create(article=article, url="https://example.org/", title="Ext", position=3)
    RelatedPost.objects.create(article=article, target=draft, position=1)
    RelatedPost.objects.create(article=article, target=shown, position=2)
    loaded = fresh(article)
    article_parts.load(loaded)
    picks = article_parts.loaded(loaded).picks
    assert [(p.post.title, p.article and p.article.title) for p in picks] == [
        ("", "Shown"),
        ("Ext", None),
    ]
    assert picks[0].article.get_absolute_url() == shown.get_absolute_url()
    assert [c.name for c in picks[0].conditions] == ["Anxiety", "Insomnia"]
    assert picks[1].post.url == "https://example.org/"
    assert picks[1].conditions == []


def test_a_scheduled_pick_appears_once_its_time_comes(monkeypatch):
    # The compiled query holds no clock: the same SQL serves before and after the hour.
    article = make_article()
    soon = make_article(title="Soon", published_at=timezone.now() + timedelta(hours=1))
    RelatedPost.objects.create(article=article, target=soon, position=1)

    def picked() -> list[str]:
        loaded = fresh(article)
        article_parts.load(loaded)
        return [p.article.title for p in article_parts.loaded(loaded).picks]

    assert picked() == []
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr("supplements_cms.models.articles.timezone.now", lambda: later)
    assert picked() == ["Soon"]


def test_a_scheduled_pick_does_not_take_a_live_picks_place(settings):
    settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": 2}
    article = make_article()
    soon = make_article(title="Soon", published_at=timezone.now() + timedelta(hours=1))
    RelatedPost.objects.create(article=article, target=soon, position=1)
    for position in (2, 3, 4):
        target = make_article(title=f"Live {position}")
        RelatedPost.objects.create(article=article, target=target, position=position)
    loaded = fresh(article)
    article_parts.load(loaded)
    assert [p.article.title for p in article_parts.loaded(loaded).picks] == ["Live 2", "Live 3"]


def test_the_related_posts_setting_still_limits_picks_after_a_first_load(settings):
    article = make_article()
    for position in range(1, 4):
        RelatedPost.objects.create(
            article=article,
            url=f"https://example.org/{position}",
            title=f"Ext {position}",
            position=position,
        )
    counts = []
    for limit in (3, 1, 3):
        settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": limit}
        loaded = fresh(article)
        article_parts.load(loaded)
        counts.append(len(article_parts.loaded(loaded).picks))
    assert counts == [3, 1, 3]


def test_a_compiled_query_must_hold_its_value_exactly_once():
    with pytest.raises(ValueError, match="exactly once"):
        CompiledQuery(lambda value: Article.objects.filter(pk=1), "default")
    query = CompiledQuery(
        lambda value: Article.objects.filter(pk=value).values_list("title"), "default"
    )
    article = make_article(title="Found")
    assert query.fetch_one(article.pk) == ("Found",)
    assert query.fetch_one(article.pk + 1000) is None


def test_json_rows_give_values_back_with_their_types():
    article = make_article(dose_min=Decimal("2.5"), dose_unit="g")
    Article.objects.filter(pk=article.pk).update(toc=[{"id": "a", "title": "A"}])
    article.byline = Contributor.objects.create(name="Ada")
    article.save()
    fields = {
        name: name for name in ("id", "published_at", "updated_at", "dose_min", "toc", "byline_id")
    }
    (rows,) = Article.objects.filter(pk=article.pk).values_list(
        JSONRows(Article.objects.filter(pk=OuterRef("pk")), fields), flat=True
    )
    (copy,) = instances(Article, rows)
    expected = fresh(article)
    for name in fields:
        assert getattr(copy, name) == getattr(expected, name), name
    assert copy.published_at.tzinfo is not None
