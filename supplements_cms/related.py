"""Choosing the related posts shown under an article."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When

from . import conf
from .models import Article, ArticleCondition, Condition, RelatedPost


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

    Three queries whatever the numbers: picks, automatic choice, conditions of the chosen articles.
    Picked articles that are not published are left out, so a draft never leaks through a link.
    """
    limit = conf.get("RELATED_POSTS") if limit is None else limit
    if limit <= 0:
        return []
    picks = list(
        RelatedPost.objects.filter(article=article)
        .filter(Q(target__isnull=True) | Q(target__in=Article.objects.published()))
        .select_related("target")
        .order_by("position", "pk")[:limit]
    )
    chosen: list[Article | RelatedPost] = [p.target if p.target_id else p for p in picks]
    room = limit - len(chosen)
    if room > 0:
        exclude = {article.pk, *(p.target_id for p in picks if p.target_id)}
        chosen.extend(_similar_articles(article, exclude, room))

    articles = [a for a in chosen if isinstance(a, Article)]
    conditions_by_article: dict[int, list[Condition]] = {a.pk: [] for a in articles}
    for link in ArticleCondition.objects.filter(content_object__in=articles).select_related("tag"):
        conditions_by_article[link.content_object_id].append(link.tag)
    links = []
    for item in chosen:
        if isinstance(item, Article):
            conds = sorted(conditions_by_article[item.pk], key=lambda c: c.name.lower())
            links.append(RelatedLink(item.title, item.get_absolute_url(), conds))
        else:
            links.append(RelatedLink(item.title, item.url, is_external=True))
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
        .filter(candidates)
        .exclude(pk__in=exclude)
        .annotate(
            shared=Count("condition_links", filter=shares),
            same_supplement=same_supplement,
        )
        .order_by("-shared", "-same_supplement", "-published_at", "-pk")[:limit]
    )
