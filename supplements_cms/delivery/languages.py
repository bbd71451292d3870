"""What follows the site's languages beyond Django's translations: PostgreSQL's text-search
configuration, and whether the package's pages have an address per language."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from .. import conf

# PostgreSQL's built-in stemming configurations, by language code; any other language gets
# "simple", which matches whole words only.
SEARCH_CONFIGS = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nb": "norwegian",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}


def search_config() -> str:
    """The text-search configuration of search and its index: ``SEARCH_CONFIG``, else the one of
    the site's ``LANGUAGE_CODE`` ("de-at" gives "german")."""
    configured = conf.get("SEARCH_CONFIG")
    if configured:
        return configured
    language = settings.LANGUAGE_CODE.lower().replace("_", "-").split("-")[0]
    return SEARCH_CONFIGS.get(language, "simple")


def has_language_prefixes() -> bool:
    """Whether the package's pages have one address per language, as under ``i18n_patterns``:
    the list of articles is then at a different path in two of the site's languages."""
    codes = [code for code, _name in settings.LANGUAGES][:2]
    if not settings.USE_I18N or len(codes) < 2:
        return False
    paths = set()
    for code in codes:
        with translation.override(code):
            try:
                paths.add(reverse("supplements_cms:article_list"))
            except NoReverseMatch:
                return False
    return len(paths) > 1
