"""The article page's rendered parts, kept in Django's cache framework.

The key carries everything the parts show that can change: the content version (raised by any
save or deletion of articles, their parts, calls to action, conditions and supplements), the
newest live publication time (so a scheduled article appearing changes it with no save), the
language, the host and the package's settings. A change makes a new key; nothing is ever
deleted, so any cache backend and any number of app servers stay correct. ``CACHE_TIMEOUT``
(seconds) bounds how long unused entries stay; 0 turns the cache off.

Code that changes content with ``QuerySet.update()`` or ``bulk_create()`` (which send no
signals) calls :func:`content_changed` afterwards.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import conf
from .models import (
    Article,
    ArticleCondition,
    Benefit,
    CallToAction,
    Condition,
    ContentState,
    Reference,
    RelatedPost,
    Supplement,
)

KEY_PREFIX = "supplements_cms:article:v1"
WATCHED = (
    Article,
    ArticleCondition,
    Benefit,
    CallToAction,
    Condition,
    Reference,
    RelatedPost,
    Supplement,
)


def content_changed() -> None:
    """Make every cached article part stale; for changes made without ``save()``."""
    ContentState.bump()


@receiver(post_save)
@receiver(post_delete)
def _content_saved(sender, **kwargs) -> None:
    # Raw saves too: fixtures and django-reversion's restores save that way.
    if sender in WATCHED:
        content_changed()


def article_key(article: Article, host: str, language: str) -> str:
    edge = article.live_edge.timestamp() if article.live_edge else 0
    return (
        f"{KEY_PREFIX}:{article.pk}:{article.content_version or 0}:{edge:.6f}:"
        f"{article.updated_at.timestamp():.6f}:{language}:{host}:{conf.fingerprint()}"
    )
