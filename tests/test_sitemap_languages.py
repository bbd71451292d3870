"""Sitemaps on a site with an address per language: every page in every language, each entry
with its ``hreflang`` alternates and an ``x-default``; one address per page elsewhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from supplements_cms.delivery.languages import has_language_prefixes
from tests.factories import make_article, make_supplement

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HOST = "http://testserver"


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each entry's address, with its alternates by hreflang."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return {
        url.findtext(f"{SITEMAP}loc").removeprefix(HOST): {
            link.get("hreflang"): link.get("href").removeprefix(HOST)
            for link in url.findall(f"{XHTML}link")
            if link.get("rel") == "alternate"
        }
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url")
    }


@pytest.mark.urls("tests.urls_i18n")
def test_every_page_is_listed_in_every_language_with_its_alternates(client, settings):
    make_article(title="Zinc", slug="zinc", conditions=["Colds"], supplement=make_supplement())
    make_article(title="Draft", slug="draft", published=False)
    entries = sitemap(client)
    pages = [
        "articles/",
        "articles/conditions/",
        "articles/supplements/",
        "articles/zinc/",
        "articles/conditions/colds/",
        "articles/supplements/magnesium-glycinate/",
    ]
    languages = [code for code, _name in settings.LANGUAGES]
    assert len(languages) > 2
    assert set(entries) == {f"/{code}/{page}" for page in pages for code in languages}
    for page in pages:
        expected = {code: f"/{code}/{page}" for code in languages} | {"x-default": f"/{page}"}
        assert {code: entries[f"/{code}/{page}"] for code in languages} == dict.fromkeys(
            languages, expected
        )


def test_a_site_without_language_prefixes_lists_each_page_once_without_alternates(client):
    make_article(title="Zinc", slug="zinc")
    assert not has_language_prefixes()
    assert sitemap(client) == {
        "/articles/": {},
        "/articles/conditions/": {},
        "/articles/supplements/": {},
        "/articles/zinc/": {},
    }


@pytest.mark.urls("tests.urls_i18n")
def test_language_prefixes_are_detected_only_with_several_languages(settings):
    assert has_language_prefixes()
    settings.LANGUAGES = [("en", "English")]
    assert not has_language_prefixes()
    settings.LANGUAGES = [("en", "English"), ("de", "Deutsch")]
    settings.USE_I18N = False
    assert not has_language_prefixes()
