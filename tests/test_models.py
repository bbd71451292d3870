"""Model rules: dosage, slugs, URLs, related posts, rendering on save."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from supplements_cms.models import Article, CallToAction, RelatedPost
from tests.factories import make_article, make_cta

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("low", "high", "unit", "frequency", "expected"),
    [
        ("200", "400", "mg", "per day", "200 to 400 mg per day"),
        ("200", None, "mg", "per day", "200 mg per day"),
        ("1000", "2000", "IU", "per day", "1,000 to 2,000 IU per day"),
        ("2.5", "5", "g", "daily", "2.5 to 5 g daily"),
        ("150", "150", "mcg", "", "150 mcg"),
        (None, None, "", "", ""),
    ],
)
def test_dosage_reads_as_a_sentence(low, high, unit, frequency, expected):
    article = Article(
        dose_min=low and Decimal(low),
        dose_max=high and Decimal(high),
        dose_unit=unit,
        dose_frequency=frequency,
    )
    assert article.dosage == expected


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"dose_min": Decimal("400"), "dose_max": Decimal("200"), "dose_unit": "mg"}, "dose_max"),
        ({"dose_min": Decimal("0"), "dose_unit": "mg"}, "dose_min"),
        ({"dose_min": Decimal("-5"), "dose_unit": "mg"}, "dose_min"),
        ({"dose_max": Decimal("400"), "dose_unit": "mg"}, "dose_min"),
        ({"dose_min": Decimal("200")}, "dose_unit"),
        ({"dose_min": Decimal("200"), "dose_unit": "grains"}, "dose_unit"),
    ],
)
def test_bad_dosage_is_a_validation_error(fields, error_field):
    article = Article(title="Dose test", slug="dose-test", **fields)
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert error_field in excinfo.value.message_dict


def test_database_refuses_an_inverted_range_even_without_validation():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(dose_min=Decimal("400"), dose_max=Decimal("200"), dose_unit="mg")


def test_slug_is_made_from_the_title_and_kept_unique():
    first = make_article(title="Magnesium and Sleep")
    second = make_article(title="Magnesium and sleep")
    assert first.slug == "magnesium-and-sleep"
    assert second.slug == "magnesium-and-sleep-2"
    assert make_article(title="Ünïcode Ärticle").slug == "ünïcode-ärticle"


def test_slug_that_would_shadow_the_packages_pages_is_refused():
    article = Article(title="Conditions", slug="conditions")
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "slug" in excinfo.value.message_dict
    assert make_article(title="Conditions").slug == "conditions-article"


def test_markdown_is_rendered_on_save_into_stored_html():
    article = make_article(
        intro="Some *intro*.",
        body="## What is it?\n\nA mineral.",
        conclusion="**Done**.",
        dosage_note="Take with food.",
        additional_benefits_intro="Also:",
    )
    article.refresh_from_db()
    assert article.intro_html == "<p>Some <em>intro</em>.</p>"
    assert '<h2 id="what-is-it">What is it?</h2>' in article.body_html
    assert article.conclusion_html == "<p><strong>Done</strong>.</p>"
    assert article.dosage_note_html == "<p>Take with food.</p>"
    assert article.additional_benefits_intro_html == "<p>Also:</p>"


def test_save_with_update_fields_keeps_html_in_step():
    article = make_article(intro="Old.")
    article.intro = "New."
    article.save(update_fields=["intro"])
    article.refresh_from_db()
    assert article.intro_html == "<p>New.</p>"


def test_publishing_without_a_time_means_now():
    article = make_article(published=False)
    assert article.published_at is None
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article.is_live


def test_benefit_description_is_inline_for_one_paragraph_and_block_otherwise():
    article = make_article(benefits=1)
    one = article.benefits.get()
    assert one.description_html == "How benefit 1 works."
    assert one.description_is_inline
    one.description = "First paragraph.\n\nSecond paragraph."
    one.save()
    assert one.description_html.startswith("<p>First paragraph.</p>")
    assert not one.description_is_inline


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/", "ftp://x.org/", "/a b"]
)
def test_unsafe_cta_button_url_is_refused(url):
    cta = CallToAction(label="x", heading="x", button_label="Go", button_url=url)
    with pytest.raises(ValidationError) as excinfo:
        cta.full_clean()
    assert "button_url" in excinfo.value.message_dict


@pytest.mark.parametrize("url", ["https://example.org/join", "http://example.org", "/newsletter/"])
def test_safe_cta_button_url_is_accepted(url):
    CallToAction(label="x", heading="x", button_label="Go", button_url=url).full_clean()


def test_cta_button_needs_both_label_and_url():
    with pytest.raises(ValidationError):
        CallToAction(label="x", heading="x", button_url="/a/").full_clean()


def test_only_one_cta_can_be_the_site_default():
    make_cta("First", is_default=True)
    second = CallToAction(label="Second", heading="h", is_default=True)
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert "already the site default" in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_related_post_never_points_at_its_own_article():
    article = make_article()
    post = RelatedPost(article=article, target=article)
    with pytest.raises(ValidationError) as excinfo:
        post.full_clean()
    assert "target" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        post.save()


def test_related_post_never_points_at_the_same_article_twice():
    article, other = make_article(), make_article()
    RelatedPost.objects.create(article=article, target=other)
    duplicate = RelatedPost(article=article, target=other)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "already among the related posts" in str(excinfo.value)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Choose an article or enter a URL."),
        ({"url": "https://example.org/"}, "An external link needs a title."),
        ({"url": "javascript:alert(1)", "title": "x"}, "Enter a full http"),
    ],
)
def test_related_post_needs_a_target_or_a_titled_safe_url(fields, message):
    post = RelatedPost(article=make_article(), **fields)
    with pytest.raises(ValidationError) as excinfo:
        post.full_clean()
    assert message in str(excinfo.value)


def test_related_post_with_both_an_article_and_a_url_is_refused():
    article, other = make_article(), make_article()
    post = RelatedPost(article=article, target=other, url="https://example.org/", title="x")
    with pytest.raises(ValidationError, match="not both"):
        post.full_clean()
