"""When an article's medical review is due: from the real sign-offs
(:mod:`supplements_cms.editorial.review`), never from a date someone typed."""

from __future__ import annotations

import calendar
import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .. import conf

# Articles examined at most by :func:`changed_since_review` (each costs a digest of its text).
CHANGED_SCAN_LIMIT = 5000


def review_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The oldest review date still current: ``REVIEW_MAX_AGE_MONTHS`` before ``today``."""
    today = today or timezone.localdate()
    months = conf.get("REVIEW_MAX_AGE_MONTHS")
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    # The 31st of a shorter month is its last day.
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def signed_before(cutoff: datetime.date) -> datetime.datetime:
    """The first moment of ``cutoff`` in the site's time zone: sign-offs before it are due."""
    return timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))


def due_for_review(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Articles no reviewer signed off, or signed off before the cutoff, oldest first."""
    return queryset.filter(
        Q(sign_off__isnull=True) | Q(sign_off__decided_at__lt=signed_before(review_cutoff(today)))
    ).order_by(F("sign_off__decided_at").asc(nulls_first=True), "title")


def changed_since_review(queryset: QuerySet) -> list:
    """Articles with a sign-off whose text changed since: saved after it, and their reviewed
    text's digest differs (at most :data:`CHANGED_SCAN_LIMIT` saved since are examined)."""
    from .review import is_current

    candidates = (
        # Saved after the sign-off (an article without one compares with NULL: never).
        queryset.filter(updated_at__gt=F("sign_off__decided_at"))
        .select_related("sign_off__reviewer")
        .prefetch_related("benefits", "references")
        .order_by("pk")[:CHANGED_SCAN_LIMIT]
    )
    return [article for article in candidates if not is_current(article)]
