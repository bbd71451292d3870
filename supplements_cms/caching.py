"""The pages' rendered parts (the article's, and each page of a list of articles), kept in
Django's cache framework.

The key carries everything the parts show that can change: the content version (raised by any
save or deletion of articles, their parts, calls to action, conditions, supplements and
contributors), the newest live publication time (so a scheduled article appearing changes it
with no save), the language, the host, the package's version and settings, and a digest of the
templates that render the parts (a host's overrides included, read once per process: a deploy
that changes a template restarts the processes, which makes new keys). A change makes a new key;
nothing is ever deleted, so any cache backend and any number of app servers stay correct.
``CACHE_TIMEOUT`` (seconds) bounds how long unused entries stay; 0 turns the cache off.

The parts are the same for every reader: :func:`render_shared` renders them without the request,
so no user, permission, session, CSRF token or message can reach the cache, whatever a host's
override of a partial prints. Per-viewer bits (the staff "Edit" link) are rendered around them.

Code that changes content with ``QuerySet.update()`` or ``bulk_create()`` (which send no
signals) calls :func:`content_changed` afterwards.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.core.signals import setting_changed
from django.db.models import Subquery
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import __version__, conf
from .models import (
    Article,
    ArticleCondition,
    Benefit,
    CallToAction,
    Condition,
    ContentState,
    Contributor,
    Reference,
    RelatedPost,
    Supplement,
)

KEY_PREFIX = "supplements_cms:article:v1"
LISTING_KEY_PREFIX = "supplements_cms:listing:v1"
# The ?page= values a list's cache stores: a number as Django's paginator reads it, or "last".
# Anything else takes the uncached path (and its 404), so odd values cannot fill the cache.
_CACHEABLE_PAGE = re.compile(r"[1-9][0-9]{0,6}|last")
WATCHED = (
    Article,
    ArticleCondition,
    Benefit,
    CallToAction,
    Condition,
    Contributor,
    Reference,
    RelatedPost,
    Supplement,
)
# What a view keeps in its context that could lead to the viewer: never passed to a shared part.
VIEWER_KEYS = frozenset({"view", "request", "user", "perms", "csrf_token", "messages"})
_PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


def render_shared(template_name: str, context: Mapping[str, Any]) -> SafeString:
    """``template_name`` rendered for no one in particular, for the cache: without the request,
    so context processors add nothing about the viewer, and without the view that holds it."""
    shared = {key: value for key, value in context.items() if key not in VIEWER_KEYS}
    return mark_safe(render_to_string(template_name, shared))


@cache
def templates_digest() -> str:
    """A digest of the package's templates as this site resolves them, overrides included."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_TEMPLATES.rglob("*.html")):
        name = path.relative_to(_PACKAGE_TEMPLATES).as_posix()
        try:
            origin = get_template(name).origin
        except TemplateDoesNotExist:
            continue
        digest.update(f"{name}\0{origin.name}\0".encode())
        digest.update(origin.loader.get_contents(origin).encode())
    return digest.hexdigest()[:16]


@receiver(setting_changed)
def _templates_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "TEMPLATES":
        templates_digest.cache_clear()


def content_changed() -> None:
    """Make every cached article part stale; for changes made without ``save()``."""
    ContentState.bump()


@receiver(post_save)
@receiver(post_delete)
def _content_saved(sender, **kwargs) -> None:
    # Raw saves too: fixtures and django-reversion's restores save that way.
    if sender in WATCHED:
        content_changed()


def _key(prefix: str, *parts: object) -> str:
    """A key of fixed length (memcached takes 250 characters at most, and no spaces), whatever
    the host name or the time zone's."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


def _context() -> tuple[str, ...]:
    # Dates in the parts are shown in the active time zone.
    return (
        timezone.get_current_timezone_name(),
        conf.fingerprint(),
        __version__,
        templates_digest(),
    )


def content_version() -> Subquery:
    """The content version, as an annotation for the query a page makes anyway."""
    return Subquery(ContentState.objects.filter(pk=1).values("version"))


def live_edge(now: datetime | None = None) -> Subquery:
    """The newest publication time up to ``now``, as an annotation: it moves when a scheduled
    article's time comes, with no save."""
    return Subquery(Article.objects.published(now).newest_first().values("published_at")[:1])


def article_key(article: Article, host: str, language: str) -> str:
    edge = article.live_edge.timestamp() if article.live_edge else 0
    return _key(
        KEY_PREFIX,
        article.pk,
        article.content_version or 0,
        f"{edge:.6f}",
        f"{article.updated_at.timestamp():.6f}",
        language,
        host,
        *_context(),
    )


def listing_key(
    listing: str, page: str | int | None, host: str, language: str, now: datetime
) -> str | None:
    """The key of one page of the list of articles called ``listing``, as published at ``now``
    (the time its query uses); ``None`` when that page is not cached (an odd ``?page=``, or a
    site with no live article).

    Costs one query: the content version and the newest publication time up to ``now``.
    """
    page = str(page or "1")
    if not _CACHEABLE_PAGE.fullmatch(page):
        return None
    row = (
        Article.objects.published(now)
        .newest_first()
        .annotate(content_version=content_version())
        .values_list("content_version", "published_at")
        .first()
    )
    if row is None:
        return None
    version, edge = row
    return _key(
        LISTING_KEY_PREFIX,
        listing,
        page,
        version or 0,
        f"{edge.timestamp():.6f}",
        language,
        host,
        *_context(),
    )
