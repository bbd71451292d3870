"""The article admin, put together from the concerns in this package."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import router
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin

from .. import conf
from ..content.article_links import hidden_targets
from ..content.importing.views import import_articles
from ..delivery import purging
from ..editorial.actions import RecoverArticle, RestoreRevision, SaveArticle, SaveDraftChanges
from ..models import Article
from .autosave import AutosaveMixin
from .base import ARTICLE_WIDGETS, EditorMedia, ReadsOwnWrites, RendersAhead, SharesPostedData
from .bulk import BulkMixin
from .claims import ClaimsMixin
from .drafts import DraftChangesMixin
from .edit import article_edit
from .filters import ConditionListFilter, MineListFilter, ReviewListFilter
from .forms import ArticleAdminForm
from .history import HistoryMixin
from .inlines import BenefitInline, ReferenceInline, RelatedPostInline
from .layout import FormLayoutMixin, in_order
from .locking import BusyDatabaseMixin
from .publishing import PublishingMixin
from .review import ReviewMixin


@admin.register(Article)
class ArticleAdmin(
    ReadsOwnWrites,
    RendersAhead,
    EditorMedia,
    AutosaveMixin,
    FormLayoutMixin,
    ReviewMixin,
    BusyDatabaseMixin,
    DraftChangesMixin,
    PublishingMixin,
    BulkMixin,
    HistoryMixin,
    ClaimsMixin,
    SharesPostedData,
    VersionAdmin,
):
    """Articles, with django-reversion's history and restore, and the package's own history,
    comparison and preview views on top."""

    form = ArticleAdminForm
    actions = ("publish", "unpublish", "duplicate", "edit_topics")

    # Ours extends reversion's, which adds "Recover deleted articles".
    change_list_template = "admin/supplements_cms/article/change_list.html"
    formfield_overrides = ARTICLE_WIDGETS
    inlines = (BenefitInline, ReferenceInline, RelatedPostInline)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("supplement", "call_to_action", "byline", "library_image")
    list_display = (
        "title",
        "status_label",
        "review_label",
        "published_at",
        "condition_names",
        "supplement",
        "updated_at",
    )
    list_filter = (
        "status",
        MineListFilter,
        ("author", admin.RelatedOnlyFieldListFilter),
        ConditionListFilter,
        "supplement",
        ReviewListFilter,
    )
    list_select_related = ("supplement",)
    search_fields = ("title", "seo_title", "slug", "summary", "intro", "body", "conclusion")
    date_hierarchy = "published_at"
    readonly_fields = ("created_at", "updated_at", "claim_warnings")
    # The form follows the page: a name is a key of ``form_sections`` or an inline's prefix.
    form_order = (
        "headline",
        "featured_image",
        "text",
        "benefits",
        "additional_benefits",
        "dosage",
        "closing",
        "related_posts",
        "references",
        "topic",
        "trust",
        "publishing",
    )
    form_sections = {
        "headline": (
            None,
            {"fields": ("title", "seo_title", "slug", "summary"), "classes": ("scms-headline",)},
        ),
        "featured_image": (
            gettext_lazy("Featured image"),
            {"fields": ("image", "library_image", "image_alt")},
        ),
        "text": (gettext_lazy("Text"), {"fields": ("intro", "body")}),
        "additional_benefits": (
            gettext_lazy("Additional benefits"),
            {
                "fields": ("additional_benefits_heading", "additional_benefits_intro"),
                "description": gettext_lazy(
                    "What goes over the bullet list; the list itself is made of the benefits "
                    "of the kind “Additional” above."
                ),
            },
        ),
        "dosage": (
            gettext_lazy("How to take"),
            {
                "fields": (
                    "dosage_heading",
                    ("dose_min", "dose_max", "dose_unit", "dose_frequency"),
                    "dosage_note",
                )
            },
        ),
        "closing": (
            gettext_lazy("Conclusion and call to action"),
            {"fields": ("conclusion", "call_to_action")},
        ),
        "topic": (
            gettext_lazy("Topic"),
            {"fields": ("conditions", "new_conditions", "supplement")},
        ),
        "trust": (
            gettext_lazy("Trust"),
            {
                "fields": (
                    "byline",
                    "disclaimer_mode",
                    "disclaimer",
                    "claim_warnings",
                    "accept_claims",
                ),
                "description": gettext_lazy(
                    "Who wrote and reviewed the article, its own disclaimer, and wording that "
                    "reads as a disease claim (checked as you type and when the article is "
                    "saved; a publisher accepts the warnings before publishing)."
                ),
            },
        ),
        "publishing": (
            gettext_lazy("Publishing"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "author",
                    "created_at",
                    "updated_at",
                    "edited_from",
                    "draft_edit_number",
                    "overwrite",
                )
            },
        ),
    }
    fieldsets = in_order(form_sections, form_order)
    word_count_fields = ("title", "additional_benefits_heading", "benefits-title")

    class Media(EditorMedia.Media):
        js = [
            *EditorMedia.Media.js,
            "supplements_cms/sortable_inlines.js",
            "supplements_cms/unsaved_changes.js",
            "supplements_cms/article_counters.js",
            "supplements_cms/claims_live.js",
            "supplements_cms/live_preview.js",
            "supplements_cms/form_encoding.js",
        ]

    def renders_unchanged_rows(self, request: HttpRequest, object_id: int) -> bool:
        # A save that publishes checks the text as submitted, its rows included (claims,
        # review): it reads every row's HTML. So does one that keeps an article live.
        if request.POST.get("status") == Article.Status.PUBLISHED:
            return True
        stored = (
            Article.objects.using(router.db_for_write(Article))
            .filter(pk=object_id)
            .values_list("status", flat=True)
            .first()
        )
        return stored is None or stored == Article.Status.PUBLISHED

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).prefetch_related("conditions")

    def own_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{name}_import"),
            *self.history_urls(),
            *self.drafts_urls(),
            *self.claims_urls(),
            *self.review_urls(),
            *self.bulk_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Plain-text exports to articles, as ``manage.py import_articles`` does."""
        return import_articles(self, request)

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # Editors see when their published changes may not have reached the CDN yet.
        failing = purging.failing() if request.method == "GET" else ""
        if failing:
            self.message_user(request, failing, messages.WARNING)
        return super().changelist_view(request, extra_context)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = db_field.related_model._default_manager.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = field.widget if field is not None else None
        if db_field.name == "library_image" and isinstance(widget, RelatedFieldWidgetWrapper):
            # Library images are edited in the library (where deleting one in use is refused),
            # not from the article's form: a search box, without the links around it.
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        """Nothing yet: the editorial action saves the article with its rows, at once."""

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        edit = article_edit(request)
        if edit.saving_draft:
            SaveDraftChanges(form.instance, request.user, form, formsets).execute()
            return
        action = SaveArticle
        if edit.restoring:
            action = RestoreRevision
        elif edit.recovering:
            action = RecoverArticle
        saved = action(
            form.instance,
            request.user,
            form,
            formsets,
            before=self.public_state_before(request, form.instance if change else None),
            restoring=edit.restoring,
            edit_floor=edit.edit_floor,
        ).execute()
        self.say_kept(request, saved.kept)
        self.warn_of_claims(request, saved.unaccepted_claims)
        self.forget_autosaves(request, saved.article, change)
        if form.summary_too_long:
            self.message_user(
                request,
                _("The summary is longer than %(n)s characters; search engines will cut it.")
                % {"n": conf.get("SUMMARY_MAX_LENGTH")},
                messages.WARNING,
            )
        self._warn_of_hidden_links(request)

    def _warn_of_hidden_links(self, request: HttpRequest) -> None:
        """Links to articles readers cannot see show as plain text to them: say so."""
        typed = "\n".join(v for values in request.POST.lists() for v in values[1])
        hidden = hidden_targets(typed)
        if hidden:
            names = ", ".join(
                f"“{title}”" if title else _("a deleted article (#%(id)s)") % {"id": pk}
                for pk, title in hidden
            )
            self.message_user(
                request,
                _(
                    "The text links to %(articles)s, which readers cannot see: they get the "
                    "link's words without the link until it is published."
                )
                % {"articles": names},
                messages.WARNING,
            )

    def response_add(self, request: HttpRequest, obj: Article, post_url_continue=None):
        self._link_to_page(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if not article_edit(request).saving_draft:
            self._link_to_page(request, obj)
        return super().response_change(request, obj)

    def _link_to_page(self, request: HttpRequest, article: Article) -> None:
        """The save message's companion: a link to the page, live or as a staff preview."""
        label = _("See it on the site") if article.is_live else _("Preview it on the site")
        self.message_user(
            request,
            format_html('<a href="{}">{}</a>', article.get_absolute_url(), label),
            messages.INFO,
        )

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_label(self, article: Article) -> str:
        if article.is_scheduled:
            when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
            label = _("Scheduled for %(when)s") % {"when": when}
        else:
            label = article.get_status_display()
        if getattr(article, "has_draft", False):
            label = _("%(status)s, with draft changes") % {"status": label}
        return label

    @admin.display(description=gettext_lazy("conditions"))
    def condition_names(self, article: Article) -> str:
        return ", ".join(c.name for c in article.conditions.all())
