"""Sitemaps for ``django.contrib.sitemaps``::

    from django.contrib.sitemaps.views import sitemap
    from supplements_cms.sitemaps import SITEMAPS

    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS})

A site with sitemaps of its own merges the dictionaries. On a site whose pages have an address
per language (``i18n_patterns``), each page is listed in every language of ``LANGUAGES``, with
``hreflang`` alternates and an ``x-default``.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q, QuerySet
from django.utils.functional import cached_property

from .languages import has_language_prefixes
from .models import Article, Condition, Supplement


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


class ArticleSitemap(PerLanguage, Sitemap):
    """Every published article, with its last update."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Article):
        return item.updated_at


class ConditionSitemap(PerLanguage, Sitemap):
    """Conditions with at least one published article; last modified with their newest one."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Condition]:
        return (
            Condition.objects.with_live_articles()
            .annotate(
                last_update=Max(
                    "article_links__content_object__updated_at",
                    filter=Q(article_links__content_object__in=Article.objects.published()),
                )
            )
            .order_by("name")
        )

    def lastmod(self, item: Condition):
        return item.last_update


class SupplementSitemap(PerLanguage, Sitemap):
    """Supplements with at least one published article."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Supplement]:
        return (
            Supplement.objects.with_live_articles()
            .annotate(
                last_update=Max(
                    "articles__updated_at", filter=Q(articles__in=Article.objects.published())
                )
            )
            .order_by("name")
        )

    def lastmod(self, item: Supplement):
        return item.last_update


SITEMAPS = {
    "articles": ArticleSitemap,
    "conditions": ConditionSitemap,
    "supplements": SupplementSitemap,
}
