"""Pages' parts rendered before they are asked for, stored in the database
(:class:`~supplements_cms.models.RenderedFragment`).

A page no cache holds is then one query: the article's row with its stored fragment and the
versions that say whether the fragment is current, read together; only the template around the
fragment is rendered. The database, not the cache framework, holds them because a cold page
must not cost a second round trip (the cache is empty exactly when the page is cold), because a
fragment outlives a cache restart or eviction (a large archive read at random stays rendered),
and because the row can be fetched in the same statement as the article it belongs to.

A fragment is served only when its ``digest`` equals the one the request computes from what
shapes the page: the page's versions (:mod:`supplements_cms.delivery.versions`), the article's
update time, the templates digest (a host's overrides included), the package's version, the
settings and the time zone; its ``slot`` names the page, host, scheme and language. Anything else
is stale: the request renders the page and replaces the row (one statement). Fragments hold
nothing about the viewer: they are rendered by :func:`caching.render_shared`.

After a save commits, :func:`render_after_save` renders the saved article's own page again, then
the first page of each list showing it, for each host and language they were read in: at most
:data:`RENDER_ON_WRITE_MAX` renderings, as a task of Django's tasks framework where there is one,
else at once. Other pages the save changes (the related posts and neighbours that name it,
deeper list pages) are made stale by their versions and rendered on their first read: a
publication that changes a thousand pages costs the editor the same as one that changes none.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, connections, router, transaction
from django.db.models import Model, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.views import View

from ..editorial.primary import reads_on_primary
from ..models import Article, CacheVersion, RenderedFragment
from . import caching, db, versions

logger = logging.getLogger("supplements_cms.delivery.fragments")
# How many pages a save renders (its own page first, then its lists' first pages, each per host
# and language read); the rest are rendered when read.
RENDER_ON_WRITE_MAX = 16
_FIELDS = ("digest", "head", "body", "expires")


def slot(page: str, request: HttpRequest, language: str) -> str:
    """Which row holds ``page`` as rendered for this host, scheme, language and time zone."""
    parts = (page, caching.host(request), request.scheme, language)
    return _digest(*parts, timezone.get_current_timezone_name())


def digest(tokens: Mapping[str, Any], updated_at: datetime | None, language: str) -> str:
    """What makes a fragment current: the page's versions, its article's update time, the
    templates, the package's version and settings (:func:`caching.shaping`)."""
    moment = f"{updated_at.timestamp():.6f}" if updated_at else ""
    return _digest(sorted(tokens.items()), moment, language, *caching.shaping())


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def with_fragment(queryset: QuerySet, slot_: str, names: list[str] | None) -> QuerySet:
    """``queryset`` with the fragment in ``slot_`` (``scms_fragment_<field>``), and, unless the
    request knows them already (``names`` is ``None``), the counters of ``names`` and the
    site-wide write counter (``scms_version_<n>``, ``scms_generation``): still one query."""
    row = RenderedFragment.objects.filter(slot=slot_)
    annotations: dict[str, Any] = {
        f"scms_fragment_{name}": Subquery(row.values(name)[:1]) for name in _FIELDS
    }
    for n, name in enumerate([versions.GENERATION, *(names or [])] if names else []):
        counter = CacheVersion.objects.filter(name=name).values("version")[:1]
        annotations["scms_generation" if n == 0 else f"scms_version_{n - 1}"] = Subquery(counter)
    return queryset.annotate(**annotations)


def stored_row(
    key: str,
    model: type[Model],
    rows: Callable[[str], QuerySet],
    value: str,
    slot_: str,
    names: list[str] | None,
) -> Any:
    """The first row of ``rows(value)`` (of ``model``) with the fragment in ``slot_`` (and the
    counters of ``names``, whose last is the page's own), or ``None``: one query, its SQL
    compiled once per process under ``key`` (building it costs more than the database takes to
    answer it; ``rows`` is called only then)."""
    using = router.db_for_read(model)

    def build(*values: str) -> QuerySet:
        return with_fragment(
            rows(values[0]), values[1], [versions.SITE, values[2]] if names else None
        )

    values = [value, slot_, *(names[-1:] if names else [])]
    query = db.compiled((key, bool(names)), build, using, strings=len(values))
    found = list(
        model._default_manager.db_manager(using).raw(query.sql, query.with_values(*values))
    )
    if not found:
        return None
    row: Any = found[0]
    # Raw rows carry the database's own value for the time: make it a datetime.
    row.scms_fragment_expires = db.as_datetime(row.scms_fragment_expires)
    return row


# What a page served from its stored rendering reads of its article: whether it is live, its
# address, title and update time. The text is in the rendering: not read (other fields a host's
# template names are read when used).
STORED_ARTICLE_FIELDS = ("id", "slug", "status", "published_at", "updated_at", "title", "seo_title")


def stored_article(slug: str, slot_: str, names: list[str] | None) -> Article | None:
    """The published article ``slug`` with its stored page (:func:`stored_row`); whether its
    time has come is for the caller, so that the SQL does not change with the clock. Nothing it
    links to is read, nor its text."""
    published = Article.objects.filter
    return stored_row(
        "stored_article",
        Article,
        lambda s: published(slug=s, status=Article.Status.PUBLISHED).only(*STORED_ARTICLE_FIELDS),
        slug,
        slot_,
        names,
    )


def read_counters(obj: Any, names: list[str]) -> tuple[dict[str, int], int]:
    """The counters :func:`with_fragment` read with ``obj``."""
    values = {name: getattr(obj, f"scms_version_{n}") or 0 for n, name in enumerate(names)}
    return values, obj.scms_generation or 0


def current(obj: Any, wanted: str) -> tuple[str, str, float | None] | None:
    """``(head, body, expires)`` of the fragment read with ``obj`` if its digest is ``wanted``
    and no scheduled article it shows has gone live since; else ``None`` (stale, or none)."""
    if getattr(obj, "scms_fragment_digest", None) != wanted:
        return None
    expires = caching.timestamp(obj.scms_fragment_expires)
    if not caching.usable((expires,)):
        return None
    return obj.scms_fragment_head, obj.scms_fragment_body, expires


def store(
    slot_: str,
    *,
    page: str,
    request: HttpRequest,
    language: str,
    wanted: str,
    head: str,
    body: str,
    expires: float | None,
    article_id: int | None = None,
) -> None:
    """Keep a page's fragment in ``slot_`` (one statement, replacing a stale one). A database
    that refuses (read-only, locked) is logged: the page is served, and rendered again later."""
    row = RenderedFragment(
        slot=slot_,
        article_id=article_id,
        page=page[:200],
        host=caching.host(request)[:255],
        scheme=(request.scheme or "https")[:5],
        language=language,
        time_zone=timezone.get_current_timezone_name()[:64],
        digest=wanted,
        head=head,
        body=body,
        expires=datetime.fromtimestamp(expires, UTC) if expires else None,
        rendered_at=timezone.now(),
    )
    fields = [f.name for f in RenderedFragment._meta.concrete_fields if f.name != "slot"]
    db = router.db_for_write(RenderedFragment)
    # MySQL and MariaDB name no conflict target: any unique key, here the slot alone.
    target = ["slot"] if connections[db].features.supports_update_conflicts_with_target else None
    try:
        with transaction.atomic(using=db):
            RenderedFragment.objects.using(db).bulk_create(
                [row], update_conflicts=True, unique_fields=target, update_fields=fields
            )
    except DatabaseError as error:
        logger.warning("A rendered fragment was not stored: %s", error)


# -- rendering on write ------------------------------------------------------------------------


def render_after_save(pk: int, db: str | None = None) -> None:
    """After the save's transaction commits, render what it changed of article ``pk``'s pages
    (:func:`render_article`)."""
    transaction.on_commit(lambda: _schedule(pk), using=db)


def _schedule(pk: int) -> None:
    enqueue = getattr(render_task, "enqueue", None)
    if enqueue is not None:  # a Task: Django 6's default backend runs it at once
        enqueue(pk)
    else:
        render_article(pk)


def render_article(pk: int) -> int:
    """Render again what a save of article ``pk`` changed and was read before: its own page,
    then the first page of each list that shows it (every article's, its conditions', its
    supplement's), each for the hosts, schemes, languages and time zones it was read in; at most
    :data:`RENDER_ON_WRITE_MAX` renderings (the others wait for their first read). Drops the
    fragments of its old addresses. How many were rendered."""
    from .views import ArticleDetailView as Detail
    from .views import ArticleListView as Every
    from .views import ConditionArticlesView as OfCondition
    from .views import SupplementArticlesView as OfSupplement

    # Read where the save wrote: a replica may not show it yet, and these reads decide deletions.
    using = router.db_for_write(Article)
    article = (
        Article.objects.using(using).published().filter(pk=pk).select_related("supplement").first()
    )
    own = RenderedFragment.objects.using(using).filter(article_id=pk)
    if article is None:
        own.delete()  # no page to show: nothing to keep
        return 0
    places = ("host", "scheme", "language", "time_zone")
    # Its page where it was read, under this address or an old one (whose rows go).
    read_at = set(own.values_list(*places))
    own.exclude(page=versions.article(article.slug)).delete()
    # (view, URL name, keyword arguments, stored page name), the article's own page first.
    pages: list[tuple[type[View], str, dict[str, str], str]] = [
        (Detail, "article_detail", {"slug": article.slug},
         versions.article(article.slug)),
        (Every, "article_list", {},
         Every.stored_page_name(versions.ALL_ARTICLES, "1")),
    ]  # fmt: skip
    for slug in article.conditions.values_list("slug", flat=True):
        name = versions.condition(slug)
        pages.append((OfCondition, "condition_detail", {"slug": slug},
                      OfCondition.stored_page_name(name, "1")))  # fmt: skip
    if article.supplement is not None:
        name = versions.supplement(article.supplement.slug)
        pages.append((OfSupplement, "supplement_detail",
                      {"slug": article.supplement.slug},
                      OfSupplement.stored_page_name(name, "1")))  # fmt: skip
    lists = RenderedFragment.objects.using(using).filter(page__in=[name for *_, name in pages[1:]])
    where: dict[str, set[tuple[str, str, str, str]]] = {pages[0][3]: read_at}
    for page, *place in lists.values_list("page", *places):
        where.setdefault(page, set()).add(tuple(place))
    rendered = 0
    for view_class, url_name, kwargs, page in pages:
        for host, scheme, language, zone in sorted(where.get(page, ())):
            if rendered == RENDER_ON_WRITE_MAX:
                return rendered
            try:
                # What the save wrote, as its editor does (with the package's router listed).
                with reads_on_primary(), translation.override(language), timezone.override(zone):
                    path = reverse(f"supplements_cms:{url_name}", kwargs=kwargs)
                    request = reader_request(path, host, scheme, language)
                    response: Any = view_class.as_view()(request, **kwargs)
                    response.render()
                rendered += 1
            except Exception as error:  # a host no longer allowed, a template that fails
                logger.warning("%s was not rendered on write: %s", page, error)
    return rendered


def reader_request(path: str, host: str, scheme: str, language: str) -> HttpRequest:
    """A GET of ``path`` as an anonymous reader of ``host`` would send it, for rendering a page
    outside any request: a WSGI request, so that its host and scheme are read as a server's."""
    secure = scheme == "https"
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "HTTP_HOST": host,
            "SERVER_NAME": host.rsplit(":", 1)[0],
            "SERVER_PORT": "443" if secure else "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": scheme,
            "wsgi.input": io.BytesIO(),
        }
    )
    request.LANGUAGE_CODE = language
    return request


def render_task(pk: int) -> None:
    """:func:`render_article` as a task of Django's tasks framework (Django 6)."""
    render_article(pk)


try:
    from django.tasks import task as _task
except ImportError:  # Django 5.2: at once, after the commit
    pass
else:  # a worker finds the task by this module-level name
    render_task = _task(render_task)  # type: ignore[assignment]  # now a Task
