"""Filters of the article list: medical review, condition, and the editor's own articles."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from .. import conf
from ..editorial.review import waiting_for
from ..editorial.review_dates import changed_since_review, review_cutoff, signed_before
from ..models import Condition


class ReviewListFilter(admin.SimpleListFilter):
    # After the admin's "By": the German needs the dative ("Nach medizinischer Prüfung").
    title = pgettext_lazy("list filter", "medical review")
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
            ("changed", _("Changed since review")),
            ("waiting", _("Waiting for my review")),
        ]

    def queryset(self, request, queryset):
        signed_since = signed_before(review_cutoff())
        if self.value() == "current":
            return queryset.filter(sign_off__decided_at__gte=signed_since)
        if self.value() == "due":
            return queryset.filter(sign_off__decided_at__lt=signed_since)
        if self.value() == "never":
            return queryset.filter(sign_off__isnull=True)
        if self.value() == "changed":
            changed = changed_since_review(queryset)
            return queryset.filter(pk__in=[a.pk for a in changed])
        if self.value() == "waiting":
            return queryset.filter(pk__in=waiting_for(request.user).values("pk"))
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
