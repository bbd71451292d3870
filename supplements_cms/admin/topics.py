"""The reusable pieces articles point at: calls to action, conditions, supplements, contributors."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..models import CallToAction, Condition, Contributor, Supplement
from .base import EDITOR_WIDGETS, EditorMedia, ReadsOwnWrites, RendersAhead
from .claims import CallToActionClaimsMixin
from .forms import CallToActionAdminForm


@admin.register(CallToAction)
class CallToActionAdmin(
    ReadsOwnWrites, RendersAhead, CallToActionClaimsMixin, EditorMedia, admin.ModelAdmin
):
    form = CallToActionAdminForm
    readonly_fields = ("claim_warnings",)
    formfield_overrides = EDITOR_WIDGETS
    list_display = ("label", "heading", "is_default", "is_active", "condition_names")
    list_filter = ("is_active", "is_default")
    search_fields = ("label", "heading", "text")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CallToAction]:
        return super().get_queryset(request).prefetch_related("conditions")

    @admin.display(description=_("aimed at"))
    def condition_names(self, cta: CallToAction) -> str:
        return ", ".join(c.name for c in cta.conditions.all())


@admin.register(Condition)
class ConditionAdmin(ReadsOwnWrites, RendersAhead, EditorMedia, admin.ModelAdmin):
    formfield_overrides = EDITOR_WIDGETS
    list_display = ("name", "slug", "article_count")
    search_fields = ("name",)
    fields = ("name", "slug", "description")
    readonly_fields = ("slug",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Condition]:
        return super().get_queryset(request).annotate(n_articles=Count("article_links"))

    @admin.display(description=_("articles"), ordering="n_articles")
    def article_count(self, condition: Condition) -> int:
        return condition.n_articles


@admin.register(Supplement)
class SupplementAdmin(ReadsOwnWrites, RendersAhead, EditorMedia, admin.ModelAdmin):
    formfield_overrides = EDITOR_WIDGETS
    list_display = ("name", "slug", "upper_limit_shown")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "name",
        "slug",
        "description",
        ("upper_limit", "upper_limit_unit"),
        "upper_limit_source",
    )

    @admin.display(description=_("upper intake level"), ordering="upper_limit")
    def upper_limit_shown(self, supplement: Supplement) -> str:
        """ "350 mg", not the column's "350.000"; in the reader's number format."""
        if supplement.upper_limit is None:
            return ""
        amount = number_format(supplement.upper_limit.normalize(), use_l10n=True)
        return f"{amount} {supplement.upper_limit_unit}".strip()


@admin.register(Contributor)
class ContributorAdmin(ReadsOwnWrites, admin.ModelAdmin):
    list_display = ("name", "credentials", "profile_url", "user")
    search_fields = ("name", "credentials")
    raw_id_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        # Whose sign-off names this person is an administrator's decision, never a writer's.
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not _may_link_reviewers(request.user):
            readonly += ("user",)
        return readonly


def _may_link_reviewers(user) -> bool:
    """Administrators of accounts: superusers and those who may change users."""
    from django.contrib.auth import get_user_model

    opts = get_user_model()._meta
    return user.is_superuser or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
