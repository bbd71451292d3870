"""Previous and next article within a condition, for readers who want more on the same subject."""

from __future__ import annotations

from ..models import Article
from . import article_parts
from .article_parts import Neighbours

__all__ = ["Neighbours", "neighbours"]


def neighbours(article: Article) -> Neighbours | None:
    """The published articles just older and just newer than ``article`` in its first condition
    (by name), read off the condition's publication index.

    No query when :func:`article_parts.load` brought them; else one. ``None`` for an article
    without conditions or not yet published (a preview has no place in the sequence).
    """
    loaded = article_parts.loaded(article)
    if loaded is not None:
        return loaded.neighbours
    conditions = sorted(article.conditions.all(), key=lambda c: (c.name.casefold(), c.name))
    if not conditions or not article.is_published or article.published_at is None:
        return None
    (rows,) = (
        Article.objects.filter(pk=article.pk).values_list(article_parts.neighbour_rows()).get()
    )
    found, _expires = article_parts.neighbours_from(article, conditions, rows)
    return found
