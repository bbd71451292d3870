"""A database too busy to take a save (SQLite's "database is locked") is a conflict to retry,
not an error page: the form comes back with everything the editor typed."""

from __future__ import annotations

from django import forms
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ..delivery.db import is_lock_error
from .base import ArticleAdminBase
from .edit import article_edit


class BusyDatabaseMixin(ArticleAdminBase):
    """Wraps the add and change views outside django-reversion's transaction, where SQLite's
    ``BEGIN IMMEDIATE`` waits for the lock and fails when the wait runs out."""

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        return self._unless_locked(request, None, form_url, extra_context, super().add_view)

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        return self._unless_locked(
            request,
            object_id,
            form_url,
            extra_context,
            lambda *args: super(BusyDatabaseMixin, self).change_view(request, object_id, *args),
        )

    def _unless_locked(self, request, object_id, form_url, extra_context, view) -> HttpResponse:
        try:
            if object_id is None:
                return view(request, form_url, extra_context)
            return view(form_url, extra_context)
        except OperationalError as error:
            if request.method != "POST" or not is_lock_error(error):
                raise
        # The form again, as posted, with the reason; rendered outside a transaction (which on
        # SQLite would wait for the same lock) and saving nothing.
        article_edit(request).database_busy = True
        # ModelAdmin._changeform_view: the form view without its transaction; not in the stubs.
        changeform_view = self._changeform_view  # type: ignore[attr-defined]
        return changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not article_edit(request).database_busy:
            return form

        class NotSavedWhileBusy(form):  # type: ignore[valid-type,misc]  # the form of get_form
            def clean(self):
                super().clean()
                raise forms.ValidationError(
                    _(
                        "The database was busy with another save, so nothing was saved. Your "
                        "text is still on this page: save again in a moment."
                    ),
                    code="busy",
                )

        return NotSavedWhileBusy
