"""Pagination whose deep pages cost about what the first one does."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


class IdFirstPaginator(Paginator):
    """Find a page's primary keys first, then load only those rows.

    ``OFFSET`` still skips the rows before the page, but over the ordering index alone (an
    index-only scan on PostgreSQL, a covering index on SQLite) instead of over whole article
    rows with their text; the page's own rows then come by primary key, prefetches included.
    """

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
