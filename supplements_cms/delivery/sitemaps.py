"""Sitemaps for ``django.contrib.sitemaps``::

    from supplements_cms.delivery.sitemaps import sitemap

    path("sitemap.xml", sitemap, name="sitemap")

:func:`sitemap` is Django's view over :data:`SITEMAPS` with the pages' caching: headers, the
whole-page cache and versions (it changes with any published article). A site with sitemaps of
its own merges the dictionaries and wraps Django's view with
:func:`supplements_cms.delivery.caching.public_page` as :func:`sitemap` does.

On a site whose pages have an address per language (``i18n_patterns``), each page is listed in
every language of ``LANGUAGES``, with ``hreflang`` alternates and an ``x-default``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property

from ..models import Article, Condition, Supplement
from . import caching, versions
from .languages import has_language_prefixes


class PerLanguage:
    """Django's sitemap languages, switched on when the package's pages have an address per
    language; decided once per sitemap (the view makes one per request)."""

    @cached_property
    def i18n(self) -> bool:
        return has_language_prefixes()

    @property
    def alternates(self) -> bool:
        return self.i18n

    @property
    def x_default(self) -> bool:
        return self.i18n


class IndexSitemap(PerLanguage, Sitemap):  # type: ignore[override]  # PerLanguage's properties
    """The pages that list articles: the article list and the condition and supplement indexes,
    last modified with the newest change to a published article."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "supplements_cms:article_list",
            "supplements_cms:condition_list",
            "supplements_cms:supplement_list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    @cached_property
    def newest_change(self) -> datetime | None:
        # The view makes a new sitemap for each request, so this is one query per request.
        return Article.objects.published().aggregate(newest=Max("updated_at"))["newest"]

    def lastmod(self, item: str) -> datetime | None:
        return self.newest_change


class ArticleSitemap(PerLanguage, Sitemap):  # type: ignore[override]  # PerLanguage's properties
    """Every published article, with its last update."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Article):
        return item.updated_at


class TopicSitemap(PerLanguage, Sitemap):  # type: ignore[override]  # PerLanguage's properties
    """Topics (conditions, supplements) with at least one published article, last modified with
    their newest one. ``articles`` is the path from the topic to its articles."""

    changefreq = "weekly"
    model: type[Condition] | type[Supplement]
    articles: str

    def items(self) -> QuerySet[Any]:
        return (
            self.model.objects.with_live_articles()
            .annotate(
                last_update=Max(
                    f"{self.articles}__updated_at",
                    filter=Q(**{f"{self.articles}__in": Article.objects.published()}),
                )
            )
            .order_by("name")
        )

    def lastmod(self, item: Any):  # a topic, with the last_update of items()
        return item.last_update


class ConditionSitemap(TopicSitemap):
    model, articles = Condition, "article_links__content_object"


class SupplementSitemap(TopicSitemap):
    model, articles = Supplement, "articles"


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "indexes": IndexSitemap,
    "articles": ArticleSitemap,
    "conditions": ConditionSitemap,
    "supplements": SupplementSitemap,
}


@caching.public_page(lambda: [versions.feed(versions.ALL_ARTICLES), versions.TOPICS])
def sitemap(request: HttpRequest) -> HttpResponse:
    """The sitemap of :data:`SITEMAPS`, cached and with ``Cache-Control`` as the pages are."""
    response = sitemap_views.sitemap(request, SITEMAPS).render()
    # It lists a scheduled article once its time comes.
    response.scms_expires = caching.timestamp(  # type: ignore[attr-defined]  # read by caching
        Article.objects.next_going_live()
    )
    return response
