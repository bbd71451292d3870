"""Editing in the Django admin: articles with their benefits and related posts, and the
reusable pieces they point at."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import conf
from .fields import MarkdownField
from .forms import ArticleAdminForm
from .importing.views import import_articles
from .models import Article, Benefit, CallToAction, Condition, RelatedPost, Supplement
from .widgets import MarkdownEditorWidget

MARKDOWN_EDITOR = {MarkdownField: {"widget": MarkdownEditorWidget}}


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 1
    fields = ("position", "kind", "title", "description")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "description":
            # A plain textarea: markdownx's script does not set up editors in rows added with
            # "Add another" (markdownx issue #275). The text is still Markdown, rendered on save.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 60})
        if db_field.name == "position":
            kwargs["widget"] = forms.NumberInput(attrs={"style": "width: 4em"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RelatedPostInline(admin.TabularInline):
    model = RelatedPost
    fk_name = "article"
    extra = 1
    fields = ("position", "target", "url", "title")
    autocomplete_fields = ("target",)
    verbose_name_plural = _("related posts (chosen by the editor; more are added automatically)")


class ConditionListFilter(admin.SimpleListFilter):
    title = _("condition")
    parameter_name = "condition"

    def lookups(self, request, model_admin):
        return [(c.slug, c.name) for c in Condition.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(condition_links__tag__slug=self.value())
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    formfield_overrides = MARKDOWN_EDITOR
    inlines = (BenefitInline, RelatedPostInline)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("supplement", "call_to_action")
    list_display = (
        "title",
        "status_label",
        "published_at",
        "condition_names",
        "supplement",
        "updated_at",
    )
    list_filter = ("status", ConditionListFilter, "supplement")
    list_select_related = ("supplement",)
    search_fields = ("title", "seo_title", "slug", "summary", "intro", "body", "conclusion")
    date_hierarchy = "published_at"
    actions = ("publish", "unpublish")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "seo_title", "slug", "summary")}),
        (_("Text"), {"fields": ("intro", "body", "conclusion")}),
        (
            _("Additional benefits"),
            {
                "fields": ("additional_benefits_heading", "additional_benefits_intro"),
                "description": _("The bullet list itself is edited with the benefits below."),
            },
        ),
        (
            _("How to take"),
            {
                "fields": (
                    "dosage_heading",
                    ("dose_min", "dose_max", "dose_unit", "dose_frequency"),
                    "dosage_note",
                )
            },
        ),
        (_("Topic"), {"fields": ("conditions", "new_conditions", "supplement", "call_to_action")}),
        (
            _("Publishing"),
            {"fields": ("status", "published_at", "author", "created_at", "updated_at")},
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).prefetch_related("conditions")

    def get_urls(self) -> list[URLPattern]:
        opts = self.opts
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Plain-text exports to articles, as ``manage.py import_articles`` does."""
        return import_articles(self, request)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = db_field.related_model._default_manager.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if form.summary_too_long:
            self.message_user(
                request,
                _("The summary is longer than %(n)s characters; search engines will cut it.")
                % {"n": conf.get("SUMMARY_MAX_LENGTH")},
                messages.WARNING,
            )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article: Article) -> str:
        if article.is_scheduled:
            return _("Scheduled")
        return article.get_status_display()

    @admin.display(description=_("conditions"))
    def condition_names(self, article: Article) -> str:
        return ", ".join(c.name for c in article.conditions.all())

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        now = timezone.now()
        count = queryset.filter(status=Article.Status.DRAFT).update(
            status=Article.Status.PUBLISHED,
            published_at=Coalesce("published_at", now),
            updated_at=now,
        )
        self.message_user(
            request,
            ngettext("%(n)d article published.", "%(n)d articles published.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%(n)d article unpublished.", "%(n)d articles unpublished.", count)
            % {"n": count},
            messages.SUCCESS,
        )


@admin.register(CallToAction)
class CallToActionAdmin(admin.ModelAdmin):
    formfield_overrides = MARKDOWN_EDITOR
    list_display = ("label", "heading", "is_default", "is_active", "condition_names")
    list_filter = ("is_active", "is_default")
    search_fields = ("label", "heading", "text")
    filter_horizontal = ("conditions",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CallToAction]:
        return super().get_queryset(request).prefetch_related("conditions")

    @admin.display(description=_("aimed at"))
    def condition_names(self, cta: CallToAction) -> str:
        return ", ".join(c.name for c in cta.conditions.all())


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
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
class SupplementAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
