"""Pagination whose deep pages cost about what the first one does."""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class IdFirstPaginator(Paginator):
    """Find a page's primary keys first, then load only those rows.

    ``OFFSET`` still skips the rows before the page, but over the ordering index alone (an
    index-only scan on PostgreSQL, a covering index on SQLite) instead of over whole article
    rows with their text; the page's own rows then come by primary key, prefetches included.

    ``count``, when given, is the list's size as its owner keeps it (so the paginator never
    counts the archive); ``ids``, the list's primary keys in order, read off the narrowest index
    (a condition's own, say); ``rows``, what loads a page's rows by primary key alone, without
    the list's filters and order (with them, SQLite may walk the list's index to find ten rows).
    """

    def __init__(
        self,
        *args: Any,
        count: int | None = None,
        ids: QuerySet | None = None,
        rows: QuerySet | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.known_count, self.ids, self.rows = count, ids, rows

    @cached_property
    def count(self) -> int:
        return super().count if self.known_count is None else self.known_count

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        objects = cast("QuerySet[Any]", self.object_list)
        every_id = self.ids if self.ids is not None else objects.values_list("pk", flat=True)
        ids = list(every_id[bottom:top])
        source = objects if self.rows is None else self.rows
        rows = {obj.pk: obj for obj in source.filter(pk__in=ids).order_by()}
        # Paginator._get_page is Django's documented hook for a Page subclass; not in the stubs.
        get_page = self._get_page  # type: ignore[attr-defined]
        return get_page([rows[pk] for pk in ids if pk in rows], number, self)
