"""Search in the site's language: PostgreSQL stems words with the configuration of the site's
language, and its index is built with the same one (or the checks say it is not)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from supplements_cms import checks
from supplements_cms.delivery import search
from supplements_cms.delivery.languages import search_config
from supplements_cms.models import Article
from tests.factories import make_article

URL = reverse("supplements_cms:search")
ON_POSTGRESQL = connection.vendor == "postgresql"


def found(client, query: str) -> list[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return [a.title for a, _excerpt in response.context["results"]]


@pytest.mark.parametrize(
    ("language_code", "setting", "expected"),
    [
        ("de", None, "german"),
        ("de-at", None, "german"),
        ("fr-ca", None, "french"),
        ("es", None, "spanish"),
        ("en-us", None, "english"),
        ("pt_BR", None, "portuguese"),
        ("ja", None, "simple"),
        ("de", "simple", "simple"),
    ],
)
def test_the_configuration_follows_the_site_language_unless_set(
    settings, language_code, setting, expected
):
    settings.LANGUAGE_CODE = language_code
    settings.SUPPLEMENTS_CMS = {"SEARCH_CONFIG": setting}
    assert search_config() == expected


@pytest.mark.parametrize("value", ["german; DROP TABLE x", "", 3, "German"])
def test_a_configuration_name_that_is_not_one_is_an_error(settings, value):
    settings.SUPPLEMENTS_CMS = {"SEARCH_CONFIG": value}
    assert [m.id for m in checks.check_settings()] == ["supplements_cms.E007"]


@pytest.fixture
def german_site(settings, db):
    settings.LANGUAGE_CODE = "de"
    if ON_POSTGRESQL:
        call_command("search_index", stdout=StringIO())
    make_article(title="Hilfe bei Schlafstörungen", body="Magnesium am Abend.")
    make_article(title="Krämpfe in der Nacht", body="Wer nachts unter einem Wadenkrampf leidet.")
    make_article(title="Zink", body="Ein Spurenelement.")


def test_german_words_are_found_in_every_inflection(client, german_site):
    assert found(client, "Schlafstörung") == ["Hilfe bei Schlafstörungen"]
    # The plural of a word the text has in the singular: only stemming finds it.
    expected = ["Krämpfe in der Nacht"] if ON_POSTGRESQL else []
    assert found(client, "Wadenkrämpfe") == expected
    assert found(client, "nächtliche Wadenkrämpfe") == []  # every word must match


def test_french_words_are_found_in_every_inflection(client, settings, db):
    settings.LANGUAGE_CODE = "fr"
    if ON_POSTGRESQL:
        call_command("search_index", stdout=StringIO())
    make_article(title="Carence en magnésium", body="Elle provoque une crampe musculaire.")
    make_article(title="Le zinc", body="Un oligo-élément.")
    expected = ["Carence en magnésium"] if ON_POSTGRESQL else []
    assert found(client, "carences crampes musculaires") == expected
    assert found(client, "carence") == ["Carence en magnésium"]


def test_english_stemming_does_not_find_german_inflections(client, settings, german_site):
    settings.LANGUAGE_CODE = "en"
    assert found(client, "Wadenkrämpfe") == []


def search_index() -> str:
    """``manage.py search_index``'s output, in English (commands speak the site's language)."""
    out = StringIO()
    with translation.override("en"):
        call_command("search_index", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_index_is_built_for_the_language_and_the_check_says_when_it_is_not(settings):
    settings.LANGUAGE_CODE = "de"
    output = search_index()
    warnings = checks.check_search_index(databases=["default"])
    if not ON_POSTGRESQL:
        assert "Not PostgreSQL" in output
        assert warnings == []
        return
    assert "“german”" in output
    assert search.index_config() == "german"
    assert warnings == []
    settings.LANGUAGE_CODE = "fr"
    (warning,) = checks.check_search_index(databases=["default"])
    assert warning.id == "supplements_cms.W004"
    assert "search_index --database default" in warning.hint
    assert "Search index built with “french”" in search_index()
    assert search.index_config() == "french"
    assert "already uses “french”" in search_index()


@pytest.mark.django_db
def test_queries_in_the_site_language_use_the_index(settings):
    """The index expression and the queries' must be the same for the planner to use it."""
    settings.LANGUAGE_CODE = "fr"
    call_command("search_index", stdout=StringIO())
    for n in range(30):
        make_article(title=f"Article {n}", body="magnésium" if n % 3 else "zinc")
    queryset = search.search(Article.objects.all(), "magnésium")
    assert queryset.count() == 20
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            plan = queryset.explain()
            cursor.execute("SET enable_seqscan = on")
        assert search.INDEX_NAME in plan
