"""Admin widgets."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse
from django.utils.safestring import mark_safe
from markdownx.widgets import AdminMarkdownxWidget

from .markdown import render_markdown


class MarkdownEditorWidget(AdminMarkdownxWidget):
    """A Markdown box with a live preview, an image button, and images dropped or pasted.

    markdownx's markup and settings (latency, growing box), with the package's own script: it
    sets up boxes in inline rows added with "Add another" (markdownx does not, its issue #275),
    asks for alt text, and puts an image on a line of its own. The endpoints are the package's
    staff-only views, found by URL name, so a site sets no ``MARKDOWNX_URLS_PATH``. The preview
    starts rendered, so opening a form costs no request per box.
    """

    template_name = "admin/supplements_cms/widgets/markdown_editor.html"

    class Media:
        extend = False
        css = {"all": ["markdownx/admin/css/markdownx.min.css"]}
        js = ["supplements_cms/markdown_editor.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-markdownx-urls-path": reverse("supplements_cms:editor_preview"),
                "data-markdownx-upload-urls-path": reverse("supplements_cms:editor_upload"),
                # markdownx's own script, should a page load it, leaves this box alone.
                "data-markdownx-init": "",
            }
        )
        # Sanitized by render_markdown, the same HTML the preview endpoint returns.
        context["widget"]["preview"] = mark_safe(render_markdown(value or ""))
        return context


class TrimmedDecimalInput(forms.NumberInput):
    """A decimal without the padding zeros of its column: "350", not "350.000"."""

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            return f"{value.normalize():f}"
        return super().format_value(value)


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each with a label of its own.

    Django's widget writes "Date:" and "Time:" as plain text beside the boxes, so a screen reader
    announces two unnamed text boxes.
    """

    template_name = "admin/supplements_cms/widgets/split_datetime.html"
