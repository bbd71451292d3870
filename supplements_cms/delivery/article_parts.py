"""What the article page shows from tables other than the article's, read in one query.

:func:`load` fetches the conditions, benefits, references, the editor's related picks (with their
articles' conditions), the stored automatic related choice, the previous and next article in each of
its conditions and the call to action as JSON columns of a single row (see
:mod:`supplements_cms.delivery.db`). The first three land where ``article.<relation>.all()`` looks,
so templates need no change; the picks and the call to action are read back through
:func:`loaded` by :func:`supplements_cms.delivery.related.related_links` and the
``call_to_action`` template tag, which query for themselves when nothing was loaded (a host
site's template using the tags on an article it fetched itself).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db import router
from django.db.models import Model, OuterRef, Q, QuerySet
from django.utils import timezone

from .. import conf
from ..models import (
    Article,
    ArticleCondition,
    Benefit,
    CallToAction,
    Condition,
    Reference,
    RelatedChoice,
    RelatedPost,
)
from .db import JSONRows, cache_relation, compiled, instances


def every_field(model: type[Model]) -> dict[str, str]:
    """All of ``model``'s columns: an overridden template may show any of them."""
    return {f.attname: f.attname for f in model._meta.concrete_fields}


@dataclass(frozen=True)
class RelatedPick:
    """One of the editor's related posts: ``article`` (with ``conditions``) or an external link."""

    post: RelatedPost
    article: Article | None
    conditions: list[Condition]


@dataclass(frozen=True)
class Neighbours:
    """The live articles just older and just newer than an article in one of its conditions."""

    condition: Condition
    previous: Article | None
    next: Article | None


@dataclass(frozen=True)
class _Loaded:
    picks: list[RelatedPick]
    call_to_action: CallToAction | None
    choices: list[Article] = field(default_factory=list)
    neighbours: Neighbours | None = None
    # When a scheduled article this page would show goes live: the page changes then, no save.
    expires: datetime | None = None


def condition_rows(article_ref: str = "pk") -> JSONRows:
    """The conditions of the article at ``OuterRef(article_ref)``."""
    return JSONRows(
        Condition.objects.filter(article_links__content_object=OuterRef(article_ref)),
        every_field(Condition),
    )


def conditions_from(rows: list[dict] | None) -> list[Condition]:
    """Conditions from :func:`condition_rows`, in reading order (by name, whatever the case)."""
    return sorted(instances(Condition, rows), key=lambda c: (c.name.casefold(), c.name))


def pick_rows(article_ref: str = "pk") -> JSONRows:
    """The editor's related posts of the article at ``OuterRef(article_ref)``; a picked article
    that is not published is left out, so a draft never leaks through a link."""
    # Whether a picked article's time has come, and the limit, are applied in picks_from: the SQL
    # then does not change with the clock (load() compiles it once), and a scheduled pick does
    # not take the place of a live one. An article has a handful of picks, not hundreds.
    picks = RelatedPost.objects.filter(article=OuterRef(article_ref)).filter(
        Q(target__isnull=True) | Q(target__status=Article.Status.PUBLISHED)
    )
    return JSONRows(
        picks,
        {
            "id": "id",
            "title": "title",
            "url": "url",
            "position": "position",
            "target_id": "target_id",
            "target_title": "target__title",
            "target_slug": "target__slug",
            "target_published_at": "target__published_at",
            "target_conditions": condition_rows("target_id"),
        },
    )


def picks_from(rows: list[dict] | None, limit: int) -> list[RelatedPick]:
    """The first ``limit`` picks from :func:`pick_rows`, in the editor's order, without articles
    not yet live."""
    result: list[RelatedPick] = []
    for row in sorted(rows or (), key=lambda r: (r["position"], r["id"])):
        if len(result) >= limit:
            break
        (post,) = instances(RelatedPost, [{k: row[k] for k in ("id", "title", "url", "position")}])
        article = None
        if row["target_id"] is not None:
            post.target_id = row["target_id"]
            target = {
                "id": row["target_id"],
                "title": row["target_title"],
                "slug": row["target_slug"],
                "status": Article.Status.PUBLISHED,
                "published_at": row["target_published_at"],
            }
            (article,) = instances(Article, [target])
            if not article.is_live:
                continue
        result.append(RelatedPick(post, article, conditions_from(row["target_conditions"])))
    return result


def call_to_action_rows() -> JSONRows:
    """The candidate calls to action, with their rank, of the article at ``OuterRef("pk")``;
    :func:`best_call_to_action` picks the one :meth:`CallToActionQuerySet.for_article` would."""
    conditions = Condition.objects.filter(
        article_links__content_object=OuterRef(OuterRef("pk"))
    ).values("pk")
    # Unordered and unlimited: SQLite cannot resolve the outer article's columns in the ORDER BY
    # of a subquery in FROM. The candidates are few (the defaults and those of its conditions).
    ranked = CallToAction.objects.ranked_for(OuterRef("call_to_action_id"), conditions).order_by()
    return JSONRows(ranked, {**every_field(CallToAction), "rank": "rank"})


def best_call_to_action(rows: list[dict] | None) -> CallToAction | None:
    """The candidate of :func:`call_to_action_rows` ranked first, the lowest id on a tie."""
    candidates = instances(CallToAction, rows)
    return min(candidates, key=lambda cta: (cta.rank, cta.pk), default=None)


def choice_rows(article_ref: str = "pk") -> JSONRows:
    """The stored automatic related choice of the article at ``OuterRef(article_ref)``, scheduled
    articles included: whether their time has come is decided in :func:`choices_from`, so the
    SQL does not change with the clock."""
    return JSONRows(
        RelatedChoice.objects.filter(article=OuterRef(article_ref)),
        {
            "position": "position",
            "id": "related_id",
            "title": "related__title",
            "slug": "related__slug",
            "status": "related__status",
            "published_at": "related__published_at",
            "conditions": condition_rows("related_id"),
        },
    )


def choices_from(rows: list[dict] | None) -> tuple[list[Article], datetime | None]:
    """The live articles of :func:`choice_rows` in rank order, each with ``conditions``; and the
    first time a scheduled one among them goes live."""
    now, chosen, expires = timezone.now(), [], None
    for row in sorted(rows or (), key=lambda r: r["position"]):
        (article,) = instances(
            Article, [{k: row[k] for k in ("id", "title", "slug", "status", "published_at")}]
        )
        if not article.is_published:
            continue
        if article.published_at > now:
            expires = min(expires or article.published_at, article.published_at)
            continue
        article.related_conditions = conditions_from(row["conditions"])
        chosen.append(article)
    return chosen, expires


def _next_to(newer: bool) -> JSONRows:
    """The article just newer (or older) than the outer article in the condition of the
    ArticleCondition row at ``OuterRef``, read off the ``scms_condition_recent`` index."""
    when, pk = OuterRef(OuterRef("published_at")), OuterRef(OuterRef("pk"))
    same = ArticleCondition.objects.filter(tag=OuterRef("tag_id"), is_published=True)
    if newer:
        # The plain bound lets the index scan start at the article, not at one end.
        side = same.filter(published_at__gte=when).filter(
            Q(published_at__gt=when) | Q(content_object_id__gt=pk)
        )
        side = side.order_by("published_at", "content_object_id")
    else:
        side = same.filter(published_at__lte=when).filter(
            Q(published_at__lt=when) | Q(content_object_id__lt=pk)
        )
        side = side.order_by("-published_at", "-content_object_id")
    return JSONRows(
        side,
        {
            "id": "content_object_id",
            "title": "content_object__title",
            "slug": "content_object__slug",
            "published_at": "published_at",
        },
        limit=1,
    )


def neighbour_rows() -> JSONRows:
    """For each condition of the article at ``OuterRef("pk")``: the published articles just older
    and just newer in it (the newer one may be scheduled: see :func:`neighbours_from`)."""
    return JSONRows(
        ArticleCondition.objects.filter(content_object=OuterRef("pk")),
        {"tag_id": "tag_id", "older": _next_to(False), "newer": _next_to(True)},
    )


def neighbours_from(
    article: Article, conditions: list[Condition], rows: list[dict] | None
) -> tuple[Neighbours | None, datetime | None]:
    """Previous and next in the article's first condition (by name), and when a scheduled next
    article goes live. Live articles come before scheduled ones in time, so the next published
    article is the next live one, or, if scheduled, there is none yet."""
    if not conditions or not article.is_published or article.published_at is None:
        return None, None
    first = conditions[0]
    row = next((r for r in rows or () if r["tag_id"] == first.pk), None)
    if row is None:
        return None, None
    fields = ("id", "title", "slug", "published_at")
    previous = next(
        iter(instances(Article, [{k: r[k] for k in fields} for r in row["older"]])), None
    )
    following = next(
        iter(instances(Article, [{k: r[k] for k in fields} for r in row["newer"]])), None
    )
    expires = None
    if following is not None and following.published_at > timezone.now():
        expires, following = following.published_at, None
    if previous is None and following is None:
        return None, expires
    return Neighbours(first, previous, following), expires


def _parts_query(article_id: int) -> QuerySet:
    return Article.objects.filter(pk=article_id).values_list(
        condition_rows(),
        JSONRows(Benefit.objects.filter(article=OuterRef("pk")), every_field(Benefit)),
        JSONRows(Reference.objects.filter(article=OuterRef("pk")), every_field(Reference)),
        pick_rows(),
        call_to_action_rows(),
        choice_rows(),
        neighbour_rows(),
    )


def load(article: Article) -> None:
    """Fetch everything the page shows besides ``article``'s own row, in one query."""
    using = router.db_for_read(Article, instance=article)
    row = compiled(("article_parts",), _parts_query, using).fetch_one(article.pk)
    if row is None:
        raise Article.DoesNotExist(article.pk)
    conditions, benefits, references, picks, cta, choices, neighbours = (
        json.loads(value) if isinstance(value, str) else value for value in row
    )
    conditions = conditions_from(conditions)
    cache_relation(article, "conditions", conditions)
    order = lambda part: (part.position, part.pk)  # noqa: E731 - the models' own ordering
    cache_relation(article, "benefits", sorted(instances(Benefit, benefits), key=order))
    cache_relation(article, "references", sorted(instances(Reference, references), key=order))
    limit = max(conf.get("RELATED_POSTS"), 0)
    chosen, choices_expire = choices_from(choices)
    nearby, nearby_expires = neighbours_from(article, conditions, neighbours)
    expiries = [t for t in (choices_expire, nearby_expires, _first_scheduled(picks)) if t]
    article._scms_loaded = _Loaded(
        picks_from(picks, limit),
        best_call_to_action(cta),
        chosen,
        nearby,
        min(expiries, default=None),
    )


def _first_scheduled(pick_rows: list[dict] | None) -> datetime | None:
    """When the first of the editor's scheduled picks goes live (the page changes then)."""
    (now, times) = timezone.now(), []
    for row in pick_rows or ():
        if row["target_id"] is not None and row["target_published_at"]:
            (article,) = instances(
                Article, [{"id": row["target_id"], "published_at": row["target_published_at"]}]
            )
            if article.published_at > now:
                times.append(article.published_at)
    return min(times, default=None)


def load_unsaved(article: Article) -> None:
    """For an article not stored yet (a preview of the add form): no editor's picks to read,
    and the call to action its own fields and conditions choose."""
    article._scms_loaded = _Loaded([], CallToAction.objects.for_article(article))


def loaded(article: Article) -> _Loaded | None:
    return getattr(article, "_scms_loaded", None)
