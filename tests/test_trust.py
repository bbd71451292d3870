"""References, review bylines, disclaimers and structured data on the article page."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command

from supplements_cms.content import disclaimers
from supplements_cms.delivery.page_meta import iso_datetime
from supplements_cms.delivery.structured_data import citation, citation_authors
from supplements_cms.models import Contributor, Reference, Supplement
from tests.factories import make_article, sign_off

pytestmark = pytest.mark.django_db

HOSTILE = '</script><script>alert(1)</script> "quotes" & <b>tags</b> \u2028'


def soup_of(client, article) -> BeautifulSoup:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def structured_data(soup: BeautifulSoup) -> dict[str, dict]:
    """The page's one JSON-LD graph, its nodes by type."""
    (script,) = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    assert set(data) == {"@context", "@graph"}
    nodes = {node["@type"]: node for node in data["@graph"]}
    assert len(nodes) == len(data["@graph"])
    return nodes


@pytest.fixture
def reviewed():
    supplement = Supplement.objects.create(
        name="Magnesium Glycinate", upper_limit=Decimal("350"), upper_limit_unit="mg"
    )
    article = make_article(
        title="Magnesium and cramps",
        summary="What the studies say.",
        body="Two trials found fewer cramps [ref:1]; a review disagreed [ref:2].",
        conditions=["Muscle Cramps", "Sleep Problems"],
        supplement=supplement,
        dose_min=Decimal("200"),
        dose_max=Decimal("400"),
        dose_unit="mg",
        dose_frequency="per day",
        byline=Contributor.objects.create(
            name="Ada Byron", credentials="RD", profile_url="https://example.org/ada"
        ),
    )
    Reference.objects.create(
        article=article,
        position=1,
        authors="Doe J, Roe R",
        title="Magnesium for leg cramps",
        publication="Nutrients",
        year=2021,
        doi="10.3390/nu13010001",
        pmid="33374000",
    )
    Reference.objects.create(
        article=article,
        position=2,
        title="Cramps: a review",
        url="https://example.org/review",
    )
    grace = Contributor.objects.create(name="Grace Hopper", credentials="MD")
    sign_off(article, grace, on=datetime.date(2026, 3, 14))
    return article


def test_markers_link_to_numbered_references(client, reviewed):
    soup = soup_of(client, reviewed)

    cites = soup.select(".scms-article__body sup.scms-cite a")
    assert [(a.get_text(), a["href"]) for a in cites] == [
        ("[1]", "#reference-1"),
        ("[2]", "#reference-2"),
    ]
    items = soup.select(".scms-references li")
    assert [li["id"] for li in items] == ["reference-1", "reference-2"]
    first = items[0]
    assert first.get_text(" ", strip=True).startswith(
        "Doe J, Roe R. Magnesium for leg cramps . Nutrients (2021)."
    )
    assert [a["href"] for a in first.find_all("a")] == [
        "https://doi.org/10.3390/nu13010001",
        "https://doi.org/10.3390/nu13010001",
        "https://pubmed.ncbi.nlm.nih.gov/33374000/",
    ]
    assert items[1].a["href"] == "https://example.org/review"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pmid", "PMC123"),
        ("pmid", "0123"),
        ("pmid", "1234567890"),
        ("doi", "11.1000/x"),
        ("doi", "10.12/x"),
    ],
)
def test_bad_identifiers_are_refused(field, value):
    reference = Reference(article=make_article(), title="A study", **{field: value})
    with pytest.raises(ValidationError) as raised:
        reference.full_clean()
    assert field in raised.value.message_dict


def test_a_doi_pasted_as_a_link_keeps_the_identifier():
    reference = Reference(
        article=make_article(), title="A study", doi="https://doi.org/10.1000/xyz"
    )
    reference.full_clean()
    assert reference.doi == "10.1000/xyz"


def test_review_line_under_the_title(client, reviewed):
    line = soup_of(client, reviewed).select_one("header .scms-review")
    assert " ".join(line.get_text().split()) == (
        "By Ada Byron, RD · Medically reviewed by Grace Hopper, MD · Last reviewed March 14, 2026"
    )
    assert line.select_one(".scms-review__author a")["href"] == "https://example.org/ada"


def test_no_review_line_without_review_data(client):
    assert soup_of(client, make_article()).select_one(".scms-review") is None


def test_stale_reviews_command(settings):
    settings.SUPPLEMENTS_CMS = {"REVIEW_MAX_AGE_MONTHS": 6}
    today = datetime.date.today()
    sign_off(make_article(title="Fresh", slug="fresh"), on=today - datetime.timedelta(days=30))
    sign_off(make_article(title="Old", slug="old"), on=today - datetime.timedelta(days=400))
    make_article(title="Never", slug="never")
    out, err = StringIO(), StringIO()

    call_command("stale_reviews", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "never: never reviewed"
    assert lines[1].startswith("old: last reviewed ")
    assert lines[2] == "2 articles due for review (older than 6 months, or changed)."

    with pytest.raises(SystemExit) as exited:
        call_command("stale_reviews", "--fail", stdout=StringIO(), stderr=err)
    assert exited.value.code == 1
    assert err.getvalue().strip() == (
        "2 articles due for review (older than 6 months, or changed)."
    )


def test_admin_filters_by_review_age(admin_client_, settings):
    today = datetime.date.today()
    sign_off(make_article(title="Fresh one"), on=today)
    sign_off(make_article(title="Old one"), on=today - datetime.timedelta(days=800))
    url = "/admin/supplements_cms/article/?review="
    assert "Old one" in admin_client_.get(url + "due").content.decode()
    assert "Fresh one" not in admin_client_.get(url + "due").content.decode()
    assert "Fresh one" in admin_client_.get(url + "current").content.decode()


@pytest.mark.parametrize(
    ("setting", "mode", "own", "expected"),
    [
        ("general", "add", "", [str(disclaimers.GENERAL)]),
        ("fda", "add", "", [str(disclaimers.FDA)]),
        ("both", "add", "", [str(disclaimers.GENERAL), str(disclaimers.FDA)]),
        ("Our own words.", "add", "", ["Our own words."]),
        ("", "add", "", []),
        ("fda", "add", "Not for children.", [str(disclaimers.FDA), "Not for children."]),
        ("fda", "replace", "Not for children.", ["Not for children."]),
    ],
)
def test_disclaimer_choice(client, settings, setting, mode, own, expected):
    settings.SUPPLEMENTS_CMS = {"DISCLAIMER": setting}
    article = make_article(disclaimer=own, disclaimer_mode=mode)
    footer = soup_of(client, article).select_one(".scms-disclaimer")
    shown = [
        p.get_text(strip=True)
        for p in footer.select(".scms-disclaimer__text, .scms-disclaimer__article p")
    ]
    assert shown == expected


def test_fda_statement_is_the_statutory_text():
    assert str(disclaimers.FDA) == (
        "These statements have not been evaluated by the Food and Drug Administration. This "
        "product is not intended to diagnose, treat, cure, or prevent any disease."
    )


def test_healthcare_note_shows_and_can_be_hidden(client, settings):
    article = make_article()
    note = soup_of(client, article).select_one(".scms-disclaimer__note").get_text()
    assert note.startswith("Talk to your doctor or pharmacist")
    settings.SUPPLEMENTS_CMS = {"HEALTHCARE_NOTE": "", "DISCLAIMER": ""}
    assert soup_of(client, article).select_one(".scms-disclaimer") is None


def test_structured_data_is_a_graph_of_an_article_and_its_page(client, reviewed):
    url = "http://testserver" + reviewed.get_absolute_url()
    nodes = structured_data(soup_of(client, reviewed))
    assert set(nodes) == {"Article", "MedicalWebPage"}
    article, page = nodes["Article"], nodes["MedicalWebPage"]
    # Each points at the other by @id: the page's main entity is the article, the article's
    # page is the page (not itself).
    assert page["@id"] == page["url"] == url
    assert article["@id"] == url + "#article"
    assert page["mainEntity"] == {"@id": article["@id"]}
    assert article["mainEntityOfPage"] == {"@id": page["@id"]}
    assert "mainEntityOfPage" not in page


def test_structured_data_article_for_rich_results(client, reviewed):
    article = structured_data(soup_of(client, reviewed))["Article"]
    assert article["headline"] == "Magnesium and cramps"
    assert article["description"] == "What the studies say."
    assert article["datePublished"] == iso_datetime(reviewed.published_at)
    assert article["dateModified"] == iso_datetime(reviewed.updated_at)
    assert article["author"] == {
        "@type": "Person",
        "name": "Ada Byron",
        "honorificSuffix": "RD",
        "url": "https://example.org/ada",
    }
    assert article["publisher"] == {
        "@type": "Organization",
        "name": "testserver",
        "url": "http://testserver/",
    }
    assert "image" not in article  # articles have no image yet


def test_structured_data_medical_web_page(client, reviewed):
    page = structured_data(soup_of(client, reviewed))["MedicalWebPage"]
    assert page["name"] == "Magnesium and cramps"
    assert page["description"] == "What the studies say."
    assert page["about"] == [
        {"@type": "MedicalCondition", "name": "Muscle Cramps"},
        {"@type": "MedicalCondition", "name": "Sleep Problems"},
    ]
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Grace Hopper",
        "honorificSuffix": "MD",
    }
    assert page["lastReviewed"] == "2026-03-14"


def test_structured_data_supplement_with_both_ends_of_the_dose(client, reviewed):
    supplement = structured_data(soup_of(client, reviewed))["MedicalWebPage"]["mentions"]
    assert supplement == {
        "@type": "DietarySupplement",
        "name": "Magnesium Glycinate",
        "recommendedIntake": {
            "@type": "RecommendedDoseSchedule",
            "doseValue": [200, 400],
            "doseUnit": "mg",
            "frequency": "per day",
            "description": "200 to 400 mg per day",
        },
        "maximumIntake": {
            "@type": "MaximumDoseSchedule",
            "doseValue": 350,
            "doseUnit": "mg",
            "frequency": "per day",
        },
    }
    reviewed.dose_max = None
    reviewed.dose_min = Decimal("2.5")
    reviewed.dose_unit = "g"
    reviewed.save()
    supplement = structured_data(soup_of(client, reviewed))["MedicalWebPage"]["mentions"]
    assert supplement["recommendedIntake"]["doseValue"] == 2.5
    assert supplement["recommendedIntake"]["description"] == "2.5 g per day"


def test_structured_data_citations_typed_by_what_they_are(client, reviewed):
    Reference.objects.create(
        article=reviewed,
        position=3,
        authors="NIH Office of Dietary Supplements",
        title="Magnesium: Fact Sheet for Health Professionals",
        publication="ods.od.nih.gov",
        year=2022,
        url="https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/",
    )
    Reference.objects.create(article=reviewed, position=4, title="Notes from a talk")
    journal, page, fact_sheet, other = structured_data(soup_of(client, reviewed))["MedicalWebPage"][
        "citation"
    ]
    assert journal == {
        "@type": "ScholarlyArticle",
        "name": "Magnesium for leg cramps",
        "author": [{"@type": "Person", "name": "Doe J"}, {"@type": "Person", "name": "Roe R"}],
        "isPartOf": {"@type": "Periodical", "name": "Nutrients"},
        "datePublished": "2021",
        "url": "https://doi.org/10.3390/nu13010001",
        "identifier": [
            {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.3390/nu13010001"},
            {"@type": "PropertyValue", "propertyID": "PMID", "value": "33374000"},
        ],
    }
    assert page == {
        "@type": "WebPage",
        "name": "Cramps: a review",
        "url": "https://example.org/review",
    }
    assert fact_sheet == {
        "@type": "WebPage",
        "name": "Magnesium: Fact Sheet for Health Professionals",
        "author": {"@type": "Organization", "name": "NIH Office of Dietary Supplements"},
        "isPartOf": {"@type": "WebSite", "name": "ods.od.nih.gov"},
        "datePublished": "2022",
        "url": "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/",
    }
    assert other == {"@type": "CreativeWork", "name": "Notes from a talk"}


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("", None),
        (
            "Garrison SR, Korownyk CS, Kolber MR, et al.",
            ["Garrison SR", "Korownyk CS", "Kolber MR"],
        ),
        ("Doe, J., & Roe, R.", ["Doe, J.", "Roe, R."]),
        ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("World Health Organization", "World Health Organization"),
        ("Cochrane", "Cochrane"),
        ("Mayo Clinic Staff", "Mayo Clinic Staff"),
    ],
)
def test_citation_authors_are_people_or_an_organisation(authors, expected):
    result = citation_authors(authors)
    if expected is None:
        assert result is None
    elif isinstance(expected, str):
        assert result == {"@type": "Organization", "name": expected}
    else:
        assert result == [{"@type": "Person", "name": name} for name in expected]


def test_structured_data_journal_without_a_link_is_scholarly():
    reference = Reference(title="Magnesium and sleep", publication="Sleep Medicine", year=2019)
    assert citation(reference)["@type"] == "ScholarlyArticle"
    assert citation(reference)["isPartOf"] == {"@type": "Periodical", "name": "Sleep Medicine"}


def test_structured_data_people_link_their_profiles_absolutely(client, reviewed):
    reviewed.medical_reviewer.profile_url = "/about/grace-hopper/"
    reviewed.medical_reviewer.save()
    page = structured_data(soup_of(client, reviewed))["MedicalWebPage"]
    assert page["reviewedBy"]["url"] == "http://testserver/about/grace-hopper/"


def test_structured_data_survives_hostile_text(client):
    article = make_article(title=HOSTILE, summary=HOSTILE, conditions=[HOSTILE[:100]])
    Reference.objects.create(article=article, title=HOSTILE, authors=HOSTILE)
    response = client.get(article.get_absolute_url()).content.decode()

    # The script element is closed only by its own end tag, and the JSON holds the text intact.
    start = response.index('<script type="application/ld+json">')
    end = response.index("</script>", start)
    raw = response[start + len('<script type="application/ld+json">') : end]
    assert "<" not in raw
    nodes = {node["@type"]: node for node in json.loads(raw)["@graph"]}
    assert nodes["Article"]["headline"] == HOSTILE
    assert nodes["Article"]["description"] == HOSTILE
    assert nodes["MedicalWebPage"]["citation"][0]["name"] == HOSTILE
    assert nodes["MedicalWebPage"]["about"][0]["name"] == " ".join(HOSTILE[:100].split())


def test_social_cards_and_canonical_link(client, reviewed):
    head = soup_of(client, reviewed).head
    url = "http://testserver" + reviewed.get_absolute_url()
    assert head.find("link", rel="canonical")["href"] == url
    meta = {
        m.get("property") or m.get("name"): m["content"]
        for m in head.find_all("meta")
        if m.get("content")
    }
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Magnesium and cramps"
    assert meta["og:description"] == "What the studies say."
    assert meta["og:url"] == url
    assert meta["twitter:card"] == "summary"
    assert meta["article:published_time"] == iso_datetime(reviewed.published_at)
