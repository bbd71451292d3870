"""Template tags of the admin's medical review: the index's "Waiting for review" panel and the
comments beside each part of the article form."""

from __future__ import annotations

from typing import Any

from django import template

from ..editorial.primary import reads_on_primary
from ..editorial.review import waiting_for
from ..models import ReviewRequest

register = template.Library()

# Articles the index's panel lists at most; the list's "Waiting for my review" filter has all.
PANEL_ROWS = 10


@register.filter
def comments_of(comments: dict[int, list], index: int) -> list:
    """The review comments shown beside the form's part number ``index``."""
    return (comments or {}).get(index, [])


@register.inclusion_tag("admin/supplements_cms/review_panel.html", takes_context=True)
def waiting_for_review(context: dict[str, Any]) -> dict[str, Any]:
    """The articles waiting for the signed-in reviewer, oldest submission first."""
    request = context.get("request")
    user = getattr(request, "user", None)
    with reads_on_primary():  # the admin's index, which is not the package's view
        articles = waiting_for(user)
        requests = (
            ReviewRequest.objects.waiting()
            .filter(article__in=articles)
            .select_related("article", "submitted_by")
            .order_by("submitted_at", "pk")
        )
        rows = list(requests[: PANEL_ROWS + 1])
    return {
        "shown": _is_reviewer(user),
        "rows": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
    }


def _is_reviewer(user) -> bool:
    from ..editorial.policy import can_review

    return user is not None and user.is_authenticated and can_review(user)
