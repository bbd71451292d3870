"""When a medical review is due: the cutoff's calendar arithmetic, the order of the list of due
articles, and which changed articles the scan examines."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supplements_cms.editorial import review_dates
from supplements_cms.editorial.review_dates import (
    changed_since_review,
    due_for_review,
    review_cutoff,
)
from supplements_cms.models import Article
from tests.factories import make_article, sign_off

D = datetime.date


@pytest.mark.parametrize(
    ("today", "months", "cutoff"),
    [
        (D(2026, 12, 7), 12, D(2025, 12, 7)),
        (D(2026, 12, 7), 18, D(2025, 6, 7)),
        (D(2026, 1, 15), 1, D(2025, 12, 15)),  # across the new year
        (D(2026, 12, 15), 11, D(2026, 1, 15)),
        (D(2026, 7, 15), 0, D(2026, 7, 15)),
        (D(2026, 3, 31), 1, D(2026, 2, 28)),  # the 31st of a shorter month: its last day
        (D(2024, 3, 31), 1, D(2024, 2, 29)),  # a leap year's February
        (D(2026, 3, 29), 1, D(2026, 2, 28)),
        (D(2026, 5, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 2, D(2026, 6, 30)),
        (D(2026, 3, 28), 1, D(2026, 2, 28)),
        (D(2028, 2, 29), 12, D(2027, 2, 28)),
    ],
)
def test_the_cutoff_is_the_same_day_that_many_months_before(settings, today, months, cutoff):
    settings.SUPPLEMENTS_CMS = {"REVIEW_MAX_AGE_MONTHS": months}
    assert review_cutoff(today) == cutoff


def test_the_cutoff_counts_from_the_sites_today_by_default(settings):
    settings.SUPPLEMENTS_CMS = {"REVIEW_MAX_AGE_MONTHS": 12}
    today = timezone.localdate()
    assert review_cutoff() == review_cutoff(today) < today


def _signed(article: Article, days_ago: int) -> None:
    sign_off(article, on=timezone.localdate() - datetime.timedelta(days=days_ago))


@pytest.mark.django_db
def test_due_articles_come_never_reviewed_first_then_oldest_review_then_title(settings):
    settings.SUPPLEMENTS_CMS = {"REVIEW_MAX_AGE_MONTHS": 12}
    for title in ("Zinc", "Iron"):  # never reviewed, made in the reverse of their titles' order
        make_article(title=title, slug=title.lower())
    _signed(make_article(title="Abalone", slug="abalone"), 800)
    _signed(make_article(title="Copper", slug="copper"), 900)
    _signed(make_article(title="Boron", slug="boron"), 30)  # current

    due = due_for_review(Article.objects.all())

    assert [a.title for a in due] == ["Iron", "Zinc", "Copper", "Abalone"]


@pytest.mark.django_db
def test_what_is_due_is_judged_on_the_day_given(settings):
    settings.SUPPLEMENTS_CMS = {"REVIEW_MAX_AGE_MONTHS": 12}
    _signed(make_article(title="Selenium", slug="selenium"), 30)
    in_two_years = timezone.localdate() + datetime.timedelta(days=730)

    assert list(due_for_review(Article.objects.all())) == []
    assert [a.title for a in due_for_review(Article.objects.all(), today=in_two_years)] == [
        "Selenium"
    ]


def _edit_after_sign_off(article: Article, **fields) -> None:
    later = article.sign_off.decided_at + datetime.timedelta(minutes=5)
    Article.objects.filter(pk=article.pk).update(updated_at=later, **fields)


@pytest.mark.django_db
def test_only_articles_saved_since_their_sign_off_are_examined(monkeypatch):
    kept = make_article(title="Kept", slug="kept")
    changed = make_article(title="Changed", slug="changed")
    for article in (kept, changed):
        sign_off(article)
        article.refresh_from_db()
    _edit_after_sign_off(changed, intro="A rewritten introduction.")
    # Were every signed-off article examined, the limit would stop at the first (unchanged).
    monkeypatch.setattr(review_dates, "CHANGED_SCAN_LIMIT", 1)

    assert [a.title for a in changed_since_review(Article.objects.all())] == ["Changed"]


@pytest.mark.django_db
def test_the_scan_reads_its_articles_parts_and_reviewers_in_three_queries(
    django_assert_num_queries,
):
    articles = [make_article(title=f"Part {n}", slug=f"part-{n}", benefits=2) for n in range(3)]
    for article in articles:
        sign_off(article)
        article.refresh_from_db()
        _edit_after_sign_off(article, intro=f"Rewritten {article.pk}.")

    with django_assert_num_queries(3):  # the articles with their sign-offs, benefits, references
        changed = changed_since_review(Article.objects.all())

    assert sorted(a.title for a in changed) == ["Part 0", "Part 1", "Part 2"]
