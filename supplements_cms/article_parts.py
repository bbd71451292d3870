"""What the article page shows from tables other than the article's, read in one query.

:func:`load` fetches the conditions, benefits, references, the editor's related picks (with their
articles' conditions) and the call to action as JSON columns of a single row (see
:mod:`supplements_cms.db`). The first three land where ``article.<relation>.all()`` looks, so
templates need no change; the picks and the call to action are read back by
:func:`related_picks` and :func:`call_to_action`, which query for themselves when nothing was
loaded (a host site's template using the tags on an article it fetched itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, OuterRef, Q

from . import conf
from .db import JSONRows, cache_relation, instances
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


_MISSING = _Loaded([], None)


def condition_rows(article_ref: str = "pk") -> JSONRows:
    """The conditions of the article at ``OuterRef(article_ref)``."""
    return JSONRows(
        Condition.objects.filter(article_links__content_object=OuterRef(article_ref)),
        every_field(Condition),
    )


def conditions_from(rows: list[dict] | None) -> list[Condition]:
    """Conditions from :func:`condition_rows`, in reading order (by name, whatever the case)."""
    return sorted(instances(Condition, rows), key=lambda c: (c.name.casefold(), c.name))


def pick_rows(limit: int, article_ref: str = "pk") -> JSONRows:
    """The editor's related posts of the article at ``OuterRef(article_ref)``; a picked article
    that is not published is left out, so a draft never leaks through a link."""
    picks = (
        RelatedPost.objects.filter(article=OuterRef(article_ref))
        .filter(Q(target__isnull=True) | Q(target__in=Article.objects.published()))
        .order_by("position", "pk")[:limit]
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
            "target_conditions": condition_rows("target_id"),
        },
    )


def picks_from(rows: list[dict] | None) -> list[RelatedPick]:
    """Picks from :func:`pick_rows`, in the editor's order."""
    result = []
    for row in sorted(rows or (), key=lambda r: (r["position"], r["id"])):
        (post,) = instances(RelatedPost, [{k: row[k] for k in ("id", "title", "url", "position")}])
        article = None
        if row["target_id"] is not None:
            post.target_id = row["target_id"]
            target = {"id": row["target_id"], "title": row["target_title"]}
            (article,) = instances(Article, [{**target, "slug": row["target_slug"]}])
        result.append(RelatedPick(post, article, conditions_from(row["target_conditions"])))
    return result


def call_to_action_rows(article: Article) -> JSONRows:
    """At most one row: the call to action :meth:`CallToActionQuerySet.for_article` would choose."""
    conditions = Condition.objects.filter(article_links__content_object=article.pk).values("pk")
    ranked = CallToAction.objects.ranked_for(article, conditions)[:1]
    return JSONRows(ranked, every_field(CallToAction))


def load(article: Article) -> None:
    """Fetch everything the page shows besides ``article``'s own row, in one query."""
    limit = max(conf.get("RELATED_POSTS"), 0)
    conditions, benefits, references, picks, cta = (
        Article.objects.filter(pk=article.pk)
        .values_list(
            condition_rows(),
            JSONRows(Benefit.objects.filter(article=OuterRef("pk")), every_field(Benefit)),
            JSONRows(Reference.objects.filter(article=OuterRef("pk")), every_field(Reference)),
            pick_rows(limit),
            call_to_action_rows(article),
        )
        .get()
    )
    cache_relation(article, "conditions", conditions_from(conditions))
    order = lambda part: (part.position, part.pk)  # noqa: E731 - the models' own ordering
    cache_relation(article, "benefits", sorted(instances(Benefit, benefits), key=order))
    cache_relation(article, "references", sorted(instances(Reference, references), key=order))
    ctas = instances(CallToAction, cta)
    article._scms_loaded = _Loaded(picks_from(picks), ctas[0] if ctas else None)


def loaded(article: Article) -> _Loaded | None:
    return getattr(article, "_scms_loaded", None)
