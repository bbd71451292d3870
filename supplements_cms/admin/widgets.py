"""Admin widgets."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse
from django.utils.safestring import mark_safe
from markdownx.widgets import AdminMarkdownxWidget

from ..content.markdown import render_markdown


class MarkdownEditorWidget(AdminMarkdownxWidget):
    """A Markdown box with a live preview, an image button, and images dropped or pasted.

    markdownx's markup and settings (latency, growing box), with the package's own script: it
    sets up boxes in inline rows added with "Add another" (markdownx does not, its issue #275),
    asks for alt text, and puts an image on a line of its own. The endpoints are the package's
    staff-only views, found by URL name, so a site sets no ``MARKDOWNX_URLS_PATH``. The preview
    starts rendered, so opening a form costs no request per box.

    On a long form, ``shared_parts`` leaves the image button and the alt-text dialog out of each
    box (the page carries them once, markdown_editor_parts.html, and the script copies them in),
    and ``preview_when_used`` leaves the preview out until the box is first typed into: fifty
    benefits then cost fifty text boxes, not fifty toolbars, dialogs and rendered previews.
    """

    def __init__(self, attrs=None, *, shared_parts: bool = False, preview_when_used: bool = False):
        super().__init__(attrs)
        self.shared_parts = shared_parts
        self.preview_when_used = preview_when_used

    template_name = "admin/supplements_cms/widgets/markdown_editor.html"

    class Media:
        extend = False
        css = {"all": ["markdownx/admin/css/markdownx.min.css"]}
        js = ["supplements_cms/markdown_editor.js"]

    @classmethod
    def shared_attrs(cls) -> dict[str, str]:
        """The settings a box with ``shared_parts`` leaves to the page's shared parts."""
        attrs = cls.add_markdownx_attrs({})
        attrs.pop("class", None)
        return {**attrs, **editor_addresses()}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        if self.shared_parts:
            # The admin's stylesheet sizes the box; the columns would only be bytes.
            attrs.pop("cols", None)
            # The page's shared parts carry the addresses and settings, once; the article form
            # never loads markdownx's own script, so no box needs to ward it off.
            for name in [n for n in attrs if n.startswith("data-markdownx-")]:
                del attrs[name]
        else:
            attrs.update(editor_addresses())
            # markdownx's own script, should a page load it, leaves this box alone.
            attrs["data-markdownx-init"] = ""
        context["widget"]["shared_parts"] = self.shared_parts
        # Sanitized by render_markdown, the same HTML the preview endpoint returns.
        context["widget"]["preview"] = (
            None if self.preview_when_used else mark_safe(render_markdown(value or ""))
        )
        return context


def editor_addresses() -> dict[str, str]:
    """The preview and upload endpoints, as markdownx's attributes name them."""
    return {
        "data-markdownx-urls-path": reverse("supplements_cms:editor_preview"),
        "data-markdownx-upload-urls-path": reverse("supplements_cms:editor_upload"),
    }


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
