"""RSS and Atom feeds of the newest published articles: site-wide, per condition, per supplement.

Wire them with ``include("supplements_cms.urls")``; each page's ``<head>`` links its feeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import gettext as _

from .. import conf
from ..content.bylines import author_name, site_name
from ..content.markdown import plain_text
from ..models import Article, Condition, Supplement
from ..models.articles import ArticleQuerySet
from .page_meta import article_description


def _published(live: bool) -> ArticleQuerySet:
    if live:
        return Article.objects.published()
    return Article.objects.filter(status=Article.Status.PUBLISHED)


@dataclass(frozen=True)
class FeedSubject:
    """What a feed is about (``None``: the whole site), and the site's name for its authors.

    Feed views are shared by every request, so what a request decides travels in here."""

    topic: Condition | Supplement | None
    site_name: str


def feed_title() -> str:
    """``FEED_TITLE``: the package's default in the reader's language, a site's own as written
    (and "" as "": gettext("") would be the catalog's header)."""
    title = conf.get("FEED_TITLE")
    return _(title) if title else ""


class ArticleFeed(Feed):
    """The newest published articles of the site."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # The feed changes when its next scheduled article goes live (see caching.public_page).
        first = (
            self.articles(self.get_object(request, *args, **kwargs), live=False)
            .filter(published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        expires = first.timestamp() if first else None
        response.scms_expires = expires  # type: ignore[attr-defined]  # read by caching
        return response

    def get_object(self, request: HttpRequest, **kwargs: Any) -> FeedSubject:
        return FeedSubject(None, site_name(request))

    def title(self, obj: FeedSubject) -> str:
        return feed_title()

    def link(self, obj: FeedSubject) -> str:
        return reverse("supplements_cms:article_list")

    def about(self, obj: FeedSubject) -> str:
        """What the feed holds, as plain text."""
        return _("The newest articles.")

    def description(self, obj: FeedSubject) -> str:
        # Only RSS has a channel description, and readers may take it for HTML.
        return escape(self.about(obj))

    def subtitle(self, obj: FeedSubject) -> str:
        # Atom's subtitle is of type text: it stays as it is.
        return self.about(obj)

    def author_name(self, obj: FeedSubject) -> str:
        # Atom requires an author for the feed or every entry (RFC 4287, 4.1.1).
        return obj.site_name

    def articles(self, obj: FeedSubject, live: bool = True) -> ArticleQuerySet:
        """The feed's articles: live ones, or with ``live=False`` all published ones."""
        return _published(live)

    def items(self, obj: FeedSubject) -> list[Article]:
        articles = list(
            self.articles(obj)
            .select_related("author", "byline")
            .prefetch_related("conditions")  # type: ignore[misc]  # taggit
            .newest_first()[: conf.get("FEED_ITEMS")]
        )
        for article in articles:
            article.feed_author = author_name(article, obj.site_name)
        return articles

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # RSS descriptions and Atom's <summary type="html"> are read as HTML: the plain text is
        # escaped, so whatever an editor typed shows as the text it is and never becomes markup.
        return escape(article_description(item))

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return item.feed_author or None

    def item_categories(self, item: Article) -> list[str]:
        return [condition.name for condition in item.conditions.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed


class TopicFeed(ArticleFeed):
    """The newest published articles about one condition or supplement (``model``)."""

    model: type[Condition] | type[Supplement]

    def get_object(self, request: HttpRequest, slug: str = "", **kwargs: Any) -> FeedSubject:
        topic = get_object_or_404(self.model.objects.with_live_articles(), slug=slug)
        return FeedSubject(cast("Condition | Supplement", topic), site_name(request))

    @staticmethod
    def topic(obj: FeedSubject) -> Any:
        """The condition or supplement: a topic feed's subject always has one."""
        assert obj.topic is not None
        return obj.topic

    def title(self, obj: FeedSubject) -> str:
        return _("%(title)s: %(name)s") % {
            "title": _(conf.get("FEED_TITLE")),
            "name": self.topic(obj).name,
        }

    def link(self, obj: FeedSubject) -> str:
        return self.topic(obj).get_absolute_url()

    def about(self, obj: FeedSubject) -> str:
        topic = self.topic(obj)
        if topic.description_html:
            return " ".join(plain_text(topic.description_html).split())
        return _("The newest articles about %(name)s.") % {"name": topic.name}


class ConditionFeed(TopicFeed):
    model = Condition

    def articles(self, obj: FeedSubject, live: bool = True) -> ArticleQuerySet:
        return _published(live).filter(condition_links__tag=self.topic(obj))


class AtomConditionFeed(ConditionFeed):
    feed_type = Atom1Feed


class SupplementFeed(TopicFeed):
    model = Supplement

    def articles(self, obj: FeedSubject, live: bool = True) -> ArticleQuerySet:
        return _published(live).filter(supplement=obj.topic)


class AtomSupplementFeed(SupplementFeed):
    feed_type = Atom1Feed
