"""What every admin of the package shares: reads on the write database, the editor's
stylesheet and widgets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import QuerySet
from django.forms.models import _get_foreign_key
from django.http import HttpRequest
from django.urls import URLPattern

from ..content.fields import MarkdownField, normalize_newlines
from ..content.markdown import rendered_ahead, rendering_ahead
from ..editorial.primary import reads_own_writes
from .edit import article_edit
from .widgets import LabelledSplitDateTime, MarkdownEditorWidget, TrimmedDecimalInput

EDITOR_WIDGETS: dict[type[models.Field], dict[str, Any]] = {
    MarkdownField: {"widget": MarkdownEditorWidget},
    # Amounts as typed ("350"), not padded to the column's decimal places ("350.000").
    models.DecimalField: {"widget": TrimmedDecimalInput},
    models.DateTimeField: {"widget": LabelledSplitDateTime},
}


if TYPE_CHECKING:
    from django.contrib import admin

    from ..models import Article, CallToAction

    # What the article admin's mixins extend, for the type checker: they are mixed into
    # ArticleAdmin, a ModelAdmin. At run time they stay plain classes.
    ArticleAdminBase = admin.ModelAdmin[Article]
    CallToActionAdminBase = admin.ModelAdmin[CallToAction]
else:
    ArticleAdminBase = CallToActionAdminBase = object


class EditorMedia:
    """The package's admin stylesheet (markdownx sized to the form, conflicts, diffs) and the
    script that names the widgets Django's own scripts leave unnamed."""

    class Media:
        css = {"all": ["supplements_cms/admin.css"]}
        js = ["supplements_cms/admin_a11y.js"]


# The article form carries the editor's toolbar and dialog once (its template includes
# markdown_editor_parts.html), however many Markdown boxes its rows have.
ARTICLE_WIDGETS = {
    **EDITOR_WIDGETS,
    MarkdownField: {"widget": MarkdownEditorWidget(shared_parts=True)},
}


class ReadsOwnWrites:
    """For every ModelAdmin of the package: each of its views reads the write database, and
    its queryset names that database too (Django's autocomplete view reads it from outside
    the admin's own views)."""

    def get_urls(self) -> list[URLPattern]:
        patterns = [*self.own_urls(), *super().get_urls()]  # type: ignore[misc]  # a ModelAdmin's
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = reads_own_writes(pattern.callback)
        return patterns

    def own_urls(self) -> list[URLPattern]:
        """The admin's views beyond Django's, read on the write database like those."""
        return []

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)  # type: ignore[misc]  # mixed into a ModelAdmin
        return queryset.using(router.db_for_write(queryset.model))


# A posted field's name: the form's own ("body") or an inline row's ("benefits-0-description").
_POSTED_NAME = re.compile(r"(?:[\w]+-\d+-)?(\w+)")


class SharesPostedData:
    """The inline formsets of a save read one copy of the posted data.

    Django's admin gives each formset a copy of the whole POST of its own: a long article posts
    some six hundred values, copied once per inline (three times). A formset only reads them,
    or with "Save as new" clears the ids under its own prefix, so the formsets share one copy,
    made once per request; the request's own POST stays as it was sent. Otherwise the keyword
    arguments are Django's (tests/test_article_form.py compares them).
    """

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix: str) -> dict:
        if request.method != "POST":
            return super().get_formset_kwargs(request, obj, inline, prefix)  # type: ignore[misc]  # a ModelAdmin's
        edit = article_edit(request)
        if edit.posted_copy is None:
            edit.posted_copy = request.POST.copy()
        return {
            "instance": obj,
            "prefix": prefix,
            "queryset": inline.get_queryset(request),
            "data": edit.posted_copy,
            "files": request.FILES,
            "save_as_new": "_saveasnew" in request.POST,
        }


class RendersAhead:
    """For the package's admins with Markdown: the posted Markdown is rendered before the
    save's transaction opens (django-reversion's ``add_view`` and ``change_view`` open one,
    Django's ``changeform_view`` another), so a long text does not hold the database's write
    lock while it renders. Whatever of it the form then saves or checks is rendered already."""

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        with self.markdown_rendered_ahead(request):
            return super().add_view(request, form_url, extra_context)  # type: ignore[misc]  # a ModelAdmin's

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        with self.markdown_rendered_ahead(request, object_id):
            return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]  # a ModelAdmin's

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url="", extra_context=None
    ):
        # Called by a restore of a published article, outside the two above (inside them,
        # what they rendered ahead is all there is to render).
        ahead = nullcontext() if rendering_ahead() else self.markdown_rendered_ahead(request)
        with ahead:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]  # a ModelAdmin's

    def markdown_rendered_ahead(
        self, request: HttpRequest, object_id: str | None = None
    ) -> AbstractContextManager[None]:
        admin: Any = self
        if request.method != "POST" or not (
            admin.has_change_permission(request) or admin.has_add_permission(request)
        ):
            return nullcontext()
        models_ = [admin.model, *(inline.model for inline in admin.inlines)]
        sources = {
            source for model in models_ for source, _html in getattr(model, "markdown_fields", ())
        }
        unchanged = self.unchanged_row_texts(request, object_id) if object_id else {}
        return rendered_ahead(_posted_markdown(request, sources, unchanged))

    def renders_unchanged_rows(self, request: HttpRequest, object_id: int) -> bool:
        """Whether a save of ``object_id`` reads the Markdown of rows it does not change (a
        check of the text as submitted); then every row is rendered ahead."""
        return True

    def unchanged_row_texts(self, request: HttpRequest, object_id: str) -> dict[str, str]:
        """The posted Markdown of rows that is their stored text, by posted name: a save does
        not render it (Django saves no unchanged row, and a row saved for another field keeps
        its stored HTML: ``RendersMarkdown.trust_stored_html``), so it is not rendered ahead.
        A long article's fifty benefits took a millisecond each. One query per kind of row."""
        admin: Any = self
        try:
            parent = admin.model._meta.pk.to_python(object_id)
        except ValidationError:
            return {}
        if "_saveasnew" in request.POST or self.renders_unchanged_rows(request, parent):
            return {}
        unchanged: dict[str, str] = {}
        for inline in admin.inlines:
            pairs = getattr(inline.model, "markdown_fields", ())
            if not pairs:
                continue
            fk = _get_foreign_key(admin.model, inline.model, fk_name=inline.fk_name)
            prefix = fk.remote_field.get_accessor_name(model=inline.model).replace("+", "")
            pk = inline.model._meta.pk
            rows: dict[Any, str] = {}  # stored id -> the row's posted prefix
            id_name = re.compile(rf"({re.escape(prefix)}-\d+)-{re.escape(pk.name)}")
            for name, value in request.POST.items():
                match = id_name.fullmatch(name)
                if match and value:
                    try:
                        rows[pk.to_python(value)] = match.group(1)
                    except ValidationError:
                        continue
            if not rows:
                continue
            stored = (
                inline.model._default_manager.using(router.db_for_write(inline.model))
                .filter(**{fk.name: parent, "pk__in": list(rows)})
                .values_list("pk", *(name for pair in pairs for name in pair))
            )
            for key, *values in stored:
                for n, (source, _html) in enumerate(pairs):
                    text, html = values[2 * n], values[2 * n + 1]
                    if html or not text.strip():  # HTML written by a save, not bulk_create()
                        unchanged[f"{rows[key]}-{source}"] = text
        return unchanged


def _posted_markdown(
    request: HttpRequest, sources: set[str], unchanged: dict[str, str]
) -> Iterator[str]:
    """The posted values of ``sources`` as the form will clean them (stripped, LF endings),
    but for those in ``unchanged`` that are the stored text named there."""
    for name, values in request.POST.lists():
        match = _POSTED_NAME.fullmatch(name)
        if match and match.group(1) in sources:
            for value in values:
                text = normalize_newlines(value.strip()) or ""
                if unchanged.get(name) != text:
                    yield text
