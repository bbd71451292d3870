"""The form renderer of the article's inline rows: the site's, with Django's own input, select
and textarea templates written in Python.

A long article's form has some eighty rows and six hundred boxes; through templates each box
costs two or three of them (the widget's, ``input.html``, ``attrs.html``), which made opening a
50-benefit form several times as slow as a short one. The HTML is the templates' to the byte
(tests/test_article_form.py compares them). A template the site overrides, or any other
template, is rendered by the site's renderer as before.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django.forms
from django.template import TemplateDoesNotExist
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
_INPUT_TYPES = (
    "text",
    "hidden",
    "number",
    "url",
    "email",
    "password",
    "checkbox",
    "date",
    "time",
    "datetime",
)
_DJANGOS_OWN = Path(django.forms.__file__).resolve().parent / "templates"


class RowRenderer:
    """``renderer`` with the widget templates below rendered without a template engine."""

    def __init__(self, renderer: Any) -> None:
        self.renderer = renderer

    def __getattr__(self, name: str) -> Any:
        # The form, field and formset templates' names, the bound field class: the site's.
        return getattr(self.renderer, name)

    def get_template(self, template_name: str) -> Any:
        return self.renderer.get_template(template_name)

    def render(self, template_name: str, context: dict[str, Any], request=None) -> str:
        fast = _FAST.get(template_name)
        widget = context.get("widget")
        if fast is not None and widget is not None and _stock(self.renderer, template_name):
            written = fast(widget)
            if written is not None:
                return written
        return self.renderer.render(template_name, context, request)


def esc(value: Any) -> str:
    """``conditional_escape(value)``: the same text, without its lazy-argument wrapper (it
    cost the rows more than writing them)."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _value(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` as a template writes it."""
    if isinstance(value, SafeData):
        return str(value)
    try:
        text = "%s" % value  # noqa: UP031 - the filter's own formatting
    except (ValueError, TypeError):
        text = ""
    return html.escape(text)


def attrs_html(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{_value(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_value(value)}"'
    kind, name = esc(widget["type"]), esc(widget["name"])
    return f'<input type="{kind}" name="{name}"{shown}{attrs_html(widget["attrs"])}>'


def _textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    text = esc(value) if value else ""
    name = esc(widget["name"])
    return f'<textarea name="{name}"{attrs_html(widget["attrs"])}>\n{text}</textarea>'


def _option(option: dict[str, Any]) -> str:
    label = esc(localize(option["label"]))
    return (
        f'<option value="{_value(option["value"])}"{attrs_html(option["attrs"])}>{label}</option>\n'
    )


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{esc(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{esc(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != _WIDGETS + "select_option.html":
                return None  # an option of its own kind: the template renders it
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts).strip()


def _markdown_row(widget: dict[str, Any]) -> str | None:
    """markdown_editor.html for a box whose parts the page shares and whose preview comes
    when used (a benefit's): its text box in the editor's frame."""
    if not widget.get("shared_parts") or widget.get("preview") is not None:
        return None
    textarea = _textarea(widget)
    return f'<div class="markdownx scms-md" data-scms-editor>\n  \n  {textarea}\n\n  \n  \n</div>'


_MARKDOWN_EDITOR = "admin/supplements_cms/widgets/markdown_editor.html"
_FAST: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{_WIDGETS}{name}.html": _input for name in _INPUT_TYPES},
    _WIDGETS + "textarea.html": _textarea,
    _WIDGETS + "select.html": _select,
    _MARKDOWN_EDITOR: _markdown_row,
}
# The templates each fast one stands for: all must be the files shipped with them.
_USES = {
    **{f"{_WIDGETS}{name}.html": ["input.html", "attrs.html"] for name in _INPUT_TYPES},
    _WIDGETS + "textarea.html": ["attrs.html"],
    _WIDGETS + "select.html": ["select_option.html", "attrs.html"],
    _MARKDOWN_EDITOR: ["textarea.html", "attrs.html"],
}
_SHIPPED = {
    **{name: _DJANGOS_OWN / name for name in _FAST if name.startswith(_WIDGETS)},
    **{
        _WIDGETS + name: _DJANGOS_OWN / _WIDGETS / name
        for names in _USES.values()
        for name in names
    },
    _MARKDOWN_EDITOR: Path(__file__).resolve().parent.parent / "templates" / _MARKDOWN_EDITOR,
}


@functools.cache
def _stock(renderer: Any, template_name: str) -> bool:
    """Whether ``renderer`` finds the shipped files for ``template_name`` and what it includes
    (a site may override any of them); decided once per renderer and template."""
    names = [template_name, *(_WIDGETS + name for name in _USES[template_name])]
    for name in names:
        try:
            origin = renderer.get_template(name).origin
        except TemplateDoesNotExist:
            return False
        if Path(str(origin.name)).resolve() != _SHIPPED[name]:
            return False
    return True
