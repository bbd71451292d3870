"""An article's history: every revision with who and when, a comparison of two, a preview of
one, and django-reversion's restore and recover kept to the publishing rule."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..editorial.policy import can_publish
from ..editorial.revisions import changes, render_revision, revisions_of, snapshot
from ..editorial.rules import PublicState
from ..models import Article, DraftChange
from .base import ArticleAdminBase
from .edit import article_edit


class HistoryMixin(ArticleAdminBase):
    if TYPE_CHECKING:
        # RendersAhead's, mixed into ArticleAdmin beside this one.
        def markdown_rendered_ahead(self, request: HttpRequest) -> AbstractContextManager[None]: ...

    def history_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
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
        ]

    def _url(self, view: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        article = self._article_or_404(request, object_id)
        versions = list(revisions_of(article))
        rows = [
            {
                "version": newer,
                "restore_url": self._url("revision", article.pk, newer.pk),
                "preview_url": self._url("revision_preview", article.pk, newer.pk),
                # The first revision has nothing before it: it shows as "created".
                "older": versions[index + 1] if index + 1 < len(versions) else None,
            }
            for index, newer in enumerate(versions)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "title": _("History: %(title)s") % {"title": article.title},
            "rows": rows,
            "compare_url": self._url("compare", article.pk),
            # Django's history breadcrumbs name the list by it.
            "module_name": capfirst(self.opts.verbose_name_plural),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/supplements_cms/article/history.html", context)

    def compare_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        versions = {v.pk: v for v in revisions_of(article)}
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
        version = get_object_or_404(revisions_of(article), pk=version_id)
        return render_revision(request, version)

    def revision_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ):
        """Restore a revision. Of a published article, for every role, the revision becomes
        its draft changes (validated by the change form like any save): readers see it only
        once a publisher publishes it. Of an unpublished one, the form says which status, time
        and address the save will set; the status is never changed by a restore."""
        article = self._article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(revisions_of(article), pk=version_id)
        before = PublicState.of(article)
        edit = article_edit(request)
        if before.is_published:
            draft = DraftChange.objects.filter(article=article).first()
            edit.replacing_draft = draft.edit_number if draft is not None else 0
            # The form is checked against the live article, which the draft will change.
            edit.live_edit_number = article.edit_number
            if request.method == "POST":
                # The posted form against the live article, never reverted into it.
                edit.saving_draft = True
                return self.changeform_view(request, str(article.pk), request.path, extra_context)
            messages.info(
                request,
                _(
                    "Restoring a published article makes this revision its draft changes, "
                    "replacing any it has: readers keep the published page until a publisher "
                    "publishes them."
                ),
            )
        elif request.method == "GET":
            messages.info(request, _restore_sets(before, version.field_dict))
        edit.revert(before)
        # The revert writes the revision's old version number; the save must go past today's.
        edit.edit_floor = article.edit_number
        # django-reversion's VersionAdmin, which has no types; it reverts in a transaction.
        with self.markdown_rendered_ahead(request):
            return super().revision_view(request, object_id, version_id, extra_context)  # type: ignore[misc]

    def recover_view(self, request: HttpRequest, version_id: str, extra_context=None):
        """A deleted article comes back as a draft unless a publisher recovers it; recovering
        adds an article, so it needs the add permission (django-reversion asks only for it on
        POST, through the form)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        article_edit(request).revert(None)
        if request.method == "GET" and not can_publish(request.user):
            messages.info(
                request, _("The recovered article will be a draft until a publisher publishes it.")
            )
        with self.markdown_rendered_ahead(request):
            return super().recover_view(request, version_id, extra_context)  # type: ignore[misc]

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        live_edit_number = article_edit(request).live_edit_number
        if obj is not None and live_edit_number is not None:
            obj.edit_number = live_edit_number
        return obj

    def _article_or_404(self, request: HttpRequest, object_id) -> Article:
        try:
            pk = int(object_id)
        except (TypeError, ValueError):
            raise Http404(_("No such article.")) from None
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article


def _restore_sets(before: PublicState, kept: dict) -> str:
    """What restoring a revision of an unpublished article will set, said before saving."""
    when = kept.get("published_at")
    return _(
        "Restoring keeps the status “%(status)s” and sets the publication time to %(when)s "
        "and the address to “%(slug)s”, as the revision has them."
    ) % {
        "status": Article.Status(before.status).label,
        "when": date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else _("none"),
        "slug": kept.get("slug") or before.slug,
    }
