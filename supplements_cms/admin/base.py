"""What every admin of the package shares: the editor's stylesheet and widgets."""

from __future__ import annotations

from django.db import models

from ..content.fields import MarkdownField
from .widgets import MarkdownEditorWidget, TrimmedDecimalInput

EDITOR_WIDGETS = {
    MarkdownField: {"widget": MarkdownEditorWidget},
    # Amounts as typed ("350"), not padded to the column's decimal places ("350.000").
    models.DecimalField: {"widget": TrimmedDecimalInput},
}


class EditorMedia:
    """The package's admin stylesheet: markdownx sized to the form, conflicts, diffs."""

    class Media:
        css = {"all": ["supplements_cms/admin.css"]}
