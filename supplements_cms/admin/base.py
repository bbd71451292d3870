"""What every admin of the package shares: reads on the write database, the editor's
stylesheet and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, router
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver

from ..content.fields import MarkdownField
from ..editorial.primary import reads_own_writes
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

    def get_urls(self) -> list[URLPattern | URLResolver]:
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
