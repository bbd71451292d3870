"""What every admin of the package shares: the editor's stylesheet and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from ..content.fields import MarkdownField
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
