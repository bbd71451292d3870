"""What every admin of the package shares: the editor's stylesheet and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from ..fields import MarkdownField
from ..widgets import MarkdownEditorWidget, TrimmedDecimalInput

EDITOR_WIDGETS: dict[type[models.Field], dict[str, Any]] = {
    MarkdownField: {"widget": MarkdownEditorWidget},
    # Amounts as typed ("350"), not padded to the column's decimal places ("350.000").
    models.DecimalField: {"widget": TrimmedDecimalInput},
}


if TYPE_CHECKING:
    from django.contrib import admin

    from ..models import Article

    # What the article admin's mixins extend, for the type checker: they are mixed into
    # ArticleAdmin, a ModelAdmin. At run time they stay plain classes.
    ArticleAdminBase = admin.ModelAdmin[Article]
else:
    ArticleAdminBase = object


class EditorMedia:
    """The package's admin stylesheet: markdownx sized to the form, conflicts, diffs."""

    class Media:
        css = {"all": ["supplements_cms/admin.css"]}
