"""What every admin of the package shares: the editor's stylesheet and Markdown widget."""

from __future__ import annotations

from ..fields import MarkdownField
from ..widgets import MarkdownEditorWidget

MARKDOWN_EDITOR = {MarkdownField: {"widget": MarkdownEditorWidget}}


class EditorMedia:
    """The package's admin stylesheet: markdownx sized to the form, conflicts, diffs."""

    class Media:
        css = {"all": ["supplements_cms/admin.css"]}
