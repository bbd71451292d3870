"""The disease-claim checker: a table of sentences it must flag and must leave alone."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from supplements_cms.claims import check_article, check_text
from supplements_cms.models import Benefit, Supplement
from tests.factories import make_article

# (sentence, must be flagged)
TABLE = [
    # Claims: must be flagged.
    ("Magnesium glycinate cures fibromyalgia.", True),
    ("This supplement will cure your migraines for good.", True),
    ("Zinc treats acne from the inside.", True),
    ("Doctors use it to treat muscle cramps at home.", True),
    ("Vitamin D3 prevents depression in winter.", True),
    ("Taking it daily can prevent heart disease.", True),
    ("Magnesium heals damaged nerves.", True),
    ("Our blend reverses type 2 diabetes.", True),
    ("It is clinically proven to stop cramps.", True),
    ("The results are scientifically proven.", True),
    ("Relief is guaranteed within a week.", True),
    ("A miracle mineral for chronic pain.", True),
    ("Magnesium eliminates anxiety.", True),
    ("Curcumin eradicates inflammation.", True),
    ("It has no side effects at any dose.", True),
    ("This form is 100% safe for everyone.", True),
    ("Our magnesium is FDA-approved.", True),
    ("You can stop taking your blood pressure medication once you start.", True),
    ("Use it instead of your prescription painkillers.", True),
    ("Thousands have been cured of insomnia.", True),
    ("It is the best way of treating fibromyalgia naturally.", True),
    ("Zinc is preventing colds in our readers every winter.", True),
    ("The mineral healed my knee in two weeks.", True),
    ("Vitamin D3 will replace your antidepressant medicine.", True),
    # Not claims: must not be flagged.
    ("Magnesium glycinate is not a cure for fibromyalgia.", False),
    ("No supplement can cure migraine.", False),
    ("It does not treat any disease.", False),
    ("Magnesium cannot prevent heart disease on its own.", False),
    ("This product is not intended to diagnose, treat, cure, or prevent any disease.", False),
    ("Magnesium supports normal muscle function.", False),
    ("Zinc contributes to the normal function of the immune system.", False),
    ("Vitamin D helps maintain normal bones.", False),
    ("Take it with food to prevent stomach upset.", False),
    ("Splitting the dose helps prevent loose stools.", False),
    ("Some small studies found fewer cramps in older adults.", False),
    ("Talk to your doctor before you start a supplement.", False),
    ("Magnesium may help some people sleep a little better.", False),
    ("Research on magnesium and migraine is promising but limited.", False),
    ("Keep taking your prescribed medicines unless your doctor says otherwise.", False),
    ("The treatment of fibromyalgia is best planned with a specialist.", False),
    ("Healthy adults rarely need more than the recommended amount.", False),
    ("A balanced diet provides most of the magnesium you need.", False),
    ("Nothing here is meant to cure or treat a condition.", False),
    ("It is not expensive, but it cures cramps overnight.", True),
    ("It won't heal an injury, but it may ease tension.", False),
    ("Treat it as one part of a wider plan.", False),
]


def flagged(sentence: str) -> bool:
    return bool(check_text(sentence, "body"))


def precision_and_recall(table: list[tuple[str, bool]]) -> tuple[float, float, list[str]]:
    """The checker's precision and recall on ``table``, printed, with the sentences it got wrong."""
    true_pos = sum(1 for s, claim in table if claim and flagged(s))
    false_pos = [s for s, claim in table if not claim and flagged(s)]
    false_neg = [s for s, claim in table if claim and not flagged(s)]
    precision = true_pos / (true_pos + len(false_pos)) if true_pos + len(false_pos) else 1.0
    recall = true_pos / (true_pos + len(false_neg)) if true_pos + len(false_neg) else 1.0
    print(
        f"\nclaim checker on {len(table)} sentences: precision {precision:.0%}, recall {recall:.0%}"
    )
    return (
        precision,
        recall,
        [f"wrongly flagged: {s}" for s in false_pos] + [f"missed: {s}" for s in false_neg],
    )


def test_the_table_is_large_and_balanced():
    claims = [s for s, claim in TABLE if claim]
    assert len(TABLE) >= 40
    assert len(claims) >= 15
    assert len(TABLE) - len(claims) >= 15


def test_precision_and_recall_are_complete_on_the_table():
    precision, recall, mistakes = precision_and_recall(TABLE)
    assert mistakes == []
    assert (precision, recall) == (1.0, 1.0)


def test_a_warning_names_the_field_sentence_phrase_and_reason():
    (warning,) = check_text("Some text. Magnesium cures cramps. More text.", "intro")
    assert warning.field == "intro"
    assert warning.sentence == "Magnesium cures cramps."
    assert warning.phrase == "cures"
    assert warning.reason == "claims to cure a disease"


def test_the_rules_are_a_setting(settings):
    settings.SUPPLEMENTS_CMS = {
        "CLAIM_RULES": [{"pattern": r"\bwonder\b", "reason": "promises wonders"}]
    }
    assert flagged("A wonder mineral.")
    assert not flagged("Magnesium cures cramps.")


@pytest.mark.django_db
def test_article_check_covers_text_benefits_and_upper_limit():
    supplement = Supplement.objects.create(
        name="Magnesium Citrate",
        upper_limit=Decimal("350"),
        upper_limit_unit="mg",
        upper_limit_source="NIH ODS",
    )
    article = make_article(
        title="Magnesium for cramps",
        intro="It **cures** cramps.",
        body="## Why\n\nMagnesium is not a cure.",
        supplement=supplement,
        dose_min=Decimal("0.2"),
        dose_max=Decimal("0.5"),
        dose_unit="g",
        dose_frequency="per day",
    )
    Benefit.objects.create(article=article, title="Guaranteed calm", description="x", position=1)

    warnings = {(w.field, w.phrase) for w in check_article(article)}

    assert warnings == {
        ("intro", "cures"),
        ("benefit “Guaranteed calm”", "Guaranteed"),
        ("dosage", "0.2 to 0.5 g per day"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dose_max", "unit", "over"),
    [("400", "mg", True), ("350", "mg", False), ("0.4", "g", True), ("300000", "mcg", False)],
)
def test_upper_limit_compares_across_units(dose_max, unit, over):
    supplement = Supplement.objects.create(
        name="Mg", upper_limit=Decimal("350"), upper_limit_unit="mg"
    )
    article = make_article(
        supplement=supplement, dose_min=Decimal(dose_max), dose_unit=unit, dose_frequency="per day"
    )
    assert article.dose_above_upper_limit is over


@pytest.mark.django_db
def test_iu_limits_only_compare_with_iu():
    supplement = Supplement.objects.create(
        name="D3", upper_limit=Decimal("4000"), upper_limit_unit="IU"
    )
    assert make_article(
        supplement=supplement, dose_min=Decimal("5000"), dose_unit="IU"
    ).dose_above_upper_limit
    assert not make_article(
        supplement=supplement, dose_min=Decimal("500"), dose_unit="mg"
    ).dose_above_upper_limit


@pytest.mark.django_db
def test_the_page_warns_readers_about_a_dose_above_the_upper_limit(client):
    supplement = Supplement.objects.create(
        name="Magnesium Citrate",
        upper_limit=Decimal("350"),
        upper_limit_unit="mg",
        upper_limit_source="NIH ODS",
    )
    article = make_article(
        supplement=supplement, dose_min=Decimal("200"), dose_max=Decimal("500"), dose_unit="mg"
    )
    text = client.get(article.get_absolute_url()).content.decode()
    assert "above the tolerable upper intake level of 350 mg a day (NIH ODS)" in text

    article.dose_max = Decimal("300")
    article.save()
    assert (
        "tolerable upper intake level"
        not in client.get(article.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_check_claims_command_lists_and_fails():
    make_article(title="Clean", intro="Magnesium supports normal muscle function.")
    make_article(title="Bad", slug="bad", intro="It cures cramps. It is clinically proven.")
    out = StringIO()

    with pytest.raises(CommandError, match=r"^2 claim warning\(s\) in 1 article\(s\)\.$"):
        call_command("check_claims", stdout=out)

    assert out.getvalue().splitlines() == [
        "bad:",
        "  intro: “cures” claims to cure a disease: It cures cramps.",
        "  intro: “clinically proven” claims proof that studies rarely give: "
        "It is clinically proven.",
    ]


@pytest.mark.django_db
def test_check_claims_passes_a_clean_site_and_refuses_unknown_slugs():
    make_article(title="Clean", slug="clean", intro="Magnesium supports normal muscle function.")
    out = StringIO()
    call_command("check_claims", "clean", stdout=out)
    assert "No claim warnings." in out.getvalue()
    with pytest.raises(CommandError, match="No article with the slug nope"):
        call_command("check_claims", "nope", stdout=StringIO())
