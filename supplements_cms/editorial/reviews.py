"""When an article's medical review is due."""

from __future__ import annotations

import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .. import conf


def review_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The oldest review date still current: ``REVIEW_MAX_AGE_MONTHS`` before ``today``."""
    today = today or timezone.localdate()
    months = conf.get("REVIEW_MAX_AGE_MONTHS")
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    # The 31st of a shorter month is its last day.
    for day in range(today.day, 27, -1):
        try:
            return today.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return today.replace(year=year, month=month, day=min(today.day, 28))


def due_for_review(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Articles never reviewed, or last reviewed before the cutoff, oldest first."""
    return queryset.filter(
        Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=review_cutoff(today))
    ).order_by(F("last_reviewed").asc(nulls_first=True), "title")
