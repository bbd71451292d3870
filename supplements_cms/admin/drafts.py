"""Draft changes of published articles, and the preview of the form as it is being typed.

On a published article, "Save draft changes" keeps the form as posted in a
:class:`~supplements_cms.models.DraftChange`: readers keep the published page, while the change
form and the staff preview show the draft. Someone with the publish permission publishes the
changes by saving the form as usual ("Publish changes"); anyone who may change the article
discards them in one click. For an editor without the publish permission every save of a
published article is a draft change: only publishers change what readers see.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from ..content.limits import bounded_preview
from ..editorial.actions import ActionRefused, DiscardDraftChanges
from ..editorial.policy import can_publish
from ..editorial.previews import render_private
from ..editorial.submitted import submitted_article
from ..models import Article, DraftChange
from .base import ArticleAdminBase
from .edit import article_edit


class DraftChangesMixin(ArticleAdminBase):
    def drafts_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:object_id>/draft/preview/",
                self.admin_site.admin_view(self.draft_preview_view),
                name=f"{name}_draft_preview",
            ),
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self._framed_preview()),
                name=f"{name}_live_preview",
            ),
            path(
                "add/preview/",
                self.admin_site.admin_view(self._framed_preview()),
                name=f"{name}_add_live_preview",
            ),
        ]

    def _framed_preview(self):
        # Shown in the form's own panel: framed by the admin's pages, and by no other site's.
        return xframe_options_sameorigin(bounded_preview(require_POST(self.live_preview_view)))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .annotate(has_draft=Exists(DraftChange.objects.filter(article=OuterRef("pk"))))
        )

    # The change form: save, show, publish and discard draft changes.

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        article = Article.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if article is None:
            return super().change_view(request, object_id, form_url, extra_context)
        draft = DraftChange.objects.filter(article=article).select_related("saved_by").first()
        if request.method == "POST":
            if "_discard_draft" in request.POST:
                return self._discard(request, article, draft)
            if "_publish_draft" in request.POST and not can_publish(request.user):
                raise PermissionDenied
            if article.is_published and (
                "_save_draft" in request.POST or not can_publish(request.user)
            ):
                article_edit(request).saving_draft = True
        elif draft is not None:
            article_edit(request).showing_draft = draft
        context = {
            **(extra_context or {}),
            "draft_change": draft,
            "offers_draft": article.is_published,
            "may_publish": can_publish(request.user),
            "draft_preview_url": self._url("draft_preview", article.pk) if draft else "",
            "live_preview_url": self._url("live_preview", article.pk),
        }
        return super().change_view(request, object_id, form_url, context)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        context = {**(extra_context or {}), "live_preview_url": self._url("add_live_preview")}
        return super().add_view(request, form_url, context)

    def _discard(self, request: HttpRequest, article: Article, draft) -> HttpResponse:
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        try:
            seen = int(request.POST.get("draft_edit_number", ""))
        except ValueError:
            seen = None
        try:
            discarded = DiscardDraftChanges(article, request.user, seen).execute()
        except ActionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            if discarded:
                self.message_user(request, _("The draft changes were discarded."), messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", article.pk))

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            return obj
        edit = article_edit(request)
        if edit.replacing_draft is not None:
            obj._draft_edit_number = edit.replacing_draft
        draft = edit.showing_draft
        if draft is not None:
            # The form opens on the live article with the draft's changes: its fields here,
            # its rows in get_formset_kwargs.
            with_draft(obj, self._form_for(request, copy.copy(obj), draft.as_querydict()), draft)
        return obj

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix: str) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        draft = article_edit(request).showing_draft
        if draft is not None and draft.changes_rows(prefix):
            kwargs.update(data=draft.as_querydict(), files={})
        return kwargs

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if article_edit(request).saving_draft:
            # Completeness and claims are checked when the changes are published.
            return type(form.__name__, (form,), {"saving_draft": True})
        return form

    def log_change(self, request: HttpRequest, obj, message):
        if article_edit(request).saving_draft:
            return None  # SaveDraftChanges logged it
        return super().log_change(request, obj, message)

    def construct_change_message(self, request: HttpRequest, form, formsets, add: bool = False):
        if article_edit(request).saving_draft:
            # Nothing of the article changed; its formsets were not saved.
            return _("Saved draft changes")
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if not article_edit(request).saving_draft:
            return super().response_change(request, obj)
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Draft changes saved: readers still see the published page."),
                self._url("draft_preview", obj.pk),
                _("Preview the draft"),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", obj.pk))

    # Previews.

    def draft_preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        draft = get_object_or_404(DraftChange, article=article)
        preview = self.draft_article(request, article, draft)
        return render_private(request, preview, draft_change=draft)

    def draft_article(self, request: HttpRequest, article: Article, draft: DraftChange) -> Article:
        """The live ``article`` with ``draft``'s changes, rows included, never saved: what the
        staff preview shows and what a review of the draft reads."""
        data = draft.as_querydict()
        shown = copy.copy(article)
        with_draft(shown, self._form_for(request, copy.copy(article), data), draft)
        conditions = getattr(shown, "_draft_conditions", None)
        if conditions is None:
            conditions = list(article.conditions.all())
        rows = [name for name in ("benefits", "references") if draft.changes_rows(name)]
        return submitted_article(shown, {"conditions": conditions}, data, rows=rows)

    def live_preview_view(self, request: HttpRequest, object_id: int | None = None):
        """The change form as posted, rendered through the public templates without saving."""
        article = None
        if object_id is not None:
            article = get_object_or_404(Article, pk=object_id)
            if not self.has_change_permission(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        instance = copy.copy(article) if article is not None else Article()
        form = self._form_for(request, instance, request.POST)
        preview = submitted_article(instance, _with_conditions(form), request.POST)
        return render_private(request, preview, unsaved=True)

    def _form_for(self, request: HttpRequest, obj: Article, data):
        """The article's admin form bound to ``data`` and cleaned, saving nothing and checking
        no publishing rule: what the data says, as far as it is valid."""
        form_class = super().get_form(request, obj if obj.pk else None, change=obj.pk is not None)
        form_class = type(form_class.__name__, (form_class,), {"previewing": True})
        form = form_class(data, instance=obj)
        form.is_valid()
        return form

    def _url(self, view: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)


def with_draft(article: Article, form, draft: DraftChange) -> None:
    """Put on ``article`` (the live one, not saved) what ``draft`` changes, read through
    ``form`` bound to the draft: the fields its authors changed and nothing else, so a field
    they could not see (a writer's address, a publication time) keeps its live value."""
    cleaned = getattr(form, "cleaned_data", {})
    data = form.data
    editable = {f.name for f in Article._meta.concrete_fields if f.editable}

    def changed(name: str) -> bool:
        if draft.changed_fields is not None:
            return name in draft.changed_fields
        # A draft saved before changed fields were kept: what its data holds.
        return any(key == name or key.startswith(f"{name}_") for key in data)

    for name, value in cleaned.items():
        if name in editable and changed(name):
            setattr(article, name, value)
    if changed("conditions") or changed("new_conditions"):
        article._draft_conditions = cleaned.get("conditions")
    article._draft_edit_number = draft.edit_number


def _with_conditions(form) -> dict:
    cleaned = dict(getattr(form, "cleaned_data", {}))
    if "conditions" not in cleaned:
        cleaned["conditions"] = list(form.initial.get("conditions") or [])
    return cleaned
