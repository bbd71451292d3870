"""What the history's comparison reads of a revision: every part of the article as an editor
typed or chose it (numbers without padding zeros, choices by their label, pointers by name,
times in the site's zone), its rows in the form's order, one paragraph a row."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import reversion
from reversion.models import Version

from supplements_cms.editorial.revisions import snapshot
from supplements_cms.models import Benefit, Contributor, Reference, RelatedPost
from tests.factories import make_article, make_cta, make_supplement

pytestmark = pytest.mark.django_db


def _revision_of(article) -> Version:
    with reversion.create_revision():
        article.save()
    return Version.objects.get_for_object(article).first()


@pytest.fixture
def article():
    other = make_article(title="Zinc and sleep", slug="zinc-and-sleep")
    article = make_article(
        title="Magnesium for night cramps",
        seo_title="Magnesium and cramps: what helps",
        slug="magnesium-night-cramps",
        summary="Why a mineral may calm the legs at night.",
        image_alt="A glass of water on a night table",
        intro="First line.\r\nSecond line.",
        body="What the mineral does.",
        conclusion="Worth a try, with a doctor.",
        additional_benefits_heading="More reasons",
        additional_benefits_intro="Besides the cramps:",
        dosage_heading="How to take it",
        dose_min=Decimal("200.000"),
        dose_max=Decimal("400.500"),
        dose_unit="mg",
        dose_frequency="per day",
        dosage_note="With the evening meal.",
        disclaimer_mode="replace",
        disclaimer="Ask before taking it when pregnant.",
        supplement=make_supplement("Magnesium glycinate"),
        call_to_action=make_cta("Read the guide"),
        byline=Contributor.objects.create(name="Ada Lovelace", credentials="PhD"),
        published_at=datetime(2026, 3, 4, 9, 15, tzinfo=UTC),
        conditions=["Muscle cramps", "Fibromyalgia"],
    )
    # Made out of their order on the page: the position orders them, then the id.
    for title, kind, text, position in (
        ("Calm muscles", Benefit.Kind.MAIN, "Less twitching.", 2),
        ("Better sleep", Benefit.Kind.ADDITIONAL, "Deeper rest.", 1),
        ("Fewer cramps", Benefit.Kind.MAIN, "Shorter ones.", 2),
    ):
        Benefit.objects.create(
            article=article, title=title, kind=kind, description=text, position=position
        )
    Reference.objects.create(article=article, title="A review", position=2)
    Reference.objects.create(
        article=article,
        position=1,
        authors="Roe J, Lee K",
        title="Magnesium and cramps",
        publication="J Sleep Res",
        year=2020,
        doi="10.1000/xyz123",
        pmid="12345678",
        url="https://example.org/study",
    )
    RelatedPost.objects.create(
        article=article, title="A sleep guide", url="https://example.org/guide", position=2
    )
    RelatedPost.objects.create(article=article, target=other, position=1)
    return article


def test_a_revision_reads_as_the_editor_wrote_each_part(article):
    assert snapshot(_revision_of(article)) == {
        "Title": "Magnesium for night cramps",
        "SEO title": "Magnesium and cramps: what helps",
        "Slug": "magnesium-night-cramps",
        "Summary": "Why a mineral may calm the legs at night.",
        "Featured image": "",
        "Alt text": "A glass of water on a night table",
        "Introduction": "First line.\nSecond line.",
        "Body": "What the mineral does.",
        "Conclusion": "Worth a try, with a doctor.",
        "Heading of additional benefits": "More reasons",
        "Introduction to additional benefits": "Besides the cramps:",
        "Dosage heading": "How to take it",
        "Dose (from)": "200",
        "Dose (to)": "400.5",
        "Unit": "mg",
        "Frequency": "per day",
        "Dosage note": "With the evening meal.",
        "This article's disclaimer": "Show instead of the site's disclaimer",
        "Disclaimer": "Ask before taking it when pregnant.",
        "Supplement": "Magnesium glycinate",
        "Call to action": "Read the guide",
        "Written by": "Ada Lovelace, PhD",
        "Status": "Published",
        "Publication time": "March 4, 2026, 9:15 a.m.",
        "Benefits": (
            "Additional (bullet) · Better sleep: Deeper rest.\n\n"
            "Main (numbered) · Calm muscles: Less twitching.\n\n"
            "Main (numbered) · Fewer cramps: Shorter ones."
        ),
        "References": (
            "Roe J, Lee K Magnesium and cramps J Sleep Res 2020 10.1000/xyz123 12345678 "
            "https://example.org/study\n\nA review"
        ),
        "Related posts": "Zinc and sleep\n\nA sleep guide https://example.org/guide",
        "Conditions": "Fibromyalgia, Muscle cramps",
    }


def test_what_a_revision_points_at_and_no_longer_exists_is_named_by_its_id(article):
    cta = article.call_to_action
    version = _revision_of(article)
    cta_pk = cta.pk
    cta.delete()

    shown = snapshot(version)

    assert shown["Call to action"] == f"#{cta_pk}"
    assert shown["Supplement"] == "Magnesium glycinate"


def test_an_empty_revision_has_every_part_empty_but_the_defaults():
    article = make_article(title="Bare", slug="bare", intro="", body="", conclusion="")
    article.published_at = None
    article.status = "draft"

    shown = snapshot(_revision_of(article))

    assert shown["Title"] == "Bare"
    assert shown["Status"] == "Draft"
    assert shown["This article's disclaimer"] == "Show after the site's disclaimer"
    filled = {"Title", "Slug", "Status", "This article's disclaimer"}
    assert {label for label, text in shown.items() if text} == filled
