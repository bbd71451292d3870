"""Admin widgets."""

from __future__ import annotations

from django.urls import reverse
from markdownx.widgets import AdminMarkdownxWidget


class MarkdownEditorWidget(AdminMarkdownxWidget):
    """markdownx's editor pointed at the package's own preview and upload views.

    markdownx reads its endpoints from settings once, at import. Reversing our URL names instead
    means a site sets no ``MARKDOWNX_URLS_PATH``, and the editor follows wherever the URLs are.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-markdownx-urls-path": reverse("supplements_cms:editor_preview"),
                "data-markdownx-upload-urls-path": reverse("supplements_cms:editor_upload"),
            }
        )
        return context
