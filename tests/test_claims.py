"""The disease-claim checker: FDA's criteria on a table of sentences, the API, the article check,
the settings and ``check_claims``."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from supplements_cms.content.claims import CRITERIA as PARAGRAPHS
from supplements_cms.content.claims import ClaimContext, check_article, check_text
from supplements_cms.models import Article, Benefit, Supplement
from tests.claims_table import TABLE
from tests.factories import make_article, make_user

CRITERIA = (
    "i", "ii", "iii", "iv.A", "iv.B", "iv.C", "iv.D", "v", "vi", "vii", "viii", "ix", "rules"
)  # fmt: skip


def warnings_for(text: str, conditions: tuple[str, ...], headline: bool) -> list:
    return check_text(("# " if headline else "") + text, context=ClaimContext(conditions))


def named(warning) -> str:
    """The table's name for the criterion a warning gives ("ii"), "rules" for an overstatement."""
    label = warning.criterion.removeprefix("(g)(2)(").removesuffix(")").replace(")(", ".")
    return label or "rules"


def scores(table) -> tuple[dict[str, tuple[float, float, int]], float, float, list[str]]:
    """Per criterion and overall: precision, recall, and the rows the checker got wrong.

    Recall of a criterion: of the rows FDA's reading puts under it, the share flagged. Precision
    of a criterion: of the rows where the checker names it, the share that are claims.
    """
    labelled, hits, named_by_checker, named_right = Counter(), Counter(), Counter(), Counter()
    mistakes = []
    true_pos = false_pos = false_neg = 0
    for text, criterion, conditions, headline in table:
        found = warnings_for(text, conditions, headline)
        for name in {named(w) for w in found}:
            named_by_checker[name] += 1
            named_right[name] += bool(criterion)
        if criterion:
            labelled[criterion] += 1
            hits[criterion] += bool(found)
        if criterion and found:
            true_pos += 1
        elif criterion:
            false_neg += 1
            mistakes.append(f"missed ({criterion}): {text}")
        elif found:
            false_pos += 1
            mistakes.append(f"wrongly flagged: {text} {[w.phrase for w in found]}")
    per_criterion = {
        c: (
            named_right[c] / named_by_checker[c] if named_by_checker[c] else 1.0,
            hits[c] / labelled[c] if labelled[c] else 1.0,
            labelled[c],
        )
        for c in CRITERIA
    }
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    return per_criterion, precision, recall, mistakes


def test_the_table_covers_every_criterion_both_ways_and_in_context():
    assert len(TABLE) >= 200
    labels = Counter(criterion for _text, criterion, _c, _h in TABLE)
    assert labels[""] >= 80  # sentences that must stay quiet
    assert len(TABLE) - labels[""] >= 100
    assert all(labels[c] >= 4 for c in CRITERIA)
    assert any(h and c and conditions for _t, c, conditions, h in TABLE)  # "Pain relief" + tag
    assert any(h and not c and conditions for _t, c, conditions, h in TABLE)


def test_precision_and_recall_per_criterion(capsys):
    per_criterion, precision, recall, mistakes = scores(TABLE)
    lines = [f"claim checker on {len(TABLE)} sentences (tests/claims_table.py)"]
    lines += [
        f"  {'overstatement' if c == 'rules' else '(g)(2)(' + c.replace('.', ')(') + ')':<16} "
        f"precision {p:6.1%}  recall {r:6.1%}  ({n} claims)"
        for c, (p, r, n) in per_criterion.items()
    ]
    lines.append(f"  overall          precision {precision:6.1%}  recall {recall:6.1%}")
    with capsys.disabled():
        print("\n" + "\n".join(lines + mistakes))
    assert precision >= 0.95, mistakes
    assert recall >= 0.95, mistakes


@pytest.mark.parametrize(
    ("text", "criterion"),
    [
        ("Our formula lowers LDL cholesterol.", "(g)(2)(ii)"),
        ("A natural alternative to statins.", "(g)(2)(vi)"),
        ("Nature's own painkiller.", "(g)(2)(v)"),
        ("Take it during chemotherapy to protect your nerves.", "(g)(2)(ix)"),
        ("Makes your insulin work better.", "(g)(2)(vii)"),
        ("Supports the body's ability to fight off infections.", "(g)(2)(viii)"),
        ("Eases toxemia of pregnancy.", "(g)(2)(iii)"),
        ("Try Gastroguard before meals.", "(g)(2)(iv)(A)"),
        ("Contains willow bark, a natural source of aspirin.", "(g)(2)(iv)(B)"),
        ("Keeps you free of disease.", "(g)(2)(iv)(D)"),
    ],
)
def test_each_warning_names_its_criterion(text, criterion):
    assert criterion in {w.criterion for w in check_text(text)}


def test_a_warning_names_the_field_sentence_phrase_criterion_and_an_alternative():
    (warning,) = check_text(
        "Some text. Magnesium reduces the stiffness of arthritis. More text.", field="intro"
    )
    assert warning.field == "intro"
    assert warning.sentence == "Magnesium reduces the stiffness of arthritis."
    assert warning.phrase == "reduces the stiffness of arthritis"
    assert warning.criterion == "(g)(2)(i)"
    assert warning.reason == "(g)(2)(i) claims an effect on a disease: arthritis"
    assert warning.suggestion == "supports normal joint function"
    assert str(warning) == (
        "intro: “reduces the stiffness of arthritis” (g)(2)(i) claims an effect on a disease: "
        "arthritis: Magnesium reduces the stiffness of arthritis."
    )
    assert warning.as_dict()["criterion_explanation"] == (
        "an effect on a specific disease or class of diseases"
    )
    assert "associated with arthritis" in warning.as_dict()["fda_example"]
    assert set(warning.as_dict()) == {
        "key", "field", "criterion", "criterion_explanation", "fda_example", "phrase", "reason",
        "sentence", "suggestion",
    }  # fmt: skip


def test_the_paragraphs_are_numbered_as_the_regulation_and_documented():
    assert list(PARAGRAPHS) == [
        "(g)(2)(i)", "(g)(2)(ii)", "(g)(2)(iii)", "(g)(2)(iv)(A)", "(g)(2)(iv)(B)",
        "(g)(2)(iv)(C)", "(g)(2)(iv)(D)", "(g)(2)(iv)(E)", "(g)(2)(v)", "(g)(2)(vi)",
        "(g)(2)(vii)", "(g)(2)(viii)", "(g)(2)(ix)", "(g)(2)(x)",
    ]  # fmt: skip
    docs = (Path(__file__).resolve().parents[1] / "docs" / "trust.md").read_text()
    for paragraph, criterion in PARAGRAPHS.items():
        row = next(line for line in docs.splitlines() if line.startswith(f"| {paragraph} |"))
        assert str(criterion.explanation) in row
        assert criterion.example in row


def test_keys_follow_the_sentence_the_phrase_the_field_and_the_criterion():
    (first,) = check_text("Magnesium cures gout.", field="intro")
    (respaced,) = check_text("Some text.  MAGNESIUM   cures gout.", field="intro")
    (reworded,) = check_text("Every day, magnesium cures gout!", field="intro")
    (elsewhere,) = check_text("Magnesium cures gout.", field="conclusion")
    (another,) = check_text("Magnesium cures lupus.", field="intro")
    assert first.key == respaced.key  # case and spacing aside, the same sentence
    assert len({first.key, reworded.key, elsewhere.key, another.key}) == 4


@pytest.mark.django_db
def test_an_acceptance_covers_one_sentence_of_one_article():
    from supplements_cms.editorial.rules import accept_claims, publish_problems, unaccepted_claims

    publisher = make_user("publisher-claims", staff=True)
    claim = "Magnesium cures gout."
    a = make_article(intro=claim, published=False)
    b = make_article(intro=claim, published=False)
    accept_claims(publisher, a, unaccepted_claims(a))
    assert unaccepted_claims(a) == []
    assert publish_problems(a) == ""
    # The same sentence on another article needs its own acceptance.
    assert [w.phrase for w in unaccepted_claims(b)] == ["cures gout"]
    assert "disease claim" in publish_problems(b)
    # Another sentence with the same phrase, on the accepted article, needs one as well.
    a.intro = "Taken daily, magnesium cures gout."
    a.save()
    assert [w.sentence for w in unaccepted_claims(a)] == ["Taken daily, magnesium cures gout."]


def test_headings_are_headlines_and_context_for_the_text_under_them():
    text = "## Living with fibromyalgia\n\nIt may ease the fatigue.\n\n## Sleep\n\nIt helps."
    warnings = check_text(text, field="body")
    assert [(w.sentence, w.criterion) for w in warnings] == [
        ("It may ease the fatigue.", "(g)(2)(ii)")
    ]
    # Markdown marks and links do not hide a claim.
    (warning,) = check_text("It **relieves** [migraines](https://example.com).")
    assert warning.phrase == "relieves migraines"


def test_the_disease_names_come_from_icd_10_cm_as_well(settings):
    # Names only the ICD-10-CM layer knows.
    assert check_text("It dissolves cholesterol gallstones and heals cholecystitis.")
    assert check_text("Helps with sarcoidosis.")
    # A disease from a lack of a nutrient is not a disease under 21 CFR 101.93(g)(1).
    assert not check_text("Magnesium corrects hypomagnesemia.")
    settings.SUPPLEMENTS_CMS = {"CLAIM_LEXICON": {"en": {"icd10cm": False}}}
    assert not check_text("Helps with sarcoidosis.")


def test_a_site_extends_the_lexicon(settings):
    assert not check_text("It eases the wobbles.")
    settings.SUPPLEMENTS_CMS = {
        "CLAIM_LEXICON": {"en": {"diseases": {"muscles": ["the wobbles"]}, "suggestions": {}}}
    }
    (warning,) = check_text("It eases the wobbles.")
    assert warning.criterion == "(g)(2)(i)"
    assert warning.suggestion == "supports normal muscle function"
    # None removes a shipped entry.
    assert check_text("Nature's own painkiller.")
    settings.SUPPLEMENTS_CMS = {"CLAIM_LEXICON": {"en": {"drug_classes": {"painkiller": None}}}}
    assert not check_text("Nature's own painkiller.")


def test_other_languages_come_from_the_setting(settings):
    with pytest.raises(ValueError, match="No claim lexicon for the language 'de'"):
        check_text("Heilt Arthritis.", language="de")
    settings.SUPPLEMENTS_CMS = {
        "CLAIM_LEXICON": {
            "de": {"diseases": {"joints": ["Arthritis"]}, "effects": {"verbs": ["heilt"]}}
        }
    }
    (warning,) = check_text("Heilt Arthritis.", language="de")
    assert warning.criterion == "(g)(2)(i)"


def test_the_overstatement_rules_are_a_setting(settings):
    assert check_text("Clinically proven to help you relax.")
    settings.SUPPLEMENTS_CMS = {
        "CLAIM_RULES": [{"pattern": r"\bwonder\b", "reason": "promises wonders"}]
    }
    (warning,) = check_text("A wonder mineral.")
    assert (warning.phrase, warning.reason, warning.criterion) == ("wonder", "promises wonders", "")
    assert not check_text("Clinically proven to help you relax.")
    # The criteria do not depend on the rules.
    assert check_text("Magnesium cures gout.")


def test_the_check_stops_at_its_bound_and_says_so(settings):
    settings.SUPPLEMENTS_CMS = {"CLAIM_CHECK_MAX_CHARS": 1000}
    text = "Magnesium supports normal muscle function. " * 30 + "It cures gout."
    (warning,) = check_text(text, field="body")
    assert warning.field == "body"
    assert "not checked past 1,000 characters" in warning.reason
    assert [w.phrase for w in check_text(text[-200:])] == ["cures gout"]


@pytest.mark.django_db
def test_the_article_check_has_one_bound_for_all_its_texts(settings):
    article = make_article(
        intro="Magnesium supports normal muscle function. " * 40,
        conclusion="Magnesium cures gout.",
    )
    assert [w.phrase for w in check_article(article)] == ["cures gout"]
    settings.SUPPLEMENTS_CMS = {"CLAIM_CHECK_MAX_CHARS": 1000}
    (warning,) = check_article(article)
    assert "not checked past 1,000 characters" in warning.reason


@pytest.mark.django_db
def test_article_check_reads_titles_text_benefits_and_the_upper_limit():
    supplement = Supplement.objects.create(
        name="ArthriCalm",
        upper_limit=Decimal("350"),
        upper_limit_unit="mg",
        upper_limit_source="NIH ODS",
    )
    article = make_article(
        title="Magnesium for Fibromyalgia",
        intro="It **cures** gout.",
        body="## Relief for fibromyalgia\n\nMagnesium is not a cure.",
        disclaimer="Not intended to treat, cure or prevent any disease.",
        supplement=supplement,
        dose_min=Decimal("0.2"),
        dose_max=Decimal("0.5"),
        dose_unit="g",
        dose_frequency="per day",
    )
    article.conditions.set(["Fibromyalgia"])
    Benefit.objects.create(article=article, title="Pain relief", description="x", position=1)
    Benefit.objects.create(article=article, title="Better sleep", description="x", position=2)

    warnings = {(w.field, w.phrase, w.criterion) for w in check_article(article)}

    assert warnings == {
        ("title", "for Fibromyalgia", "(g)(2)(i)"),
        ("intro", "cures gout", "(g)(2)(i)"),
        ("body", "for fibromyalgia", "(g)(2)(i)"),
        ("benefit “Pain relief”", "Pain relief", "(g)(2)(ii)"),
        ("supplement", "ArthriCalm", "(g)(2)(iv)(A)"),
        ("dosage", "0.2 to 0.5 g per day", ""),
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
    make_article(title="Bad", slug="bad", intro="It cures gout. It is clinically proven.")
    out = StringIO()

    with pytest.raises(CommandError, match=r"^2 claim warning\(s\) in 1 article\(s\)\.$"):
        call_command("check_claims", stdout=out)

    assert out.getvalue().splitlines() == [
        "bad:",
        "  intro: “cures gout” (g)(2)(i) claims an effect on a disease: gout: It cures gout.",
        "  intro: “clinically proven” claims proof that studies rarely give: "
        "It is clinically proven.",
    ]


@pytest.mark.django_db
def test_check_claims_json_for_pipelines():
    make_article(title="Clean", slug="clean", intro="Magnesium supports normal muscle function.")
    make_article(title="Bad", slug="bad", intro="It lowers cholesterol.")
    out = StringIO()

    with pytest.raises(CommandError, match=r"^1 claim warning\(s\) in 1 article\(s\)\.$"):
        call_command("check_claims", "--format", "json", stdout=out)

    report = json.loads(out.getvalue())
    assert [a["slug"] for a in report["articles"]] == ["bad", "clean"]
    (warning,) = report["articles"][0]["warnings"]
    assert warning["criterion"] == "(g)(2)(ii)"
    assert warning["phrase"] == "lowers cholesterol"
    assert warning["sentence"] == "It lowers cholesterol."
    assert warning["field"] == "intro"
    assert warning["suggestion"].startswith("helps maintain cholesterol levels")
    assert report["articles"][1]["warnings"] == []
    assert report["total"] == 1


@pytest.mark.django_db
def test_check_claims_passes_a_clean_site_and_refuses_bad_input():
    make_article(title="Clean", slug="clean", intro="Magnesium supports normal muscle function.")
    out = StringIO()
    call_command("check_claims", "clean", stdout=out)
    assert "No claim warnings." in out.getvalue()
    out = StringIO()
    call_command("check_claims", "clean", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["total"] == 0
    with pytest.raises(CommandError, match=r"^No article with the slug nope\.$"):
        call_command("check_claims", "nope", stdout=StringIO())
    with pytest.raises(CommandError, match=r"^No claim lexicon for the language 'xx'"):
        call_command("check_claims", "--language", "xx", stdout=StringIO())


@pytest.mark.django_db
def test_every_text_shown_with_an_article_is_checked():
    from supplements_cms.models import CallToAction, Condition, Reference

    supplement = Supplement.objects.create(
        name="Magnesium glycinate", slug="mg-gly", description="It reverses diabetes."
    )
    article = make_article(
        conditions=["Migraine"],
        supplement=supplement,
        image_alt="A woman whose eczema cleared up",
        body='![Capsules that heal psoriasis](/media/a.png "x")',
    )
    Condition.objects.filter(name="Migraine").update(description_html="<p>It ends migraines.</p>")
    Reference.objects.create(
        article=article, title="Magnesium for the treatment of acute migraine attacks"
    )
    Reference.objects.create(article=article, title="Migraine: a review of its epidemiology")
    CallToAction.objects.create(label="Pain", heading="Fast pain relief", is_default=True)
    found = {(w.field, w.criterion) for w in check_article(article)}
    assert found == {
        ("image_alt", "(g)(2)(i)"),
        ("body", "(g)(2)(i)"),
        ("supplement", "(g)(2)(i)"),
        ("condition “Migraine”", "(g)(2)(i)"),
        ("references", "(g)(2)(iv)(C)"),  # the treatment, not the epidemiology
        ("call_to_action", "(g)(2)(ii)"),  # pain relief, under a migraine article
    }


@pytest.mark.django_db
def test_a_call_to_action_with_a_claim_keeps_every_article_that_shows_it_from_going_live():
    from supplements_cms.editorial.rules import publish_problems
    from supplements_cms.models import CallToAction

    article = make_article(published=False)
    assert publish_problems(article) == ""
    CallToAction.objects.create(
        label="Shop",
        heading="Our shop",
        text="Our magnesium cures fibromyalgia and reverses diabetes.",
        is_default=True,
    )
    assert "2 sentences read as disease claims" in publish_problems(article)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_claims", article.slug, stdout=out)
    assert "call_to_action" in out.getvalue()


def test_reasons_explanations_and_suggestions_are_translated():
    from django.utils import translation

    with translation.override("de"):
        (warning,) = check_text("Magnesium reduces the stiffness of arthritis.")
        assert warning.suggestion == "unterstützt die normale Gelenkfunktion"
        assert warning.reason.startswith("(g)(2)(i) behauptet eine Wirkung auf eine Krankheit")
        assert warning.as_dict()["criterion_explanation"] == (
            "eine Wirkung auf eine bestimmte Krankheit oder Gruppe von Krankheiten"
        )


CLAIM_LIST_URL = "/admin/supplements_cms/article/claims/"


def _staff(name: str, *codenames: str):
    from django.contrib.auth.models import Permission
    from django.test import Client

    user = make_user(name, staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="supplements_cms", codename__in=codenames
        )
    )
    client = Client()
    client.force_login(user)
    return user, client


def _rows(response) -> list[tuple[str, str, str]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    return [
        tuple(td.get_text(" ", strip=True) for td in tr.find_all("td")[:3])
        for tr in soup.select(".scms-claim-list__table tbody tr")
    ]


@pytest.mark.django_db
def test_the_publishers_list_shows_filters_and_accepts_warnings_across_articles():
    from supplements_cms.models import ClaimAcceptance

    publisher, client = _staff(
        "list-publisher", "view_article", "change_article", "publish_article"
    )
    gout = make_article(title="Gout notes", intro="Magnesium cures gout.", published=False)
    pills = make_article(title="Pill notes", intro="A natural alternative to statins.")
    make_article(title="Clean", intro="Magnesium supports normal muscle function.")
    rows = _rows(client.get(CLAIM_LIST_URL))
    assert {(r[0].split(" (")[0], r[2].split(" ")[0]) for r in rows} == {
        ("Gout notes", "(g)(2)(i)"),
        ("Pill notes", "(g)(2)(vi)"),
    }
    only_vi = _rows(client.get(CLAIM_LIST_URL, {"criterion": "(g)(2)(vi)"}))
    assert [r[0] for r in only_vi] == [f"Pill notes ({pills.pk})"]
    only_gout = _rows(client.get(CLAIM_LIST_URL, {"article": gout.pk}))
    assert [r[0] for r in only_gout] == [f"Gout notes ({gout.pk})"]
    page = client.get(CLAIM_LIST_URL, {"article": gout.pk}).content.decode()
    assert f'href="/admin/supplements_cms/article/{gout.pk}/change/#id_intro"' in page
    # Accepting one records who, and it leaves the list; the other stays.
    (warning,) = unaccepted_claims_of(gout)
    back = "?criterion=&article=&page=1"
    response = client.post(CLAIM_LIST_URL, {"article": gout.pk, "key": warning.key, "back": back})
    assert response.status_code == 302
    assert response["Location"].endswith("/claims/?criterion=&article=&page=1")
    accepted = ClaimAcceptance.objects.get(article=gout)
    assert (accepted.key, accepted.accepted_by) == (warning.key, publisher)
    assert [r[0] for r in _rows(client.get(CLAIM_LIST_URL))] == [f"Pill notes ({pills.pk})"]
    # An unknown key accepts nothing.
    client.post(CLAIM_LIST_URL, {"article": pills.pk, "key": "nope"})
    assert not ClaimAcceptance.objects.filter(article=pills).exists()
    assert client.post(CLAIM_LIST_URL, {"article": "x", "key": "nope"}).status_code == 404


def unaccepted_claims_of(article):
    from supplements_cms.editorial.rules import unaccepted_claims

    return unaccepted_claims(article)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "codenames",
    [("view_article", "change_article", "add_article"), ("view_article",)],
    ids=["writer", "view-only staff"],
)
def test_only_publishers_may_see_or_accept_on_the_list(codenames):
    from supplements_cms.models import ClaimAcceptance

    article = make_article(intro="Magnesium cures gout.")
    (warning,) = unaccepted_claims_of(article)
    _user, client = _staff("not-a-publisher", *codenames)
    assert client.get(CLAIM_LIST_URL).status_code == 403
    response = client.post(CLAIM_LIST_URL, {"article": article.pk, "key": warning.key})
    assert response.status_code == 403
    assert not ClaimAcceptance.objects.exists()


IMPORTED = """Title: Magnesium for Restful Evenings

Introduction

An evening routine with magnesium glycinate, written for this test.

What is Magnesium Glycinate?

Magnesium bound to glycine, gentle on the stomach.

Conclusion

A small habit for calmer evenings.

Call to Action

Our magnesium cures fibromyalgia and reverses diabetes.
"""


@pytest.mark.django_db
def test_an_imported_call_to_action_with_a_claim_keeps_the_article_a_draft_and_is_named(
    tmp_path,
):
    make_user(
        "importer",
        staff=True,
        perms=("add_article", "change_article", "view_article", "publish_article"),
    )
    path = tmp_path / "evenings.txt"
    path.write_text(IMPORTED, encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(path), "--publish", "--user", "importer", stdout=out)
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert "kept as a draft" in out.getvalue()
    assert f"1 article holds claim warnings to review: {article.slug} (2)." in out.getvalue(), (
        out.getvalue()
    )
    report = StringIO()
    with pytest.raises(CommandError):
        call_command("check_claims", article.slug, "--format", "json", stdout=report)
    warnings = json.loads(report.getvalue())["articles"][0]["warnings"]
    assert {(w["field"], w["criterion"]) for w in warnings} == {("call_to_action", "(g)(2)(i)")}
    assert len(warnings) == 2


@pytest.mark.django_db
def test_a_call_to_action_form_shows_its_own_warnings_in_the_context_of_its_conditions():
    from bs4 import BeautifulSoup

    from tests.factories import make_cta

    _user, client = _staff(
        "cta-editor", "view_calltoaction", "change_calltoaction", "add_calltoaction"
    )
    aimed = make_cta("Aimed", heading="Fast pain relief", conditions=["Migraine"])
    plain = make_cta("Plain", heading="Evening routines, by email")
    url = "/admin/supplements_cms/calltoaction/{}/change/"

    def shown(cta) -> str:
        page = BeautifulSoup(client.get(url.format(cta.pk)).content, "html.parser")
        return page.select_one(".field-claim_warnings").get_text(" ", strip=True)

    assert "“pain relief” (g)(2)(ii)" in shown(aimed)  # relief from the pain of migraine
    assert shown(plain) == "Claim warnings: None: no sentence reads as a disease claim."
    data = {"label": "Plain", "heading": plain.heading, "is_active": "on"}
    data["text"] = "Our drops end migraines for good."
    saved = client.post(url.format(plain.pk), data, follow=True)
    assert saved.redirect_chain, saved.content.decode()[:2000]
    assert "every article that shows this call to action needs" in saved.content.decode()
    assert "“end migraines” (g)(2)(i)" in shown(plain)


@pytest.mark.django_db
def test_the_live_check_reads_up_to_the_same_bound_and_says_where_it_stopped(settings):
    _user, client = _staff("live-writer", "view_article", "change_article", "add_article")
    settings.SUPPLEMENTS_CMS = {"CLAIM_CHECK_MAX_CHARS": 1000}
    text = "Magnesium supports normal muscle function. " * 30 + "It cures gout."
    response = client.post("/admin/supplements_cms/article/claims/check/", {"text": text})
    assert response.status_code == 200
    (warning,) = response.json()["warnings"]
    assert "not checked past 1,000 characters" in warning["reason"]


@pytest.mark.django_db
def test_warnings_at_the_top_of_the_form_link_to_the_part_they_are_about():
    from bs4 import BeautifulSoup

    from supplements_cms.models import Condition, Reference

    _user, client = _staff("anchor-publisher", "view_article", "change_article")
    article = make_article(conditions=["Gout"], published=False)
    Condition.objects.filter(name="Gout").update(description_html="<p>It cures gout.</p>")
    Reference.objects.create(article=article, title="Cherry extract for the treatment of gout")
    url = f"/admin/supplements_cms/article/{article.pk}/change/"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    top = page.select_one(".scms-claims-top")
    for anchor in ("references-group", "id_conditions"):
        assert top.select_one(f"a[href='#{anchor}']") is not None, anchor
        assert page.select_one(f"#{anchor}") is not None, anchor
