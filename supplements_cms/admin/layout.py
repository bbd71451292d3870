"""The article form in the order of the page it makes, with the editor's scripts configured.

Django's admin puts every fieldset first and every inline after them, so benefits and related
posts would sit below "Publishing". Here the form is one list of parts, fieldsets and inlines
interleaved, and the change form template renders them in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.admin.helpers import Fieldset, InlineAdminFormSet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import conf
from ..models.articles import WORDS_PER_MINUTE
from .base import ArticleAdminBase
from .widgets import MarkdownEditorWidget


def in_order(sections: dict[str, tuple], order: tuple[str, ...]) -> list[tuple]:
    """The fieldsets of ``sections`` in ``order`` (which also names inlines, skipped here)."""
    return [sections[name] for name in order if name in sections]


@dataclass(frozen=True)
class FormPart:
    """One part of the form as the template renders it: a fieldset or an inline."""

    name: str
    fieldset: Fieldset | None = None
    inline: InlineAdminFormSet | None = None
    # Numbers the fieldsets' heading ids, as Django's own template does.
    index: int = 0


class FormLayoutMixin(ArticleAdminBase):
    """Renders ``form_sections`` and the inlines interleaved, as ``form_order`` says.

    Each name in ``form_order`` is a key of ``form_sections`` (a fieldset) or the prefix of an
    inline's formset. An inline the order does not name comes last, so none is ever lost.
    Inlines with a ``sortable_field_name`` are ordered by drag and drop in the browser.
    """

    form_order: tuple[str, ...] = ()
    form_sections: dict[str, tuple] = {}
    # Plain text fields whose words the reading time counts; "prefix-name" for inline rows.
    word_count_fields: tuple[str, ...] = ()

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj=None,
    ) -> HttpResponse:
        inlines = context.get("inline_admin_formsets", [])
        fieldsets = zip(self.get_fieldsets(request, obj), context["adminform"], strict=True)
        context["form_parts"] = self.form_parts(fieldsets, inlines)
        context["editor_config"] = self.editor_config(request, obj, context)
        context["editor_parts"] = MarkdownEditorWidget.shared_attrs()
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(_without_indentation)
        return response

    def form_parts(self, fieldsets, inline_admin_formsets) -> list[FormPart]:
        """``fieldsets``: (declared, rendered) pairs, as ``get_fieldsets`` and the admin give
        them; a fieldset or inline that ``form_order`` does not name comes last."""
        fieldsets = list(fieldsets)
        inlines = {f.formset.prefix: f for f in inline_admin_formsets}
        parts: list[FormPart] = []
        for name in self.form_order:
            if name in inlines:
                parts.append(FormPart(name, inline=inlines.pop(name)))
                continue
            pair = next((p for p in fieldsets if p[0] == self.form_sections.get(name)), None)
            if pair is not None:
                parts.append(FormPart(name, fieldset=pair[1]))
                fieldsets.remove(pair)
        parts += [FormPart("", fieldset=rendered) for _declared, rendered in fieldsets]
        parts += [FormPart(prefix, inline=inline) for prefix, inline in inlines.items()]
        return [replace(part, index=index) for index, part in enumerate(parts)]

    def editor_config(self, request: HttpRequest, obj, context: dict[str, Any]) -> dict[str, Any]:
        """What the article form's scripts need, strings translated here (the admin's JavaScript
        catalogue holds only the admin's own strings)."""
        address = reverse("supplements_cms:article_detail", kwargs={"slug": "__slug__"})
        return {
            "sortable": {
                f.formset.prefix: f.opts.sortable_field_name
                for f in context.get("inline_admin_formsets", [])
                if getattr(f.opts, "sortable_field_name", None)
            },
            "limits": {
                "seoTitle": conf.get("SEO_TITLE_MAX_LENGTH"),
                "summary": conf.get("SUMMARY_MAX_LENGTH"),
                "wordsPerMinute": WORDS_PER_MINUTE,
            },
            # Counted as Article.word_count and reading_minutes count them, with the text of
            # every Markdown box's preview.
            "wordFields": self.word_count_fields,
            "articleAddress": request.build_absolute_uri(address),
            # The form came back from a refused save: what it holds is not saved.
            "unsaved": request.method == "POST",
            # The scripts fill in the %(…)s placeholders.
            "strings": {
                "moveUp": _("Move up"),
                "moveDown": _("Move down"),
                "drag": _("Drag to reorder"),
                "moved": _("Moved to position %(position)s of %(count)s."),
                "autosaved": _("Your changes were autosaved at %(time)s (not saved yet)."),
                "notAutosaved": _("Not autosaved: %(reason)s"),
                "offline": _("the server could not be reached."),
                "words": _("Words: %(words)s · Reading time: %(minutes)s min"),
                "characters": _("%(count)s of %(limit)s characters"),
                "tooLong": _(
                    "%(count)s characters: search results show about %(limit)s, the rest is cut."
                ),
                "titleFromTitle": _("(the title, as the SEO title is empty)"),
                "searchPreview": _("In search results"),
            },
        }


# A line break and the indentation around it, between two tags.
_BETWEEN_TAGS = re.compile(r">[ \t]*\n\s*<")
# Where that white space is next to the edge of a block (a form row, a fieldset, an option), it
# shows as nothing at all.
_AT_BLOCK_EDGE = re.compile(
    r"(</?(?:div|fieldset|h3|option)(?:\s[^<>]*)?>)\n(?=<)"
    r"|>\n(?=</?(?:div|fieldset|h3|option)\b|</select>)"
)


def _without_indentation(response: HttpResponse) -> None:
    """Drop the templates' indentation between tags: a third of a long form's bytes.

    A run of white space between tags shows as one space at most, so one line break stays in its
    place (none at the edge of a block, where it shows as nothing) and the page looks the same;
    text in a box or in ``<pre>`` never lies between two tags this way (their ``<`` and ``>`` are
    escaped).
    """
    html = _BETWEEN_TAGS.sub(">\n<", response.content.decode(response.charset))
    response.content = _AT_BLOCK_EDGE.sub(lambda m: m.group(1) or ">", html)
