"""The article form's inline rows, rendered in Python: the markup of Django's stacked inline
(``admin/includes/fieldset.html``) without a template per label, per empty error list and per
line.

A long article has some eighty rows of six to ten fields; Django's templates render each field
through four to six templates (the line, the field, its label, its errors), which made opening
a 50-benefit form four times as slow as a short one. Here a row's fields cost their widgets
alone. Fieldsets with a heading, a description or read-only fields keep Django's template.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.admin.helpers import AdminField, Fieldline, InlineFieldset
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def plain_fieldset(fieldset: InlineFieldset) -> bool:
    """Whether :func:`inline_fieldset` renders ``fieldset`` as Django's template would."""
    # Fieldset's attributes, which django-stubs does not list.
    plain: Any = fieldset
    return not (
        plain.name
        or plain.description
        or any(field in plain.readonly_fields for field in _names(plain.fields))
    )


@register.simple_tag
def inline_fieldset(fieldset: InlineFieldset) -> SafeString:
    """``fieldset`` (one without a heading, description or read-only field) as
    ``admin/includes/fieldset.html`` renders it."""
    lines = "".join(_line(line) for line in fieldset)
    return format_html(
        '<fieldset class="module aligned {}">{}</fieldset>', fieldset.classes, mark_safe(lines)
    )


@register.simple_tag
def inline_label(field: AdminField) -> SafeString:
    """``field.label_tag()`` (the admin's label with its classes and suffix), without a
    template."""
    bound = field.field
    classes = []
    if field.is_checkbox:
        classes.append("vCheckboxLabel")
    if bound.field.required:
        classes.append("required")
    if not field.is_first:
        classes.append("inline")
    contents = conditional_escape(bound.label)
    suffix = "" if field.is_checkbox else bound.field.label_suffix
    if suffix is None:
        suffix = bound.form.label_suffix
    # BoundField.label_tag's rule: no suffix after a label that ends in punctuation.
    if suffix and contents and contents[-1] not in gettext(":?.!"):
        contents = format_html("{}{}", contents, suffix)
    attrs = {"class": " ".join(classes)} if classes else {}
    id_ = bound.field.widget.attrs.get("id") or bound.auto_id
    if not id_:
        return SafeString(contents)
    for_id = bound.field.widget.id_for_label(id_)
    if for_id:
        attrs["for"] = for_id
    required_class = getattr(bound.form, "required_css_class", None)
    if bound.field.required and required_class:
        attrs["class"] = (
            f"{attrs['class']} {required_class}" if "class" in attrs else required_class
        )
    return format_html("<label{}>{}</label>", flatatt(attrs), contents)


def _names(fields) -> list:
    return [
        name
        for entry in fields
        for name in (entry if isinstance(entry, (list, tuple)) else [entry])
    ]


def _errors(field: Any) -> str:
    # An empty error list renders nothing, but through a template: skipped here.
    return field.field.errors.as_ul() if field.field.errors else ""


def _line(line: Fieldline) -> str:
    # Only AdminFields: plain_fieldset leaves fieldsets with read-only fields to Django.
    fields: list[Any] = list(line)
    single = len(line.fields) == 1
    classes = ["form-row"]
    if single and fields[0].field.errors:
        classes.append("errors")
    if not line.has_visible_field:
        classes.append("hidden")
    classes += [f"field-{field.field.name}" for field in fields if field.field.name]
    parts: list[str] = [format_html('<div class="{}">', " ".join(classes))]
    if single:
        parts.append(_errors(fields[0]))
    else:
        parts.append('<div class="flex-container form-multiline">')
    for field in fields:
        parts.append(_field(field, single))
    if not single:
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _field(field: AdminField, single: bool) -> str:
    bound = field.field
    classes = ["flex-container"]
    if not single:
        classes += ["fieldBox", f"field-{bound.name}"]
        if bound.errors:
            classes.append("errors")
        if bound.is_hidden:
            classes.append("hidden")
    if field.is_checkbox:
        classes.append("checkbox-row")
    widget, label = str(bound), inline_label(field)
    contents = widget + label if field.is_checkbox else label + widget
    html = format_html(
        '<div>{}<div class="{}">{}</div>',
        "" if single else mark_safe(_errors(field)),
        " ".join(classes),
        mark_safe(contents),
    )
    if bound.help_text:
        html += format_html(
            '<div class="help{}"{}><div>{}</div></div>',
            " hidden" if bound.is_hidden else "",
            format_html(' id="{}_helptext"', bound.id_for_label) if bound.id_for_label else "",
            mark_safe(bound.help_text),
        )
    return html + "</div>"
