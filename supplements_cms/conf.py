"""The one place the package reads its settings.

A site sets ``SUPPLEMENTS_CMS = {...}`` in its settings; every key it leaves out takes the default
below. Each key is documented in ``docs/settings.md``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext_noop

DEFAULTS: dict[str, Any] = {
    # Template that the package's pages extend; it must define the blocks ``title`` and ``content``.
    "BASE_TEMPLATE": "supplements_cms/base.html",
    # How many related posts an article shows, editor's picks included.
    "RELATED_POSTS": 5,
    # Articles per page on the list, condition and supplement pages.
    "PAGINATE_BY": 10,
    # Who readers see as the author of an article with no byline whose staff author has no full
    # name (and the feeds' author): "" means the site's name, from django.contrib.sites when
    # installed, else the host name. Login names are never shown.
    "DEFAULT_AUTHOR": "",
    # The feeds: the title readers' feed apps show, and how many articles each feed carries.
    # The package's own texts are shown in the reader's language; a site's own text as it is.
    "FEED_TITLE": gettext_noop("Articles"),
    "FEED_ITEMS": 20,
    # The site-wide disclaimer under every article: "general" (the package's text), "fda" (the
    # FDA/DSHEA statement), "both", any other text of your own, or "" for none.
    "DISCLAIMER": "general",
    # The closing "talk to your healthcare provider" note; "" hides it.
    "HEALTHCARE_NOTE": gettext_noop(
        "Talk to your doctor or pharmacist before you start a supplement, especially if you are "
        "pregnant or breastfeeding, take medicines, or have a health condition."
    ),
    # Reviews older than this many months are listed as due by ``manage.py stale_reviews``.
    "REVIEW_MAX_AGE_MONTHS": 12,
    # Whether an article goes live only with a reviewer's sign-off on its current text, on
    # every path (the form, the list's publish action, imports with --publish).
    "REQUIRE_REVIEW_TO_PUBLISH": False,
    # PostgreSQL text-search configuration of search and its index ("german", "simple", …);
    # None: the one of LANGUAGE_CODE's language, else "simple".
    "SEARCH_CONFIG": None,
    # Overstatement rules of the claim checker ("clinically proven"); None: the shipped
    # ``supplements_cms.content.claims.DEFAULT_CLAIM_RULES``.
    "CLAIM_RULES": None,
    # Additions to the claim checker's lexicons, by language: {"en": {"diseases": {...}}}.
    # None: the shipped English lexicon as it is.
    "CLAIM_LEXICON": None,
    # Characters the claim checker reads of one text or one article at most; a warning says so
    # when a text is longer, so that nothing passes unread unnoticed.
    "CLAIM_CHECK_MAX_CHARS": 500_000,
    # Seconds a rendered page or part stays in Django's cache; 0 turns the caches off. Entries
    # never go stale (the key changes with the content, version, settings and templates), so this
    # only bounds memory use.
    "CACHE_TIMEOUT": 3600,
    # Whether the default cache is shared by every process (Redis, Memcached, database, file):
    # then the pages' versions live in it and a warm page costs no query. None: guessed from
    # the backend (LocMemCache and DummyCache are not shared; versions then live in the database).
    "SHARED_CACHE": None,
    # With a shared cache, how often (seconds) each process checks the cache's copy of the
    # versions against the database: a cache that missed saves, or came back from an older
    # snapshot, serves no stale page after this. 0: on every request (one query per page).
    "CACHE_CHECK_SECONDS": 1,
    # The site's host ("www.example.com") in cache keys and canonical links, whatever Host a
    # request names; "": the request's host, in one spelling (lower case, no default port).
    "SITE_HOST": "",
    # Cache-Control of public pages for anonymous readers: seconds browsers (max-age) and shared
    # caches such as a CDN (s-maxage) may keep a page. With a PURGE_BACKEND the shared age can be
    # long: changed pages are purged. Signed-in readers and previews get "private, no-store".
    "HTTP_MAX_AGE": 60,
    "HTTP_S_MAXAGE": 300,
    # Search results are never purged: browsers and shared caches keep them at most this long.
    "SEARCH_MAX_AGE": 60,
    # Which CDN or proxy is told to forget changed pages: a dotted path to a class of
    # supplements_cms.delivery.purging (NoPurge, HTTPPurge, CloudflarePurge) or your own.
    "PURGE_BACKEND": "supplements_cms.delivery.purging.NoPurge",
    # Keyword arguments for the backend, e.g. {"ENDPOINTS": ["http://127.0.0.1:6081"]} for
    # HTTPPurge or {"ZONE": "…", "TOKEN": "…"} for CloudflarePurge.
    "PURGE_OPTIONS": {},
    # The site's public origin, such as "https://www.example.com", for the URLs purged.
    "PURGE_BASE_URL": "",
    # How many pages of a list are purged when it changes (deeper ones expire by s-maxage).
    "PURGE_LIST_PAGES": 3,
    # Attempts per purge before it is logged as failed and given up.
    "PURGE_RETRIES": 3,
    # A meta description longer than this gets a warning in the admin (search engines cut it);
    # an introduction standing in for a missing summary is cut to this length.
    "SUMMARY_MAX_LENGTH": 160,
    # The article form counts the page title against this many characters, about what search
    # results show.
    "SEO_TITLE_MAX_LENGTH": 60,
    # The article form keeps what an editor types in a private autosave every this many seconds
    # (0 turns autosave off); a bigger request body than this many bytes is refused.
    "AUTOSAVE_SECONDS": 30,
    "AUTOSAVE_MAX_BYTES": 1024 * 1024,
    # The most characters one Markdown field (an article's body, a benefit's description, …)
    # may hold, on every path that sets one; and the largest request body the admin's live
    # preview accepts (the whole form as posted, a chosen featured image included).
    "MARKDOWN_MAX_CHARS": 200_000,
    "PREVIEW_MAX_BYTES": 8 * 1024 * 1024,
    # Images uploaded from the Markdown editor: size cap in bytes and in pixels, storage folder.
    "UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
    "UPLOAD_MAX_PIXELS": 24_000_000,
    "UPLOAD_PATH": "supplements_cms/images/",
    # Widths (pixels) a featured image is resized to once, on upload, as JPEG and WebP.
    "IMAGE_WIDTHS": [480, 800, 1200],
    # Imports, from the command and from the admin page: the largest file in bytes, and how many
    # files one upload in the admin may hold (the command reads its files one at a time).
    "IMPORT_MAX_BYTES": 1024 * 1024,
    "IMPORT_MAX_FILES": 20,
    # The most benefits, related posts (the editor's picks) and references one article may have,
    # in the admin and from an import.
    "ARTICLE_MAX_BENEFITS": 50,
    "ARTICLE_MAX_RELATED_POSTS": 20,
    "ARTICLE_MAX_REFERENCES": 100,
}


@cache
def get_settings() -> dict[str, Any]:
    """The defaults merged with the site's ``SUPPLEMENTS_CMS`` dict."""
    return {**DEFAULTS, **getattr(settings, "SUPPLEMENTS_CMS", {})}


@cache
def fingerprint() -> str:
    """A short digest of the settings, for cache keys of what they shape."""
    import hashlib

    return hashlib.sha256(repr(sorted(get_settings().items())).encode()).hexdigest()[:12]


def get(name: str) -> Any:
    """One setting by name; an unknown name is a programming error, so it raises ``KeyError``."""
    return get_settings()[name]


@receiver(setting_changed)
def _clear_cache(*, setting: str, **kwargs: Any) -> None:
    if setting == "SUPPLEMENTS_CMS":
        get_settings.cache_clear()
        fingerprint.cache_clear()
