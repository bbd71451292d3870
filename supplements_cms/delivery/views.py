"""Public pages: article list, article, the articles of a condition or a supplement, the
condition and supplement indexes, and search."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Func, Q, QuerySet, Subquery
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from .. import conf
from ..content import article_links, library
from ..content.bylines import site_name
from ..content.markdown import plain_text
from ..models import (
    Article,
    ArticleCondition,
    CacheVersion,
    Condition,
    ListSize,
    SlugRedirect,
    Supplement,
)
from . import article_parts, caching, fragments, page_meta, search, versions
from .pagination import IdFirstPaginator

if TYPE_CHECKING:
    # What the mixins below are mixed into, for the type checker; plain classes at run time.
    from django.views.generic.base import ContextMixin as _ContextMixin

    _ListView = ListView
else:
    _ContextMixin = _ListView = object


def list_size(name: str, scheduled: QuerySet) -> tuple[int, Any]:
    """How many articles a list shows now, and when its next scheduled one goes live, in one
    query: the published articles counted on write, less those ``scheduled`` (published, not
    yet live), which are few and read off an index. Never ``COUNT(*)`` over the archive."""
    scheduled = scheduled.order_by()
    row = (
        ListSize.objects.filter(name=name)
        .annotate(
            waiting=Subquery(scheduled.annotate(n=Func(F("pk"), function="COUNT")).values("n")),
            first=Subquery(scheduled.order_by("published_at").values("published_at")[:1]),
        )
        .values_list("published", "waiting", "first")
        .first()
    )
    if row is None:
        return 0, None
    published, waiting, first = row
    return max(published - (waiting or 0), 0), first


class BaseTemplateMixin(_ContextMixin):
    """Puts the configured base template in the context for the pages' ``{% extends %}``."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["base_template"] = conf.get("BASE_TEMPLATE")
        return context


class DescribedPageMixin(_ListView):
    """Gives a page's ``<head>`` its title, description, canonical link and social tags
    (``page_meta``, for ``partials/social_meta.html``)."""

    def page_title(self) -> str:
        raise NotImplementedError

    def page_description(self) -> str:
        raise NotImplementedError

    def canonical_path(self) -> str:
        """The page's own address, without its query."""
        return self.request.path

    def page_number(self, context: dict[str, Any]) -> int | str | None:
        page = context.get("page_obj")
        return page.number if page else None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        path = self.canonical_path()
        # A later page of a list is a page of its own: its canonical address keeps its number.
        number = self.page_number(context)
        if number and str(number) != "1":
            path = f"{path}?{urlencode({self.page_kwarg: number})}"
        context["page_meta"] = page_meta.PageMeta(
            title=self.page_title(),
            description=self.page_description(),
            url=caching.absolute_url(self.request, path),
            site_name=site_name(self.request),
        )
        return context


def _topic_description(topic: Condition | Supplement) -> str:
    """The topic's own description, else a sentence naming it."""
    return page_meta.describe(topic.description, conf.get("SUMMARY_MAX_LENGTH")) or _(
        "Articles about %(name)s, newest first."
    ) % {"name": topic.name}


class ArticleListView(DescribedPageMixin, BaseTemplateMixin, ListView):
    """A page of articles, newest first. The list (its cards and pagination) comes rendered from
    the cache when this page of this version of the content was shown before."""

    template_name = "supplements_cms/article_list.html"
    context_object_name = "articles"
    paginator_class = IdFirstPaginator
    cached_listing = None
    expires = None
    # This page's stored cards (:mod:`.fragments`): where, under what name, and the digest and
    # versions that make them current.
    slot: str | None = None
    fragment_name = ""
    fragment_versions: list[str] | None = None
    wanted: str | None = None

    def setup(self, request, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        # One instant for the list's query and its cache key, so that an article going live
        # between the two cannot be missing from a list stored under a key that counts it.
        self.now = timezone.now()

    def get_paginate_by(self, queryset) -> int:
        return conf.get("PAGINATE_BY")

    def get_queryset(self):
        return Article.objects.published(self.now).for_cards().newest_first()

    def page_title(self) -> str:
        return _("Articles")

    def page_description(self) -> str:
        return _(
            "Articles about dietary supplements and the health conditions people take them for, "
            "newest first."
        )

    def page_number(self, context: dict[str, Any]) -> int | str | None:
        if self.cached_listing is not None:
            # From the cache: the page asked for, which the cache key accepted.
            return self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
        return super().page_number(context)

    def listing_name(self) -> str:
        """What this list holds, for its cache key; a subclass that filters the list differently
        gets its own name from its class, and adds what it is filtered by."""
        return f"{type(self).__module__}.{type(self).__qualname__}"

    def version_name(self) -> str:
        """The version of this list (:mod:`supplements_cms.delivery.versions`)."""
        return versions.ALL_ARTICLES

    def size_name(self) -> str:
        """The name of this list's size (:class:`~supplements_cms.models.ListSize`)."""
        return "all"

    def scheduled(self) -> QuerySet:
        """The list's published articles whose time has not come, read off an index."""
        return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=self.now)

    def page_ids(self, queryset: QuerySet) -> QuerySet:
        """The list's article ids in order, for the paginator to slice off an index."""
        return queryset.values_list("pk", flat=True)

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        count, first = list_size(self.size_name(), self.scheduled())
        self.expires = caching.timestamp(first)
        return self.paginator_class(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            count=count,
            ids=self.page_ids(queryset),
            rows=Article.objects.for_cards(),
        )

    def page_asked(self) -> str:
        """The page number asked for, as the URL or the query gave it."""
        return str(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1)

    def fragment_page(self) -> str | None:
        """The name this page's stored cards go by (:mod:`.fragments`): the view's class, its
        list's version name and the page; ``None`` for an odd ``?page=`` (not stored)."""
        page = self.page_asked()
        if not caching.cacheable_page(page):
            return None
        return self.stored_page_name(self.version_name(), page)

    @classmethod
    def stored_page_name(cls, version_name: str, page: str) -> str:
        """The name page ``page`` of the list ``version_name`` is stored under by this view."""
        return f"{cls.__module__}.{cls.__qualname__}:{version_name}:{page}"

    def with_fragment(self, queryset: QuerySet | None) -> Any:
        """``queryset`` (the list's topic) with this page's stored cards and the versions the
        request has not read yet, for :meth:`paginate_queryset`: still one query. ``None``:
        whether this page's cards are stored at all (an odd ``?page=``, or caches off)."""
        self.slot = None
        page = self.fragment_page() if caching.parts_timeout(self.request) else None
        if page is None:
            return queryset if queryset is not None else False
        self.fragment_name = page
        self.slot = fragments.slot(page, self.request, get_language())
        known = getattr(self.request, "scms_versions", None)
        self.fragment_versions = None if known else [versions.SITE, self.version_name()]
        if queryset is None:
            return True
        return fragments.with_fragment(queryset, self.slot, self.fragment_versions)

    def stored_row(self) -> Any:
        """The row this page's fragment and versions were read with: a topic's list reads them
        with its topic; the list of all with the site-wide write counter's row, there since the
        first save."""
        if self.slot is None and not self.with_fragment(None):
            return None
        assert self.slot is not None  # set by with_fragment
        carrier = CacheVersion.objects.filter
        return fragments.stored_row(
            "stored_list",
            CacheVersion,
            lambda name: carrier(name=name),
            versions.GENERATION,
            self.slot,
            self.fragment_versions,
        )

    def read_stored(self, row: Any) -> bool:
        """Whether ``row`` carries this page's cards as they are now; if so they are taken."""
        if self.slot is None or row is None:
            return False
        known = getattr(self.request, "scms_versions", None)
        if known is None and self.fragment_versions:
            values, generation = fragments.read_counters(row, self.fragment_versions)
            self.request.scms_versions = values  # type: ignore[attr-defined]  # read by caching
            versions.remember(values, generation)
        tokens = caching.page_versions(self.request, [self.version_name()])
        self.wanted = fragments.digest(tokens, None, get_language())
        stored = fragments.current(row, self.wanted)
        if stored is None:
            return False
        # Rendered under these versions, before any scheduled article it shows went live.
        _head, self.cached_listing, self.expires = stored
        return True

    def paginate_queryset(self, queryset, page_size: int):
        if self.cached_listing is not None or self.read_stored(self.stored_row()):
            return None, None, queryset.none(), True
        return super().paginate_queryset(queryset, page_size)

    def stored_topic(self, model: type[Condition] | type[Supplement]) -> Any:
        """The list's topic with its page's current cards, read in one compiled query; ``None``
        when they are stale or missing. A topic whose cards are current has live articles:
        nothing has changed since they were rendered, and articles only ever come live."""
        if not self.with_fragment(None):
            return None
        assert self.slot is not None  # set by with_fragment
        key, topics = f"stored_{model._meta.model_name}", model.objects.filter
        row = fragments.stored_row(
            key, model, lambda slug: topics(slug=slug), self.kwargs["slug"], self.slot,
            self.fragment_versions,
        )  # fmt: skip
        return row if self.read_stored(row) else None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.cached_listing is None:
            self.cached_listing = caching.render_shared(
                "supplements_cms/partials/article_list.html", context
            )
            if self.wanted is not None and self.slot is not None:
                fragments.store(
                    self.slot,
                    page=self.fragment_name,
                    request=self.request,
                    language=get_language(),
                    wanted=self.wanted,
                    head="",
                    body=self.cached_listing,
                    expires=self.expires,
                )
        else:
            self.cached_listing = mark_safe(self.cached_listing)
        context["cached_listing"] = self.cached_listing
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any):
        response = super().render_to_response(context, **kwargs)
        response.scms_expires = self.expires  # type: ignore[attr-defined]  # read by caching
        return response


class ConditionArticlesView(ArticleListView):
    template_name = "supplements_cms/condition_detail.html"

    def get_queryset(self):
        # The condition with this page's stored cards and versions: a cold page's one query.
        self.condition = self.stored_topic(Condition) or get_object_or_404(
            self.with_fragment(Condition.objects.with_live_articles()), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(condition_links__tag=self.condition)

    def stored_row(self) -> Any:
        return self.condition

    def listing_name(self) -> str:
        return f"{super().listing_name()}:{self.condition.pk}"

    def page_title(self) -> str:
        return self.condition.name

    def page_description(self) -> str:
        return _topic_description(self.condition)

    def canonical_path(self) -> str:
        return self.condition.get_absolute_url()

    def version_name(self) -> str:
        return versions.condition(self.kwargs["slug"])

    def size_name(self) -> str:
        return f"condition:{self.condition.pk}"

    def _links(self) -> QuerySet:
        return ArticleCondition.objects.filter(tag=self.condition, is_published=True)

    def scheduled(self) -> QuerySet:
        return self._links().filter(published_at__gt=self.now)

    def page_ids(self, queryset: QuerySet) -> QuerySet:
        # The condition's own publication index, not a join through every article.
        return (
            self._links()
            .filter(published_at__lte=self.now)
            .order_by("-published_at", "-content_object_id")
            .values_list("content_object_id", flat=True)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(condition=self.condition, **kwargs)


class SupplementArticlesView(ArticleListView):
    template_name = "supplements_cms/supplement_detail.html"

    def get_queryset(self):
        self.supplement = self.stored_topic(Supplement) or get_object_or_404(
            self.with_fragment(Supplement.objects.with_live_articles()), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(supplement=self.supplement)

    def stored_row(self) -> Any:
        return self.supplement

    def listing_name(self) -> str:
        return f"{super().listing_name()}:{self.supplement.pk}"

    def page_title(self) -> str:
        return self.supplement.name

    def page_description(self) -> str:
        return _topic_description(self.supplement)

    def canonical_path(self) -> str:
        return self.supplement.get_absolute_url()

    def version_name(self) -> str:
        return versions.supplement(self.kwargs["slug"])

    def size_name(self) -> str:
        return f"supplement:{self.supplement.pk}"

    def scheduled(self) -> QuerySet:
        return super().scheduled().filter(supplement=self.supplement)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(supplement=self.supplement, **kwargs)


def render_page_parts(article: Article, context: dict[str, Any]) -> datetime | None:
    """Put the head and the article of ``article``'s page into ``context`` (``cached_head``,
    ``cached_article``), as readers get them: what the page view stores and what a private
    preview shows. ``context`` has ``canonical_url`` and ``site_name``. Returns when an article
    it links to goes live (its links then change), if one is scheduled."""
    context["page_meta"] = page_meta.for_article(
        article, context["canonical_url"], context["site_name"]
    )
    context["cached_head"] = caching.render_shared(
        "supplements_cms/partials/article_head.html", context
    )
    # Links to other articles at their addresses now, library images at the storage's: kept
    # in the fragment, which a target's change makes stale (and a scheduled one's going live).
    body, going_live = article_links.resolve(
        caching.render_shared("supplements_cms/article.html", context)
    )
    context["cached_article"] = library.resolve(body)
    return going_live


class ArticleDetailView(BaseTemplateMixin, DetailView):
    """One article. Readers see it once it is live; editors may preview it before."""

    template_name = "supplements_cms/article_detail.html"
    context_object_name = "article"
    expires = None
    # The article as read with its stored fragment alone (a reader's compiled query).
    stored: Article | None = None

    def get_queryset(self):
        # Its parts are fetched only when the cache has no rendering of this version (see
        # get_context_data).
        return Article.objects.visible_to(caching.viewer(self.request)).select_related(
            "supplement", "author", "byline", "sign_off__reviewer"
        )

    def get(self, request, *args: Any, **kwargs: Any):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An old address of an article whose slug changed: send readers on, for good.
            moved = (
                SlugRedirect.objects.filter(
                    old_slug=kwargs["slug"], article__in=self.get_queryset()
                )
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())

    def render_to_response(self, context: dict[str, Any], **kwargs: Any):
        response = super().render_to_response(context, **kwargs)
        response.scms_expires = self.expires  # type: ignore[attr-defined]  # read by caching
        # A preview, and the edit link, are for this viewer only: never in a shared cache.
        response.scms_private = bool(  # type: ignore[attr-defined]  # read by caching
            context["is_preview"] or context["edit_url"]
        )
        if context["is_preview"]:
            response["X-Robots-Tag"] = "noindex, nofollow"
            response["Cache-Control"] = "private, no-store"
        return response

    def get_object(self, queryset=None):
        """The article, with its stored fragment (and the page's versions, unless the request
        read them) in the same query: a cold page is one query (:mod:`.fragments`). A reader's
        query is compiled once per process; when the page must be rendered, the article is
        read again with what its parts show besides."""
        self.slot = None
        if queryset is None and caching.parts_timeout(self.request):
            self.page_name = versions.article(self.kwargs["slug"])
            self.slot = fragments.slot(self.page_name, self.request, get_language())
            known = getattr(self.request, "scms_versions", None)
            names = None if known else [versions.SITE, self.page_name]
            if not caching.viewer(self.request).is_authenticated:
                article = fragments.stored_article(self.kwargs["slug"], self.slot, names)
                if article is not None and article.is_live:
                    self.stored = article
                    return article
            queryset = fragments.with_fragment(self.get_queryset(), self.slot, names)
        return super().get_object(queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        article = self.object
        context["is_preview"] = not article.is_live
        context["canonical_url"] = caching.absolute_url(self.request, article.get_absolute_url())
        # Part of the page's data, not of the viewer: the host is in the fragment's slot.
        context["site_name"] = site_name(self.request)
        context["edit_url"] = _edit_url(self.request, article)
        wanted = None
        if self.slot and not context["is_preview"]:
            wanted = fragments.digest(self._versions(article), article.updated_at, get_language())
            stored = fragments.current(article, wanted)
            if stored is not None:
                context["cached_head"], context["cached_article"], self.expires = stored
                context["cached_head"] = mark_safe(context["cached_head"])
                context["cached_article"] = mark_safe(context["cached_article"])
                return context
        if self.stored is not None:
            # Read without what its parts show: read again with it, to render them.
            article = self.object = context["article"] = super().get_object(self.get_queryset())
        article_parts.load(article)
        parts = article_parts.loaded(article)
        assert parts is not None  # loaded just above
        going_live = render_page_parts(article, context)
        expires = [when for when in (parts.expires, going_live) if when is not None]
        self.expires = caching.timestamp(min(expires, default=None))
        if wanted is not None and self.slot is not None:
            fragments.store(
                self.slot,
                page=self.page_name,
                request=self.request,
                language=get_language(),
                wanted=wanted,
                head=context["cached_head"],
                body=context["cached_article"],
                expires=self.expires,
                article_id=article.pk,
            )
        return context

    def _versions(self, article: Article) -> dict[str, int]:
        """The page's versions: as the request read them, else as read with the article (then
        mirrored in the cache for the next request)."""
        known = getattr(self.request, "scms_versions", None)
        if known is not None:
            return known
        names = [versions.SITE, self.page_name]
        values, generation = fragments.read_counters(article, names)
        self.request.scms_versions = values  # type: ignore[attr-defined]  # read by caching
        versions.remember(values, generation)
        return values


def _edit_url(request, article: Article) -> str:
    """The admin's change form of ``article`` for staff who may change it; "" for everyone else
    (and on a site without the admin)."""
    user = caching.viewer(request)
    if not (user.is_active and user.is_staff and user.has_perm("supplements_cms.change_article")):
        return ""
    try:
        return reverse("admin:supplements_cms_article_change", args=[article.pk])
    except NoReverseMatch:
        return ""


class SearchView(BaseTemplateMixin, ListView):
    """``?q=`` over titles, summaries and text; see :mod:`supplements_cms.delivery.search`."""

    template_name = "supplements_cms/search.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset) -> int:
        return conf.get("PAGINATE_BY")

    def render_to_response(self, context: dict[str, Any], **kwargs: Any):
        response = super().render_to_response(context, **kwargs)
        # Results are never purged (a query is a page of its own): kept briefly, everywhere.
        expires = timezone.now().timestamp() + conf.get("SEARCH_MAX_AGE")
        response.scms_expires = expires  # type: ignore[attr-defined]  # read by caching
        return response

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[: search.MAX_QUERY_LENGTH].strip()
        self.terms = search.terms(self.query)
        return search.search(Article.objects.published().for_list(), self.query)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(query=self.query, terms=self.terms, **kwargs)
        context["results"] = [
            (
                article,
                search.excerpt(
                    f"{article.summary} {plain_text(article.intro_html + article.body_html)}",
                    self.terms,
                ),
            )
            for article in context["articles"]
        ]
        return context


class TopicIndexView(DescribedPageMixin, BaseTemplateMixin, ListView):
    """Every condition or supplement with published articles, and how many: ``model`` and the
    name of its relation to articles (``articles_through``)."""

    model: type[Condition] | type[Supplement]
    articles_through: str

    def page_title(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    def render_to_response(self, context: dict[str, Any], **kwargs: Any):
        response = super().render_to_response(context, **kwargs)
        # Counts change when the next scheduled article goes live.
        response.scms_expires = caching.timestamp(Article.objects.next_going_live())  # type: ignore[attr-defined]
        return response

    def get_queryset(self):
        published = Q(**{f"{self.articles_through}__in": Article.objects.published()})
        path = self.articles_through.removesuffix("__content_object")
        return (
            self.model.objects.annotate(article_count=Count(path, filter=published))
            .filter(article_count__gt=0)  # type: ignore[misc]  # annotated just above
            .order_by("name")
        )


class ConditionIndexView(TopicIndexView):
    model = Condition
    articles_through = "article_links__content_object"
    template_name = "supplements_cms/condition_list.html"
    context_object_name = "conditions"

    def page_description(self) -> str:
        return _(
            "The health conditions the articles cover, and how many articles there are on each."
        )


class SupplementIndexView(TopicIndexView):
    model = Supplement
    articles_through = "articles"
    template_name = "supplements_cms/supplement_list.html"
    context_object_name = "supplements"

    def page_description(self) -> str:
        return _("The supplements the articles cover, and how many articles there are on each.")
