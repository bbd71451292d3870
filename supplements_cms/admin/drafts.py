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
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from ..limits import bounded_preview
from ..models import Article, DraftChange
from ..previews import render_private
from ..publishing import can_publish
from ..submitted import submitted_article

_SAVING_DRAFT = "_supplements_cms_saving_draft"
_SHOWING_DRAFT = "_supplements_cms_showing_draft"


def saves_as_draft(request: HttpRequest) -> bool:
    return getattr(request, _SAVING_DRAFT, False)


class DraftChangesMixin:
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
                setattr(request, _SAVING_DRAFT, True)
        elif draft is not None:
            setattr(request, _SHOWING_DRAFT, draft)
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
        if draft is not None:
            draft.delete()
            LogEntry.objects.log_actions(
                request.user.pk, [article], CHANGE, _("Discarded draft changes"), single_object=True
            )
            self.message_user(request, _("The draft changes were discarded."), messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", article.pk))

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        draft = getattr(request, _SHOWING_DRAFT, None)
        if obj is not None and draft is not None:
            # The form opens on the draft: its fields here, its rows in get_formset_kwargs.
            form = self._form_for(request, obj, draft.as_querydict())
            obj._draft_conditions = form.cleaned_data.get("conditions", None)
        return obj

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix: str) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        draft = getattr(request, _SHOWING_DRAFT, None)
        if draft is not None:
            kwargs.update(data=draft.as_querydict(), files={})
        return kwargs

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if saves_as_draft(request):
            # Completeness and claims are checked when the changes are published.
            return type(form.__name__, (form,), {"saving_draft": True})
        return form

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        if not saves_as_draft(request):
            super().save_model(request, obj, form, change)
            return
        DraftChange.objects.update_or_create(
            article_id=obj.pk,
            defaults={"data": DraftChange.from_post(request.POST), "saved_by": request.user},
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        if saves_as_draft(request):
            return
        super().save_related(request, form, formsets, change)
        # The form held the draft (it opens on it): saving it live leaves no draft behind.
        DraftChange.objects.filter(article_id=form.instance.pk).delete()

    def construct_change_message(self, request: HttpRequest, form, formsets, add: bool = False):
        if saves_as_draft(request):
            # Nothing of the article changed; its formsets were not saved.
            return _("Saved draft changes")
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if not saves_as_draft(request):
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
        data = draft.as_querydict()
        form = self._form_for(request, copy.copy(article), data)
        preview = submitted_article(article, _with_conditions(form), data)
        return render_private(request, preview, draft_change=draft)

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


def _with_conditions(form) -> dict:
    cleaned = dict(getattr(form, "cleaned_data", {}))
    if "conditions" not in cleaned:
        cleaned["conditions"] = list(form.initial.get("conditions") or [])
    return cleaned
