"""Filters of the article list: medical review, condition, and the editor's own articles."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import conf
from ..models import Condition
from ..reviews import review_cutoff


class ReviewListFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        months = conf.get("REVIEW_MAX_AGE_MONTHS")
        return [
            (
                "current",
                ngettext(
                    "Reviewed in the last month",
                    "Reviewed in the last %(n)s months",
                    months,
                )
                % {"n": months},
            ),
            (
                "due",
                ngettext(
                    "Review due (older than a month)",
                    "Review due (older than %(n)s months)",
                    months,
                )
                % {"n": months},
            ),
            ("never", _("Never reviewed")),
        ]

    def queryset(self, request, queryset):
        cutoff = review_cutoff()
        if self.value() == "current":
            return queryset.filter(last_reviewed__gte=cutoff)
        if self.value() == "due":
            return queryset.filter(last_reviewed__lt=cutoff)
        if self.value() == "never":
            return queryset.filter(last_reviewed__isnull=True)
        return queryset


class ConditionListFilter(admin.SimpleListFilter):
    title = _("condition")
    parameter_name = "condition"

    def lookups(self, request, model_admin):
        return [(c.slug, c.name) for c in Condition.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(condition_links__tag__slug=self.value())
        return queryset


class MineListFilter(admin.SimpleListFilter):
    """The articles of the editor looking at the list, one click away."""

    title = _("author")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("My articles"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(author=request.user)
        return queryset
