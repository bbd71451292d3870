"""The article form's inline rows, rendered in Python: the markup of Django's stacked inline
(``admin/includes/fieldset.html``) without a template per label, per empty error list and per
line.

A long article has some eighty rows of six to ten fields; Django's templates render each field
through four to six templates (the line, the field, its label, its errors), which made opening
a 50-benefit form four times as slow as a short one. Here a row's fields cost their widgets
alone. Fieldsets with a heading, a description, read-only fields or a field drawn as a fieldset
of its own keep Django's template, and so does a group whose rows have links (a change link,
"View on site"). The markup is that of the Django release running: 5.2's, or 6.1's (which moved
the label, help and errors of a field into one box); under another release the rows are
Django's templates.
"""

from __future__ import annotations

from typing import Any

import django
from django import template
from django.contrib.admin.helpers import (
    AdminField,
    Fieldline,
    InlineAdminForm,
    InlineAdminFormSet,
    InlineFieldset,
)
from django.template import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

# Django's own message, translated by its catalog (under another name, so that the package's
# catalogs do not take it as theirs).
from django.utils.translation import gettext as _djangos_message

from ..admin.row_renderer import attrs_html, esc

register = template.Library()
_MEMO = "supplements_cms_inlines"


def _plain_fieldset(fieldset: InlineFieldset) -> bool:
    """Whether :func:`_fieldset` writes ``fieldset`` (else Django's template does)."""
    # Fieldset's attributes, which django-stubs does not list.
    plain: Any = fieldset
    names = _names(plain.fields)
    return not (
        plain.name
        or plain.description
        or any(field in plain.readonly_fields for field in names)
        # Django 6 draws a field whose widget uses a fieldset (radio buttons, a split date and
        # time) inside a <fieldset> with a <legend>: left to its template.
        or any(plain.form[field].field.widget.use_fieldset for field in names)
    )


# The Django releases whose admin markup (``admin/includes/fieldset.html``) :func:`inline_row`
# writes, each with its way of writing a line; under another the rows are Django's templates.
MARKUP_OF = {(5, 2): "5.2", (6, 1): "6.1"}


@register.filter
def plain_rows(formset: InlineAdminFormSet) -> bool:
    """Whether :func:`inline_row` writes ``formset``'s rows: Django is the release whose markup it
    reproduces, and no row has a change link or "View on site" (a group with them keeps
    Django's template)."""
    if django.VERSION[:2] not in MARKUP_OF:
        return False
    opts: Any = formset.opts
    links = opts.show_change_link and opts.has_registered_model
    on_site = opts.view_on_site and (
        callable(opts.view_on_site) or hasattr(opts.model, "get_absolute_url")
    )
    return not (links or on_site)


@register.simple_tag(takes_context=True)
def inline_row(
    context: Context, formset: InlineAdminFormSet, row: InlineAdminForm, index: int, last: bool
) -> SafeString:
    """A row of ``admin/edit_inline/stacked.html``, in a group :func:`plain_rows` accepts."""
    prefix = formset.formset.prefix
    # What every row of the group shares (translated names), worked out for the first row.
    memo = context.render_context.get(_MEMO)
    if memo is None:
        memo = context.render_context[_MEMO] = {}
    if "verbose_name" not in memo:
        memo["verbose_name"] = esc(capfirst(formset.opts.verbose_name))
    empty = last and formset.has_add_permission
    classes = "inline-related"
    if row.original or row.show_url:
        classes += " has_original"
    if empty:
        classes += " empty-form last-related"
    parts = [
        f'<div class="{classes}" id="{esc(prefix)}-{"empty" if empty else index}">',
        f"<h3><b>{memo['verbose_name']}:</b> ",
        f'<span class="inline_label">{esc(row.original) if row.original else f"#{index + 1}"}',
        "</span>",
    ]
    if formset.formset.can_delete and formset.has_delete_permission and row.original:
        deletion = row.deletion_field()
        parts.append(f'<span class="delete">{deletion.field} {_label(deletion, memo)}</span>')
    parts.append("</h3>")
    if row.form.non_field_errors():
        parts.append(str(row.form.non_field_errors()))
    for number, fieldset in enumerate(row):
        if _plain_fieldset(fieldset):
            parts.append(_fieldset(fieldset, memo))
        else:
            parts.append(_djangos_fieldset(context, fieldset, prefix, index, number))
    if row.needs_explicit_pk_field():
        parts.append(str(row.pk_field().field))
    fk_field = row.fk_field()
    if fk_field:
        parts.append(str(fk_field.field))
    parts.append("</div>")
    return mark_safe("".join(parts))


def _djangos_fieldset(context: Context, fieldset, prefix: str, row: int, number: int) -> str:
    """What stacked.html's include of ``admin/includes/fieldset.html`` writes."""
    assert context.template is not None  # a tag renders inside a template
    template = context.template.engine.get_template("admin/includes/fieldset.html")
    values = {"fieldset": fieldset, "heading_level": 4, "prefix": prefix}
    with context.push(**values, id_prefix=row, id_suffix=number):
        return template.render(context)


def _fieldset(fieldset: InlineFieldset, memo: dict) -> str:
    """``fieldset`` as ``admin/includes/fieldset.html`` writes one without a heading,
    description or read-only field."""
    lines = "".join(_line(line, memo) for line in fieldset)
    return f'<fieldset class="module aligned {esc(fieldset.classes)}">{lines}</fieldset>'


def _label(field: AdminField, memo: dict) -> str:
    """``field.label_tag()`` (the admin's label with its classes and suffix), without a
    template; ``memo`` keeps the label's text for the group's other rows."""
    bound = field.field
    classes = []
    if field.is_checkbox:
        classes.append("vCheckboxLabel")
    if bound.field.required:
        classes.append("required")
    if not field.is_first:
        classes.append("inline")
    suffix = "" if field.is_checkbox else bound.field.label_suffix
    if suffix is None:
        suffix = bound.form.label_suffix
    # The same label object on every row (the form's fields are copies of its class's).
    key = ("label", id(bound.label), suffix)
    contents = memo.get(key)
    if contents is None:
        contents = esc(bound.label)
        # BoundField.label_tag's rule: no suffix after a label that ends in punctuation.
        if suffix and contents and contents[-1] not in _djangos_message(":?.!"):
            contents += esc(suffix)
        memo[key] = contents
    attrs = {"class": " ".join(classes)} if classes else {}
    id_ = bound.field.widget.attrs.get("id") or bound.auto_id
    if not id_:
        return contents
    for_id = bound.field.widget.id_for_label(id_)
    if for_id:
        attrs["for"] = for_id
    required_class = getattr(bound.form, "required_css_class", None)
    if bound.field.required and required_class:
        attrs["class"] = (
            f"{attrs['class']} {required_class}" if "class" in attrs else required_class
        )
    return f"<label{attrs_html(attrs)}>{contents}</label>"


def _names(fields) -> list:
    return [
        name
        for entry in fields
        for name in (entry if isinstance(entry, (list, tuple)) else [entry])
    ]


def _errors(field: Any) -> str:
    # An empty error list renders nothing, but through a template: skipped here.
    return field.field.errors.as_ul() if field.field.errors else ""


def _line(line: Fieldline, memo: dict) -> str:
    if MARKUP_OF[django.VERSION[:2]] == "6.1":
        return _line_61(line, memo)
    # Only AdminFields: plain_fieldset leaves fieldsets with read-only fields to Django.
    fields: list[Any] = list(line)
    single = len(line.fields) == 1
    classes = ["form-row"]
    if single and fields[0].field.errors:
        classes.append("errors")
    if not line.has_visible_field:
        classes.append("hidden")
    classes += [f"field-{field.field.name}" for field in fields if field.field.name]
    parts = [f'<div class="{esc(" ".join(classes))}">']
    if single:
        parts.append(_errors(fields[0]))
    else:
        parts.append('<div class="flex-container form-multiline">')
    parts += [_field(field, single, memo) for field in fields]
    if not single:
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _box_classes(field: AdminField, single: bool, release: str) -> str:
    """The class of a field's flex box; 6.1 marks errors on a line of one field too."""
    bound = field.field
    classes = ["flex-container"]
    if release == "6.1" and bound.errors:
        classes.append("errors")
    if not single:
        classes += ["fieldBox", f"field-{bound.name}"]
        if release == "5.2" and bound.errors:
            classes.append("errors")
        if bound.is_hidden:
            classes.append("hidden")
    if field.is_checkbox:
        classes.append("checkbox-row")
    return esc(" ".join(classes))


def _field(field: AdminField, single: bool, memo: dict) -> str:
    bound = field.field
    widget, label = str(bound), _label(field, memo)
    contents = widget + label if field.is_checkbox else label + widget
    errors = "" if single else _errors(field)
    written = f'<div>{errors}<div class="{_box_classes(field, single, "5.2")}">{contents}</div>'
    if bound.help_text:
        written += _help(bound)
    return written + "</div>"


def _help(bound: Any) -> str:
    hidden = " hidden" if bound.is_hidden else ""
    for_id = bound.id_for_label
    help_id = f' id="{esc(for_id)}_helptext"' if for_id else ""
    # The admin's template marks help text safe, as Django's forms do.
    return f'<div class="help{hidden}"{help_id}><div>{bound.help_text}</div></div>'


def _line_61(line: Fieldline, memo: dict) -> str:
    """:func:`_line` as Django 6.1 writes it: label, help, errors and box in one flex box."""
    fields: list[Any] = list(line)
    single = len(line.fields) == 1
    classes = ["form-row"]
    if not single:
        classes += ["flex-container", "form-multiline"]
    if not line.has_visible_field:
        classes.append("hidden")
    classes += [f"field-{field.field.name}" for field in fields if field.field.name]
    boxes = "".join(_field_61(field, single, memo) for field in fields)
    return f'<div class="{esc(" ".join(classes))}">{boxes}</div>'


def _field_61(field: AdminField, single: bool, memo: dict) -> str:
    bound = field.field
    label = _label(field, memo)
    parts = [f'<div class="{_box_classes(field, single, "6.1")}">']
    parts.append(f'<div class="checkbox">{bound}{label}</div>' if field.is_checkbox else label)
    if bound.help_text:
        parts.append(_help(bound))
    parts.append(_errors(field))
    if not field.is_checkbox:
        parts.append(str(bound))
    parts.append("</div>")
    return "".join(parts)
