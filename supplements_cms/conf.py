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
    "FEED_TITLE": "Articles",
    "FEED_ITEMS": 20,
    # The site-wide disclaimer under every article: "general" (the package's text), "fda" (the
    # FDA/DSHEA statement), "both", any other text of your own, or "" for none.
    "DISCLAIMER": "general",
    # The closing "talk to your healthcare provider" note; "" hides it.
    "HEALTHCARE_NOTE": (
        "Talk to your doctor or pharmacist before you start a supplement, especially if you are "
        "pregnant or breastfeeding, take medicines, or have a health condition."
    ),
    # Reviews older than this many months are listed as due by ``manage.py stale_reviews``.
    "REVIEW_MAX_AGE_MONTHS": 12,
    # Disease-claim rules for the checker; None: ``supplements_cms.claims.DEFAULT_CLAIM_RULES``.
    "CLAIM_RULES": None,
    # Seconds a rendered page or part stays in Django's cache; 0 turns the caches off. Entries
    # never go stale (the key changes with the content, version, settings and templates), so this
    # only bounds memory use.
    "CACHE_TIMEOUT": 3600,
    # Whether the default cache is shared by every process (Redis, Memcached, database, file):
    # then the pages' versions live in it and a warm page costs no query. None: guessed from
    # the backend (LocMemCache and DummyCache are not shared; versions then live in the database).
    "SHARED_CACHE": None,
    # Cache-Control of public pages for anonymous readers: seconds browsers (max-age) and shared
    # caches such as a CDN (s-maxage) may keep a page. With a PURGE_BACKEND the shared age can be
    # long: changed pages are purged. Signed-in readers and previews get "private, no-store".
    "HTTP_MAX_AGE": 60,
    "HTTP_S_MAXAGE": 300,
    # Which CDN or proxy is told to forget changed pages: a dotted path to a class of
    # supplements_cms.purging (NoPurge, HTTPPurge, CloudflarePurge) or your own.
    "PURGE_BACKEND": "supplements_cms.purging.NoPurge",
    # Keyword arguments for the backend, e.g. {"ENDPOINTS": ["http://127.0.0.1:6081"]} for
    # HTTPPurge or {"ZONE": "…", "TOKEN": "…"} for CloudflarePurge.
    "PURGE_OPTIONS": {},
    # The site's public origin, such as "https://www.example.com", for the URLs purged.
    "PURGE_BASE_URL": "",
    # How many pages of a list are purged when it changes (deeper ones expire by s-maxage).
    "PURGE_LIST_PAGES": 3,
    # Attempts per purge before it is logged as failed and given up.
    "PURGE_RETRIES": 3,
    # A meta description longer than this gets a warning in the admin (search engines cut it).
    "SUMMARY_MAX_LENGTH": 160,
    # Images uploaded from the Markdown editor: size cap in bytes and in pixels, storage folder.
    "UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
    "UPLOAD_MAX_PIXELS": 24_000_000,
    "UPLOAD_PATH": "supplements_cms/images/",
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
