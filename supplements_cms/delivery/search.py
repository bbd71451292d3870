"""Searching published articles: PostgreSQL full-text search where available, else a fallback.

On PostgreSQL the title weighs most, then the summary, then the text, and results are ranked; words
are stemmed in the site's language (:func:`supplements_cms.delivery.languages.search_config`), and a
GIN index over the same expression keeps it fast: the migrations create it, and ``manage.py
search_index`` makes it anew when the configuration changes (``W004`` says when). Elsewhere every
word must appear somewhere, and title matches come first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import connection, connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .languages import search_config

if TYPE_CHECKING:
    from ..models import Article

# A query is cut to this many characters and words: enough for any real question, and a
# pasted page of text costs no more than a sentence.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
INDEX_NAME = "scms_article_search"
_TERM = re.compile(r"\w+")
# How PostgreSQL writes the configuration in an index's definition: to_tsvector('german'::regconfig
_INDEX_CONFIG = re.compile(r"to_tsvector\('([^']+)'::regconfig")


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased and de-duplicated; punctuation alone gives none."""
    seen: dict[str, None] = {}
    for word in _TERM.findall(query[:MAX_QUERY_LENGTH].lower()):
        seen.setdefault(word)
    return list(seen)[:MAX_TERMS]


def search_vector(config: str):
    """The weighted document, built the same way for the index and for every query: the index
    serves a query only when both use the same ``config``."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("intro", "body", "conclusion", weight="C", config=config)
    )


def index_config(using: str = "default") -> str | None:
    """The configuration the search index of database ``using`` was built with; ``None`` when
    there is no index (or the database is not PostgreSQL)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname = %s",
            [INDEX_NAME],
        )
        row = cursor.fetchone()
    match = _INDEX_CONFIG.search(row[0]) if row else None
    return match.group(1) if match else None


def rebuild_index(using: str = "default") -> str:
    """Make the search index of database ``using`` anew with the configured configuration, and
    return that configuration. Writes to articles wait while it is built."""
    from django.contrib.postgres.indexes import GinIndex

    from ..models import Article

    config = search_config()
    with connections[using].schema_editor() as editor:
        editor.execute(f"DROP INDEX IF EXISTS {editor.quote_name(INDEX_NAME)}")
        editor.add_index(Article, GinIndex(search_vector(config), name=INDEX_NAME))
    return config


def search(queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    """Articles matching every word of ``query``, best first; none for an empty query."""
    words = terms(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _full_text(queryset, words)
    return _fallback(queryset, words)


def _full_text(queryset: QuerySet[Article], words: list[str]) -> QuerySet[Article]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    config = search_config()
    query = SearchQuery(" ".join(words), search_type="plain", config=config)
    return (
        queryset.annotate(document=search_vector(config))
        .filter(document=query)
        .annotate(rank=SearchRank(search_vector(config), query))
        .order_by("-rank", "-published_at", "-pk")
    )


def _fallback(queryset: QuerySet[Article], words: list[str]) -> QuerySet[Article]:
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(intro__icontains=word)
            | Q(body__icontains=word)
            | Q(conclusion__icontains=word)
        )
    in_title = Q()
    for word in words:
        in_title &= Q(title__icontains=word)
    in_summary = Q()
    for word in words:
        in_summary &= Q(summary__icontains=word)
    rank = Case(
        When(in_title, then=Value(3)),
        When(in_summary, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.annotate(rank=rank).order_by("-rank", "-published_at", "-pk")


def excerpt(text: str, words: list[str], length: int = 30) -> SafeString:
    """About ``length`` words of the plain ``text`` around the first match, escaped, with the
    matches in ``<mark>``."""
    tokens = text.split()
    if not tokens:
        return mark_safe("")
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    first = next((i for i, token in enumerate(tokens) if pattern and pattern.search(token)), 0)
    start = max(0, first - length // 3)
    chosen = " ".join(tokens[start : start + length])
    # Split on the matches first and escape each piece, so a mark never lands inside an entity.
    pieces = pattern.split(chosen) if pattern else [chosen]
    matches = pattern.findall(chosen) if pattern else []
    out = escape(pieces[0]) + "".join(
        f"<mark>{escape(match)}</mark>{escape(piece)}"
        for match, piece in zip(matches, pieces[1:], strict=True)
    )
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(tokens) else ""
    return mark_safe(f"{prefix}{out}{suffix}")  # every piece escaped above
