"""Previous and next article within a condition, for readers who want more on the same subject."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Subquery

from .models import Article, Condition


@dataclass(frozen=True)
class Neighbours:
    condition: Condition
    previous: Article | None
    next: Article | None


def neighbours(article: Article) -> Neighbours | None:
    """The published articles just older and just newer than ``article`` in its first condition.

    One query, using the article's prefetched conditions. ``None`` for an
    article without conditions or not yet published (a preview has no place in the sequence).
    """
    conditions = sorted(article.conditions.all(), key=lambda c: c.name.casefold())
    if not conditions or article.published_at is None:
        return None
    condition = conditions[0]
    when, pk = article.published_at, article.pk
    same = (
        Article.objects.published()
        .filter(condition_links__tag=condition)
        .only("pk", "title", "slug", "published_at")
    )
    # The plain bound on published_at lets the database start its index scan at the article,
    # rather than at one end of the condition, reading every article in between.
    older = (
        same.filter(published_at__lte=when)
        .filter(Q(published_at__lt=when) | Q(pk__lt=pk))
        .order_by("-published_at", "-pk")[:1]
    )
    newer = (
        same.filter(published_at__gte=when)
        .filter(Q(published_at__gt=when) | Q(pk__gt=pk))
        .order_by("published_at", "pk")[:1]
    )
    # Two scalar subqueries in one query: a UNION of sliced querysets is refused by SQLite.
    found = list(
        Article.objects.filter(
            Q(pk=Subquery(older.values("pk"))) | Q(pk=Subquery(newer.values("pk")))
        ).only("pk", "title", "slug", "published_at")
    )
    previous = next((a for a in found if (a.published_at, a.pk) < (when, pk)), None)
    following = next((a for a in found if (a.published_at, a.pk) > (when, pk)), None)
    if previous is None and following is None:
        return None
    return Neighbours(condition, previous, following)
