"""Conditions are one tag whatever their spelling's case or spacing."""

import pytest
from django.core.exceptions import ValidationError

from supplements_cms.models import Article, ArticleCondition, Condition
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_case_and_spacing_variants_are_one_condition():
    first = make_article(conditions=["Fibromyalgia"])
    second = make_article(conditions=["fibromyalgia"])
    third = make_article(conditions=["  FIBROMYALGIA "])
    assert Condition.objects.count() == 1
    condition = Condition.objects.get()
    assert condition.name == "Fibromyalgia"
    assert condition.slug == "fibromyalgia"
    for article in (first, second, third):
        assert list(article.conditions.all()) == [condition]


def test_non_ascii_names_fold_case_too():
    make_article(conditions=["Ménière's disease"])
    make_article(conditions=["MÉNIÈRE'S DISEASE"])
    assert Condition.objects.count() == 1


def test_multi_word_names_stay_whole():
    article = make_article(conditions=["Long COVID", "Restless   legs"])
    assert sorted(c.name for c in article.conditions.all()) == ["Long COVID", "Restless legs"]


def test_the_same_condition_twice_on_one_article_is_one_link():
    article = make_article(conditions=["Migraine", "migraine"])
    assert ArticleCondition.objects.filter(content_object=article).count() == 1


def test_a_second_spelling_is_refused_in_validation():
    Condition.objects.create(name="Muscle cramps")
    duplicate = Condition(name="muscle  CRAMPS")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "existing condition “Muscle cramps”" in str(excinfo.value)


def test_a_name_without_letters_or_digits_is_refused():
    with pytest.raises(ValidationError):
        Condition(name="!!!").full_clean()


def test_articles_of_a_condition_through_the_real_foreign_key():
    article = make_article(conditions=["Fibromyalgia"])
    assert list(Article.objects.filter(condition_links__tag__slug="fibromyalgia")) == [article]


def test_an_articles_conditions_are_listed_by_name_however_they_are_read():
    """Cards, pages and feeds list an article's conditions by name: a stored rendering and the
    next one agree (taggit orders by nothing unless told; PostgreSQL's DISTINCT then chose)."""
    names = ["Zinc deficiency", "Sleep", "Migraine", "Cramps", "Anxiety", "Fatigue", "Stress"]
    article = make_article(title="Many", conditions=names)
    make_article(title="Other", conditions=list(reversed(names)))
    assert [c.name for c in article.conditions.all()] == sorted(names)
    for card in Article.objects.for_cards():
        assert [c.name for c in card.conditions.all()] == sorted(names)
