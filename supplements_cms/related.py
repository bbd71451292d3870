"""Choosing the related posts shown under an article."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When

from . import article_parts, conf
from .models import Article, Condition


@dataclass(frozen=True)
class RelatedLink:
    """One entry of the list, whether an article or an external page."""

    title: str
    url: str
    conditions: list[Condition] = field(default_factory=list)
    is_external: bool = False


def related_links(article: Article, limit: int | None = None) -> list[RelatedLink]:
    """The editor's picks first, in their order, then published articles ranked by shared
    conditions, then the same supplement, then recency, up to ``limit`` (setting RELATED_POSTS).

    Two queries whatever the numbers, each bringing its articles' conditions along: the picks
    (none when :func:`article_parts.load` brought them already) and the automatic choice.
    Picked articles that are not published are left out, so a draft never leaks through a link.
    """
    limit = conf.get("RELATED_POSTS") if limit is None else limit
    if limit <= 0:
        return []
    loaded = article_parts.loaded(article)
    if loaded is not None and limit <= conf.get("RELATED_POSTS"):
        picks = loaded.picks[:limit]
    else:
        (rows,) = Article.objects.filter(pk=article.pk).values_list(article_parts.pick_rows()).get()
        picks = article_parts.picks_from(rows, limit)
    links = [
        RelatedLink(p.article.title, p.article.get_absolute_url(), p.conditions)
        if p.article
        else RelatedLink(p.post.title, p.post.url, is_external=True)
        for p in picks
    ]
    room = limit - len(links)
    if room > 0:
        exclude = {article.pk, *(p.article.pk for p in picks if p.article)}
        for similar in _similar_articles(article, exclude, room):
            conditions = article_parts.conditions_from(similar.condition_rows)
            links.append(RelatedLink(similar.title, similar.get_absolute_url(), conditions))
    return links


# The automatic choice ranks the newest articles of each of the article's conditions (and of its
# supplement), not every article of the site: its cost then grows with the article's conditions,
# not with the size of the site. An older article is chosen only if it is among these.
CANDIDATES_PER_TOPIC = 100


def _similar_articles(article: Article, exclude: set[int], limit: int) -> list[Article]:
    condition_ids = [c.pk for c in article.conditions.all()]  # prefetched by the detail view
    if not condition_ids and not article.supplement_id:
        return []
    published = Article.objects.published().exclude(pk=article.pk).order_by("-published_at", "-pk")

    topics = [{"condition_links__tag_id": c} for c in condition_ids]
    if article.supplement_id:
        topics.append({"supplement_id": article.supplement_id})
    windows = [published.filter(**t).values("pk")[:CANDIDATES_PER_TOPIC] for t in topics]
    if connection.vendor == "postgresql":
        # One candidate list, each topic's newest rows read off the index: PostgreSQL otherwise
        # checks every published row against an OR of the subqueries.
        union = windows[0].union(*windows[1:], all=True) if len(windows) > 1 else windows[0]
        candidates = Q(pk__in=union)
    else:
        # SQLite refuses a LIMIT inside a UNION, and is fast with the OR of subqueries.
        candidates = Q()
        for window in windows:
            candidates |= Q(pk__in=window)
    same_supplement: Case | Value = Value(0)
    if article.supplement_id:
        same_supplement = Case(
            When(supplement_id=article.supplement_id, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    shares = Q(condition_links__tag_id__in=condition_ids)
    return list(
        Article.objects.published()
        .only("pk", "title", "slug", "published_at")
        .filter(candidates)
        .exclude(pk__in=exclude)
        .annotate(
            shared=Count("condition_links", filter=shares),
            same_supplement=same_supplement,
            condition_rows=article_parts.condition_rows(),
        )
        .order_by("-shared", "-same_supplement", "-published_at", "-pk")[:limit]
    )
