"""What the article page shows from tables other than the article's, read in one query.

:func:`load` fetches the conditions, benefits, references, the editor's related picks (with their
articles' conditions) and the call to action as JSON columns of a single row (see
:mod:`supplements_cms.db`). The first three land where ``article.<relation>.all()`` looks, so
templates need no change; the picks and the call to action are read back through :func:`loaded`
by :func:`supplements_cms.related.related_links` and the ``call_to_action`` template tag, which
query for themselves when nothing was loaded (a host site's template using the tags on an article
it fetched itself).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import router
from django.db.models import Model, OuterRef, Q, QuerySet

from . import conf
from .db import JSONRows, cache_relation, compiled, instances
from .models import Article, Benefit, CallToAction, Condition, Reference, RelatedPost


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
class _Loaded:
    picks: list[RelatedPick]
    call_to_action: CallToAction | None


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
    result = []
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


def _parts_query(article_id: int) -> QuerySet:
    return Article.objects.filter(pk=article_id).values_list(
        condition_rows(),
        JSONRows(Benefit.objects.filter(article=OuterRef("pk")), every_field(Benefit)),
        JSONRows(Reference.objects.filter(article=OuterRef("pk")), every_field(Reference)),
        pick_rows(),
        call_to_action_rows(),
    )


def load(article: Article) -> None:
    """Fetch everything the page shows besides ``article``'s own row, in one query."""
    using = router.db_for_read(Article, instance=article)
    row = compiled(("article_parts",), _parts_query, using).fetch_one(article.pk)
    if row is None:
        raise Article.DoesNotExist(article.pk)
    conditions, benefits, references, picks, cta = (
        json.loads(value) if isinstance(value, str) else value for value in row
    )
    cache_relation(article, "conditions", conditions_from(conditions))
    order = lambda part: (part.position, part.pk)  # noqa: E731 - the models' own ordering
    cache_relation(article, "benefits", sorted(instances(Benefit, benefits), key=order))
    cache_relation(article, "references", sorted(instances(Reference, references), key=order))
    limit = max(conf.get("RELATED_POSTS"), 0)
    article._scms_loaded = _Loaded(picks_from(picks, limit), best_call_to_action(cta))


def load_unsaved(article: Article) -> None:
    """For an article not stored yet (a preview of the add form): no editor's picks to read,
    and the call to action its own fields and conditions choose."""
    article._scms_loaded = _Loaded([], CallToAction.objects.for_article(article))


def loaded(article: Article) -> _Loaded | None:
    return getattr(article, "_scms_loaded", None)
