"""RSS and Atom feeds of the newest published articles: site-wide, per condition, per supplement.

Wire them with ``include("supplements_cms.urls")``; each page's ``<head>`` links its feeds.
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from . import conf
from .markdown import plain_text
from .models import Article, Condition, Supplement


class ArticleFeed(Feed):
    """The newest published articles of the site."""

    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Any:
        return None

    def title(self, obj: Any) -> str:
        return conf.get("FEED_TITLE")

    def link(self, obj: Any) -> str:
        return reverse("supplements_cms:article_list")

    def description(self, obj: Any) -> str:
        return _("The newest articles.")

    def subtitle(self, obj: Any) -> str:
        return self.description(obj)

    def articles(self, obj: Any) -> QuerySet[Article]:
        return Article.objects.published()

    def items(self, obj: Any) -> list[Article]:
        return list(
            self.articles(obj)
            .select_related("author", "byline")
            .prefetch_related("conditions")
            .newest_first()[: conf.get("FEED_ITEMS")]
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # Plain text: feed readers show it as it is, and it carries no editor markup at all.
        return item.summary or " ".join(plain_text(item.intro_html).split())

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        # The byline readers see on the page; the staff account only when there is none.
        if item.byline is not None:
            return item.byline.name
        if item.author is None:
            return None
        return item.author.get_full_name() or item.author.get_username()

    def item_categories(self, item: Article) -> list[str]:
        return [condition.name for condition in item.conditions.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed


class TopicFeed(ArticleFeed):
    """The newest published articles about one condition or supplement (``model``)."""

    model: type[Condition] | type[Supplement]

    def get_object(self, request: HttpRequest, slug: str = "", **kwargs: Any):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj) -> str:
        return f"{conf.get('FEED_TITLE')}: {obj.name}"

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def description(self, obj) -> str:
        return obj.description or _("The newest articles about %(name)s.") % {"name": obj.name}


class ConditionFeed(TopicFeed):
    model = Condition

    def articles(self, obj: Condition) -> QuerySet[Article]:
        return Article.objects.published().filter(condition_links__tag=obj)


class AtomConditionFeed(ConditionFeed):
    feed_type = Atom1Feed


class SupplementFeed(TopicFeed):
    model = Supplement

    def articles(self, obj: Supplement) -> QuerySet[Article]:
        return Article.objects.published().filter(supplement=obj)


class AtomSupplementFeed(SupplementFeed):
    feed_type = Atom1Feed
