"""What pages say about themselves: machine-readable times, descriptions, canonical links and
social tags, on every kind of public page."""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET
import zoneinfo
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from supplements_cms.content import images
from supplements_cms.delivery import page_meta
from supplements_cms.delivery.page_meta import article_description, describe, iso_datetime
from supplements_cms.delivery.structured_data import article_data
from supplements_cms.models import Condition
from tests.factories import make_article, make_supplement

pytestmark = pytest.mark.django_db

# What the HTML standard accepts in <time datetime> for a global date and time: at most three
# digits of a second's fraction, and a zone.
VALID_GLOBAL_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})"
)


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_iso_datetime_keeps_seconds_and_the_zone():
    moment = datetime.datetime(2026, 11, 28, 12, 37, 9, 526761, tzinfo=datetime.UTC)
    assert iso_datetime(moment) == "2026-11-28T12:37:09+00:00"
    with timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        assert iso_datetime(moment) == "2026-11-28T13:37:09+01:00"
    assert iso_datetime(datetime.date(2026, 3, 14)) == "2026-03-14"
    assert iso_datetime(None) == ""


def test_times_on_pages_are_in_a_form_the_html_standard_accepts(client):
    article = make_article(title="Timed", conditions=["Cramps"])
    assert article.published_at.microsecond  # the case that broke: a time with microseconds
    for url in (article.get_absolute_url(), reverse("supplements_cms:article_list")):
        soup = soup_of(client, url)
        times = [t["datetime"] for t in soup.find_all("time")]
        metas = [
            m["content"] for m in soup.find_all("meta", property=re.compile(r"^article:.*_time$"))
        ]
        assert times, url
        for value in times + metas:
            assert VALID_GLOBAL_DATETIME.fullmatch(value), (url, value)
    (time,) = soup_of(client, article.get_absolute_url()).select(".scms-article__meta time")
    assert time["datetime"] == iso_datetime(article.published_at)


LONG_SENTENCE = (
    "Magnesium glycinate is a chelate of magnesium and the amino acid glycine that many people "
    "find gentle on the stomach, which is why it is often chosen for evening use by adults"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Short   and\nsweet. ", "Short and sweet."),
        # Whole sentences while they fit.
        (
            "Cramps wake many people at night. They are common after fifty. Stretching helps "
            "some. Others try magnesium, with mixed results in trials of older adults so far.",
            "Cramps wake many people at night. They are common after fifty.",
        ),
        # One sentence too long: the words that fit, and an ellipsis, never half a word.
        (
            LONG_SENTENCE + ".",
            "Magnesium glycinate is a chelate of magnesium and the amino acid glycine that…",
        ),
        # A first sentence too short to stand alone: the words that fit instead.
        (
            "Yes. " + LONG_SENTENCE,
            "Yes. Magnesium glycinate is a chelate of magnesium and the amino acid glycine…",
        ),
    ],
)
def test_describe_cuts_cleanly(text, expected):
    result = describe(text, 80)
    assert result == expected
    assert len(result) <= 80


def test_describe_keeps_within_the_limit_on_any_text():
    for text in ("x" * 500, "word " * 200, "a." * 300, "…" * 300, " " * 300 + "tail"):
        result = describe(text, 160)
        assert 0 < len(result) <= 160, text[:20]


def test_article_description_is_the_summary_else_the_introduction(settings):
    summarised = make_article(summary="Set by the editor.", intro="Not this.")
    assert article_description(summarised) == "Set by the editor."
    imported = make_article(
        summary="  ",
        intro=(
            "Migraine days take a toll on work and sleep [ref:1]. Some readers ask whether a "
            "mineral could help. This guide looks at what the trials found, and at what they "
            "did not, before you spend money on a bottle."
        ),
    )
    assert article_description(imported) == (
        "Migraine days take a toll on work and sleep. Some readers ask whether a mineral could "
        "help."
    )
    settings.SUPPLEMENTS_CMS = {"SUMMARY_MAX_LENGTH": 40}
    assert article_description(imported) == "Migraine days take a toll on work and…"


def head_facts(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Every description, canonical link and social tag in ``<head>``, by name; lists, so a
    duplicate shows."""
    facts: dict[str, list[str]] = {}
    for meta in soup.head.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key and meta.get("content") is not None:
            facts.setdefault(key, []).append(meta["content"])
    for link in soup.head.find_all("link", rel="canonical"):
        facts.setdefault("canonical", []).append(link["href"])
    return facts


def test_an_article_without_a_summary_is_described_everywhere(client):
    article = make_article(
        title="Imported",
        summary="",
        intro="Short grey days leave people tired. Vitamin D3 is often suggested for that.",
    )
    expected = "Short grey days leave people tired. Vitamin D3 is often suggested for that."
    soup = soup_of(client, article.get_absolute_url())
    facts = head_facts(soup)
    for key in ("description", "og:description", "twitter:description"):
        assert facts[key] == [expected], key
    (script,) = soup.find_all("script", type="application/ld+json")
    graph = json.loads(script.string)["@graph"]
    assert {node["@type"]: node["description"] for node in graph} == {
        "Article": expected,
        "MedicalWebPage": expected,
    }
    rss = ET.fromstring(client.get(reverse("supplements_cms:feed_rss")).content)
    assert rss.findtext("./channel/item/description") == expected


@pytest.fixture
def topics(settings):
    settings.SUPPLEMENTS_CMS = {"PAGINATE_BY": 2}
    supplement = make_supplement("Magnesium Citrate")
    for n in range(3):
        make_article(title=f"Cramps {n}", conditions=["Muscle Cramps"], supplement=supplement)
    condition = Condition.objects.get(name="Muscle Cramps")
    condition.description = "Sudden, painful tightening of a muscle, often in the calf at night."
    condition.save()
    return {"condition": condition, "supplement": supplement}


def test_every_kind_of_page_has_its_description_canonical_link_and_social_tags(client, topics):
    condition, supplement = topics["condition"], topics["supplement"]
    pages = {
        reverse("supplements_cms:article_list"): ("Articles", "Articles about dietary"),
        reverse("supplements_cms:article_list") + "?page=2": ("Articles", "Articles about"),
        condition.get_absolute_url(): ("Muscle Cramps", condition.description),
        supplement.get_absolute_url(): (
            "Magnesium Citrate",
            "Articles about Magnesium Citrate, newest first.",
        ),
        reverse("supplements_cms:condition_list"): ("Conditions", "The health conditions"),
        reverse("supplements_cms:supplement_list"): ("Supplements", "The supplements"),
    }
    for url, (title, description) in pages.items():
        for _visit in range(2):  # built, then from the list's cache
            soup = soup_of(client, url)
            facts = head_facts(soup)
            canonical = "http://testserver" + url
            assert facts["canonical"] == facts["og:url"] == [canonical], url
            assert facts["og:title"] == facts["twitter:title"] == [title], url
            assert soup.title.get_text() == title
            (text,) = facts["description"]
            assert text.startswith(description), url
            assert facts["og:description"] == facts["twitter:description"] == [text]
            assert facts["og:type"] == ["website"]
            assert facts["og:site_name"] == ["testserver"]
            assert facts["twitter:card"] == ["summary"]
            assert "og:image" not in facts


def test_an_odd_page_number_is_not_a_canonical_address(client, topics):
    url = reverse("supplements_cms:condition_list")
    facts = head_facts(soup_of(client, url + "?page=7"))
    assert facts["canonical"] == ["http://testserver" + url]


@pytest.mark.django_db(transaction=True)  # renditions are written after the commit
def test_an_article_image_when_the_article_has_one(rf):
    """The featured image's largest rendition, as an absolute URL."""
    article = make_article(title="Pictured", summary="With a picture.")
    url = "https://example.org/articles/pictured/"
    assert page_meta.for_article(article, url, "Site").image == ""
    picture = BytesIO()
    Image.new("RGB", (1300, 700), (200, 180, 40)).save(picture, "JPEG")
    article.image = SimpleUploadedFile("pictured.jpg", picture.getvalue())
    article.image_alt = "A yellow square"
    article.save()
    images.wait()
    article.refresh_from_db()
    meta = page_meta.for_article(article, url, "Site")
    assert meta.image.startswith("https://example.org/media/")
    assert meta.image.endswith("-1200.jpg")
    soup = BeautifulSoup(
        render_to_string("supplements_cms/partials/social_meta.html", {"page_meta": meta}),
        "html.parser",
    )
    tags = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta")}
    assert tags["og:image"] == tags["twitter:image"] == meta.image
    assert tags["twitter:card"] == "summary_large_image"
    assert article_data(article, url, "Site")["@graph"][0]["image"] == meta.image
