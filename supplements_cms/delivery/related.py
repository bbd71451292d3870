"""Choosing the related posts shown under an article.

The editor's picks come first, then the automatic choice: published articles ranked by
conditions shared, then the same supplement, then recency. The choice is ranked when articles
are saved (:func:`rank`, kept by :mod:`supplements_cms.delivery.upkeep` in
:class:`~supplements_cms.models.RelatedChoice`), so a page reads it in one indexed query, as a
column of the article's one-row load.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import router
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from .. import conf
from ..models import Article, ArticleCondition, Condition
from . import article_parts
from .db import compiled

# Rows stored per article beyond RELATED_POSTS: room for picks that are also chosen, for
# scheduled articles ranked above live ones, and for chosen articles that leave before the
# choice is ranked again.
STORED_EXTRA = 3
# The ranking considers the newest articles of each of the article's conditions (and of its
# supplement), not every article of the site: its cost grows with the article's conditions,
# not with the size of the site. An older article is chosen only if it is among these.
CANDIDATES_PER_TOPIC = 100


@dataclass(frozen=True)
class RelatedLink:
    """One entry of the list, whether an article or an external page."""

    title: str
    url: str
    conditions: list[Condition] = field(default_factory=list)
    is_external: bool = False


def stored_length() -> int:
    return max(conf.get("RELATED_POSTS"), 0) + STORED_EXTRA


def related_links(article: Article, limit: int | None = None) -> list[RelatedLink]:
    """The editor's picks first, in their order, then the stored automatic choice, up to
    ``limit`` (setting RELATED_POSTS).

    No query when :func:`article_parts.load` brought both; else one. Articles not live are
    left out, so a draft never leaks through a link and a scheduled one waits for its time.
    """
    limit = conf.get("RELATED_POSTS") if limit is None else limit
    if limit <= 0:
        return []
    loaded = article_parts.loaded(article)
    if loaded is not None and limit <= conf.get("RELATED_POSTS"):
        picks, chosen = loaded.picks[:limit], loaded.choices
    else:
        using = router.db_for_read(Article, instance=article)
        picks_rows, choice_rows = (
            json.loads(value) if isinstance(value, str) else value
            # No row: the article was deleted meanwhile, and links to nothing.
            for value in compiled(("related_rows",), _rows_query, using).fetch_one(article.pk)
            or (None, None)
        )
        picks = article_parts.picks_from(picks_rows, limit)
        chosen, _expires = article_parts.choices_from(choice_rows)
    links = [
        RelatedLink(p.article.title, p.article.get_absolute_url(), p.conditions)
        if p.article
        else RelatedLink(p.post.title, p.post.url, is_external=True)
        for p in picks
    ]
    exclude = {article.pk, *(p.article.pk for p in picks if p.article)}
    for similar in chosen:
        if len(links) >= limit:
            break
        if similar.pk not in exclude:
            links.append(
                RelatedLink(similar.title, similar.get_absolute_url(), similar.related_conditions)
            )
    return links


def _rows_query(article_id: int) -> QuerySet:
    return Article.objects.filter(pk=article_id).values_list(
        article_parts.pick_rows(), article_parts.choice_rows()
    )


def score(shared_conditions: int, same_supplement: bool) -> int:
    """The ranking's first key: conditions shared count twice the supplement."""
    return 2 * shared_conditions + int(same_supplement)


def rank(
    article_id: int,
    condition_ids: Iterable[int],
    supplement_id: int | None,
    limit: int,
    using: str | None = None,
) -> list[tuple[int, int]]:
    """The automatic choice for an article, best first, as ``(article id, score)``: published
    articles (scheduled ones too, shown when their time comes) sharing a condition or the
    supplement, among the newest CANDIDATES_PER_TOPIC of each topic.

    Run when articles are saved, never on a page view: one query per topic for its newest ids
    (each off its index), then one to rank those few hundred; on ``using``, the database the
    save wrote to.
    """
    condition_ids = list(condition_ids)
    if limit <= 0 or (not condition_ids and not supplement_id):
        return []
    published = (
        Article.objects.using(using).filter(status=Article.Status.PUBLISHED).exclude(pk=article_id)
    )
    windows = [
        ArticleCondition.objects.using(using)
        .filter(tag_id=c, is_published=True)
        .exclude(content_object_id=article_id)
        .order_by("-published_at", "-content_object_id")
        .values_list("content_object_id", flat=True)[:CANDIDATES_PER_TOPIC]
        for c in condition_ids
    ]
    if supplement_id:
        windows.append(
            published.filter(supplement_id=supplement_id)
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)[:CANDIDATES_PER_TOPIC]
        )
    candidates = {pk for window in windows for pk in window}
    same_supplement: Case | Value = Value(0)
    if supplement_id:
        same_supplement = Case(
            When(supplement_id=supplement_id, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    shares = Q(condition_links__tag_id__in=condition_ids)
    rows = (
        published.filter(pk__in=candidates)
        .annotate(shared=Count("condition_links", filter=shares), same=same_supplement)
        .annotate(rank_score=F("shared") * 2 + F("same"))
        .order_by("-rank_score", "-published_at", "-pk")
        .values_list("pk", "rank_score")[:limit]
    )
    return list(rows)
