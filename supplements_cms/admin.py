"""Editing in the Django admin: articles with their benefits and related posts, and the
reusable pieces they point at."""

from __future__ import annotations

import re

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from . import conf
from .claims import check_article
from .fields import MarkdownField
from .forms import ArticleAdminForm
from .importing.views import import_articles
from .limits import LimitedInlineFormSet, limit_for
from .markdown import citation_numbers
from .models import (
    Article,
    Benefit,
    CallToAction,
    Condition,
    Contributor,
    Reference,
    RelatedPost,
    Supplement,
)
from .reviews import review_cutoff
from .revisions import changes, render_revision, snapshot, versions_of
from .widgets import MarkdownEditorWidget

MARKDOWN_EDITOR = {MarkdownField: {"widget": MarkdownEditorWidget}}


class EditorMedia:
    """The package's admin stylesheet: markdownx sized to the form, conflicts, diffs."""

    class Media:
        css = {"all": ["supplements_cms/admin.css"]}


class ArticlePartInline:
    """Benefits, references and related posts are parts of the article: whoever may change the
    article may change them, without separate permissions for each part."""

    def _article_permission(self, request: HttpRequest, action: str) -> bool:
        return request.user.has_perm(f"supplements_cms.{action}_article")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._article_permission(request, "view") or self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._article_permission(request, "change")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._article_permission(request, "change") or self._article_permission(
            request, "add"
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._article_permission(request, "change")

    def get_max_num(self, request: HttpRequest, obj=None, **kwargs) -> int:
        # "Add another" stops at the limit; the formset (supplements_cms.limits) refuses more.
        return limit_for(self.model)


class BenefitInline(ArticlePartInline, admin.TabularInline):
    model = Benefit
    formset = LimitedInlineFormSet
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


class RelatedPostInline(ArticlePartInline, admin.TabularInline):
    model = RelatedPost
    formset = LimitedInlineFormSet
    fk_name = "article"
    extra = 1
    fields = ("position", "target", "url", "title")
    autocomplete_fields = ("target",)
    verbose_name_plural = _("related posts (chosen by the editor; more are added automatically)")


class ReferenceFormSet(LimitedInlineFormSet):
    """Checks that every ``[ref:N]`` in the article's text has its N-th reference.

    The admin builds this formset around the article as the main form left it (saved with
    ``commit=False``), so the text checked is the text being saved. Benefit descriptions arrive
    in the request as their own formset and are read from the submitted data.
    """

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)]
        texts = [getattr(self.instance, source) for source, _html in Article.markdown_fields]
        texts += _submitted_benefit_texts(self.data)
        wanted = set().union(*(citation_numbers(t or "") for t in texts))
        missing = sorted(n for n in wanted if n > len(kept) or n < 1)
        if missing:
            raise forms.ValidationError(
                ngettext(
                    "The text cites [ref:%(numbers)s], but there is no such reference below.",
                    "The text cites [ref:%(numbers)s], but there are no such references below.",
                    len(missing),
                )
                % {"numbers": "], [ref:".join(str(n) for n in missing)}
            )


def _submitted_benefit_texts(data) -> list[str]:
    prefix = re.compile(r"^(benefits-\d+)-description$")
    texts = []
    for key in data:
        match = prefix.match(key)
        if match and not data.get(f"{match.group(1)}-DELETE"):
            texts.append(data.get(key, ""))
    return texts


class ReferenceInline(ArticlePartInline, admin.StackedInline):
    model = Reference
    formset = ReferenceFormSet
    extra = 0
    fields = (("position", "year"), "authors", "title", "publication", ("doi", "pmid"), "url")
    verbose_name_plural = _("references (cite the N-th one in the text with [ref:N])")


class ReviewListFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        months = conf.get("REVIEW_MAX_AGE_MONTHS")
        return [
            ("current", _("Reviewed in the last %(n)s months") % {"n": months}),
            ("due", _("Review due (older than %(n)s months)") % {"n": months}),
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


@admin.register(Article)
class ArticleAdmin(EditorMedia, VersionAdmin):
    """Articles, with django-reversion's history and restore, and the package's own history,
    comparison and preview views on top."""

    form = ArticleAdminForm
    # Ours extends reversion's, which adds "Recover deleted articles".
    change_list_template = "admin/supplements_cms/article/change_list.html"
    formfield_overrides = MARKDOWN_EDITOR
    inlines = (BenefitInline, ReferenceInline, RelatedPostInline)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("supplement", "call_to_action", "byline", "medical_reviewer")
    list_display = (
        "title",
        "status_label",
        "published_at",
        "condition_names",
        "supplement",
        "updated_at",
    )
    list_filter = ("status", ConditionListFilter, "supplement", ReviewListFilter)
    list_select_related = ("supplement",)
    search_fields = ("title", "seo_title", "slug", "summary", "intro", "body", "conclusion")
    date_hierarchy = "published_at"
    actions = ("publish", "unpublish")
    readonly_fields = ("created_at", "updated_at", "claim_warnings")
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
            _("Trust"),
            {
                "fields": (
                    ("byline", "medical_reviewer", "last_reviewed"),
                    "disclaimer_mode",
                    "disclaimer",
                    "claim_warnings",
                ),
                "description": _(
                    "Who wrote and reviewed the article, its own disclaimer, and wording that "
                    "reads as a disease claim (checked when the article is saved)."
                ),
            },
        ),
        (
            _("Publishing"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "author",
                    "created_at",
                    "updated_at",
                    "edit_version",
                    "overwrite",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).prefetch_related("conditions")

    def get_urls(self) -> list[URLPattern]:
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{name}_import",
            ),
            path(
                "<int:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<int:object_id>/history/<int:version_id>/preview/",
                self.admin_site.admin_view(self.revision_preview_view),
                name=f"{name}_revision_preview",
            ),
            *super().get_urls(),
        ]

    # History: every revision with who and when, a diff between two, a preview of one.

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        article = self._article_or_404(request, object_id)
        versions = list(versions_of(article))
        rows = []
        for newer, older in zip(versions, [*versions[1:], None], strict=True):
            rows.append(
                {
                    "version": newer,
                    "restore_url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_revision",
                        args=(article.pk, newer.pk),
                    ),
                    "preview_url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_revision_preview",
                        args=(article.pk, newer.pk),
                    ),
                    "older": older,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "title": _("History: %(title)s") % {"title": article.title},
            "rows": rows,
            "compare_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_compare", args=(article.pk,)
            ),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/supplements_cms/article/history.html", context)

    def compare_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        versions = {v.pk: v for v in versions_of(article)}
        try:
            older, newer = versions[int(request.GET["from"])], versions[int(request.GET["to"])]
        except (KeyError, ValueError):
            raise Http404(_("Choose two revisions of this article.")) from None
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "title": _("Changes to %(title)s") % {"title": article.title},
            "older": older,
            "newer": newer,
            "changes": changes(snapshot(older), snapshot(newer)),
        }
        return TemplateResponse(request, "admin/supplements_cms/article/compare.html", context)

    def revision_preview_view(
        self, request: HttpRequest, object_id: int, version_id: int
    ) -> HttpResponse:
        """The revision as readers would see it, with the public templates, never indexed."""
        article = self._article_or_404(request, object_id)
        version = get_object_or_404(versions_of(article), pk=version_id)
        return render_revision(request, version)

    def _article_or_404(self, request: HttpRequest, object_id) -> Article:
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Plain-text exports to articles, as ``manage.py import_articles`` does."""
        return import_articles(self, request)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = db_field.related_model._default_manager.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        warnings = check_article(form.instance)
        if warnings:
            self.message_user(
                request,
                ngettext(
                    "Saved, but %(n)d sentence reads as a health claim; see “Claim warnings”.",
                    "Saved, but %(n)d sentences read as health claims; see “Claim warnings”.",
                    len(warnings),
                )
                % {"n": len(warnings)},
                messages.WARNING,
            )

    @admin.display(description=_("claim warnings"))
    def claim_warnings(self, article: Article) -> str:
        if article.pk is None:
            return _("Checked when the article is saved.")
        warnings = check_article(article)
        if not warnings:
            return _("None: no sentence reads as a disease claim.")
        return format_html_join(
            "",
            '<p class="scms-claim-warning"><strong>{}</strong> “{}” {}:<br> <q>{}</q></p>',
            ((w.field, w.phrase, w.reason, w.sentence) for w in warnings),
        )

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
            when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
            return _("Scheduled for %(when)s") % {"when": when}
        return article.get_status_display()

    @admin.display(description=_("conditions"))
    def condition_names(self, article: Article) -> str:
        return ", ".join(c.name for c in article.conditions.all())

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        waiting = queryset.exclude(status=Article.Status.PUBLISHED)
        count = self._set_status(request, waiting, Article.Status.PUBLISHED, _("Published"))
        self.message_user(
            request,
            ngettext("%(n)d article published.", "%(n)d articles published.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"), permissions=["publish"]
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        published = queryset.filter(status=Article.Status.PUBLISHED)
        count = self._set_status(request, published, Article.Status.DRAFT, _("Unpublished"))
        self.message_user(
            request,
            ngettext("%(n)d article unpublished.", "%(n)d articles unpublished.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    def _set_status(self, request: HttpRequest, queryset, status: str, comment: str) -> int:
        """One save and one revision per article, so history, version and HTML stay in step."""
        count = 0
        for article in queryset:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(comment)
                article.status = status
                article.save()
            count += 1
        return count

    # Who may publish.

    def has_publish_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_article")

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request) and obj is not None and obj.is_published:
            # Publishing, unpublishing and moving a published page are a publisher's decisions.
            fields += ["status", "published_at", "slug"]
        return fields

    def get_prepopulated_fields(self, request: HttpRequest, obj: Article | None = None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                (value, label)
                for value, label in Article.Status.choices
                if value != Article.Status.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(CallToAction)
class CallToActionAdmin(EditorMedia, admin.ModelAdmin):
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
    list_display = ("name", "slug", "upper_limit", "upper_limit_unit")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "name",
        "slug",
        "description",
        ("upper_limit", "upper_limit_unit"),
        "upper_limit_source",
    )


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ("name", "credentials", "profile_url")
    search_fields = ("name", "credentials")
