"""Template tags for the parts of an article that need data beyond the article itself.

``{% load supplements_cms %}``, then ``{% related_posts article %}``,
``{% call_to_action article %}`` or ``{% article_neighbours article %}`` anywhere in a host
site's templates, and ``{{ value|iso_datetime }}`` for a machine-readable time.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from .. import conf
from ..content.disclaimers import site_disclaimers
from ..delivery import article_parts, page_meta
from ..delivery.navigation import neighbours
from ..delivery.related import related_links
from ..delivery.structured_data import article_data, json_ld
from ..models import Article, CallToAction

register = template.Library()


@register.filter
def iso_datetime(value) -> str:
    """A datetime (or date) for ``<time datetime>`` and meta tags: ISO 8601 to the second."""
    return page_meta.iso_datetime(value)


@register.inclusion_tag("supplements_cms/partials/related_posts.html")
def related_posts(article: Article, limit: int | None = None) -> dict[str, Any]:
    """The related posts list: editor's picks, then similar published articles."""
    return {"article": article, "related_links": related_links(article, limit)}


@register.inclusion_tag("supplements_cms/partials/call_to_action.html")
def call_to_action(article: Article) -> dict[str, Any]:
    """The article's call to action, chosen by :meth:`CallToActionQuerySet.for_article`."""
    loaded = article_parts.loaded(article)
    cta = loaded.call_to_action if loaded else CallToAction.objects.for_article(article)
    return {"article": article, "cta": cta}


@register.inclusion_tag("supplements_cms/partials/neighbours.html")
def article_neighbours(article: Article) -> dict[str, Any]:
    """Previous and next published article in the article's first condition."""
    return {"article": article, "neighbours": neighbours(article)}


@register.inclusion_tag("supplements_cms/partials/disclaimer.html")
def article_disclaimers(article: Article) -> dict[str, Any]:
    """The healthcare note and the disclaimers: the site's, the article's, or both."""
    replace = article.disclaimer_html and article.disclaimer_mode == Article.DisclaimerMode.REPLACE
    return {
        "article": article,
        # The package's note in the reader's language; a site's own as it wrote it.
        "healthcare_note": gettext(conf.get("HEALTHCARE_NOTE"))
        if conf.get("HEALTHCARE_NOTE")
        else "",
        "disclaimers": [] if replace else site_disclaimers(conf.get("DISCLAIMER")),
    }


@register.simple_tag
def article_structured_data(article: Article, url: str, site_name: str = "") -> SafeString:
    """schema.org JSON-LD for the article at the absolute ``url``; ``site_name`` is the author
    of an article nobody signed."""
    return json_ld(article_data(article, url, site_name))
