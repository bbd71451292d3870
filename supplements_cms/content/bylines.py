"""The names readers see for who wrote an article: names people chose, never a login name."""

from __future__ import annotations

from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from .. import conf


def site_name(request: HttpRequest | None) -> str:
    """``DEFAULT_AUTHOR``, else the site's name (django.contrib.sites, else the host name)."""
    configured = conf.get("DEFAULT_AUTHOR")
    if configured:
        return configured
    if request is None:
        return ""
    return get_current_site(request).name


def author_name(article, fallback: str) -> str:
    """The byline's name, else the staff author's full name, else ``fallback`` (the site)."""
    if article.byline_id is not None:
        return article.byline.name
    full_name = article.author.get_full_name().strip() if article.author is not None else ""
    return full_name or fallback
