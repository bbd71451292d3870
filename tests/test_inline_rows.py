"""The article's inline rows are written without a template per box (admin/row_renderer.py):
the HTML must be the templates' own, and a template a site overrides must still be used."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

from supplements_cms.admin.row_renderer import RowRenderer
from supplements_cms.admin.widgets import MarkdownEditorWidget

lazy_text = lazy(lambda: "Lazy <label>", str)


class _Everything(forms.Form):
    title = forms.CharField(help_text="Shown <b>under</b>")
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(min_value=1900)
    url = forms.URLField(required=False, assume_scheme="https")
    email = forms.EmailField(required=False)
    ticked = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=[("main", "Main <1>"), ("extra", lazy_text())])
    grouped = forms.ChoiceField(
        choices=[("Group & co", [("a", "A"), ("b", "B")]), ("c", "C")], required=False
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-flag": True}))
    marked = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": mark_safe("<i>safe</i>"), "off": False})
    )
    description = forms.CharField(
        widget=MarkdownEditorWidget(attrs={"rows": 3}, shared_parts=True, preview_when_used=True)
    )


DATA = {
    "title": "Quotes \" and <tags> & 'apostrophes'",
    "hidden": "7",
    "year": "1800",
    "url": "javascript:alert(1)",
    "email": "a@b",
    "ticked": "on",
    "kind": "extra",
    "grouped": "b",
    "text": "\nLine one <script>\n\nline two & more",
    "marked": "x",
    "description": "*Markdown* <b>kept as text</b>",
}


class _Spy:
    """The site's renderer, counting what reaches it."""

    def __init__(self, renderer) -> None:
        self.renderer, self.rendered = renderer, []

    def __getattr__(self, name):
        return getattr(self.renderer, name)

    def render(self, template_name, context, request=None):
        self.rendered.append(template_name)
        return self.renderer.render(template_name, context, request)


@pytest.mark.parametrize("bound", [False, True])
def test_every_box_is_written_as_its_template_writes_it(bound):
    site = get_default_renderer()
    spy = _Spy(site)
    templated = _Everything(DATA if bound else None, renderer=site)
    written = _Everything(DATA if bound else None, renderer=RowRenderer(spy))
    if bound:
        # Errors too: aria attributes and the error lists.
        assert not templated.is_valid()
        assert not written.is_valid()

    for name in templated.fields:
        assert str(written[name]) == str(templated[name]), name
    # None of the boxes went through a template.
    assert not [n for n in spy.rendered if "/widgets/" in n]


def test_a_template_the_site_overrides_is_still_used(tmp_path):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "input.html").write_text('<input data-site="yes" name="{{ widget.name }}">')

    class SiteRenderer(DjangoTemplates):
        @property
        def engine(self):
            engine = super().engine
            engine.engine.dirs = [str(tmp_path), *engine.engine.dirs]
            return engine

    form = _Everything(renderer=RowRenderer(SiteRenderer()))

    assert str(form["title"]) == '<input data-site="yes" name="title">'
    # A box whose templates are all Django's own is still written without them.
    assert str(form["text"]).startswith("<textarea")


@pytest.mark.django_db
def test_rows_cost_no_template_each_on_the_release_whose_markup_they_write(admin_client):
    """On the Django releases whose markup :func:`inline_row` copies, a row costs no template
    of its own; on another the rows are Django's templates (whose markup the other tests
    compare)."""
    import django
    from django.test.signals import template_rendered

    from supplements_cms.templatetags.supplements_cms_inlines import MARKUP_OF
    from tests.admin_forms import change_url, make_long_article

    rendered: list[str] = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    counts = {}
    template_rendered.connect(count)
    try:
        for rows in (3, 43):
            article = make_long_article(f"Rows {rows}", benefits=rows, references=0)
            rendered.clear()
            assert admin_client.get(change_url(article)).status_code == 200
            counts[rows] = len(rendered)
    finally:
        template_rendered.disconnect(count)
    per_row = (counts[43] - counts[3]) / 40
    if django.VERSION[:2] in MARKUP_OF:
        assert per_row < 1
    else:
        assert per_row > 5


def _elements(markup: str) -> list:
    """Tag, attributes and text of each element, whitespace aside."""
    from bs4 import BeautifulSoup

    root = BeautifulSoup(markup, "html.parser")
    return [
        (
            e.name,
            sorted((k, " ".join(v) if isinstance(v, list) else v) for k, v in e.attrs.items()),
            " ".join(e.get_text(" ").split()) if not e.find() else "",
        )
        for e in root.find_all(True)
    ]


class _Lines(forms.Form):
    title = forms.CharField(help_text="Shown <b>under</b>")
    main = forms.BooleanField(required=False, help_text="Listed first")
    year = forms.IntegerField(min_value=1900)
    url = forms.URLField(required=False, assume_scheme="https")
    hidden = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label="Why?", required=False)


@pytest.mark.parametrize("bound", [False, True])
def test_a_fieldsets_lines_are_written_as_djangos_fieldset_template_writes_them(bound):
    """Every kind of line the rows can hold (one field or several, a checkbox, help text,
    a hidden field, errors on one field of a line and on a line of one) against Django's own
    ``admin/includes/fieldset.html`` of the running release (CI runs each release of
    ``MARKUP_OF``)."""
    from django.contrib.admin.helpers import Fieldset
    from django.template.loader import get_template

    from supplements_cms.templatetags.supplements_cms_inlines import _fieldset

    data = {"title": "", "main": "on", "year": "1800", "url": "nope", "hidden": "", "note": ""}
    form = _Lines(data if bound else None)
    if bound:
        assert set(form.errors) == {"title", "year", "url"}
    layout = ("title", ("main", "year"), ("url", "hidden"), "note")
    fieldset = Fieldset(form, fields=layout, classes=("wide",))

    djangos = get_template("admin/includes/fieldset.html").render(
        {"fieldset": fieldset, "heading_level": 4, "prefix": "x", "id_prefix": 0, "id_suffix": 0}
    )
    ours = _fieldset(fieldset, {})

    assert "checkbox-row" in djangos
    assert _elements(ours) == _elements(djangos)


def test_a_field_drawn_as_a_fieldset_of_its_own_is_left_to_djangos_template():
    """Django 6 puts radio buttons or a split date and time in a <fieldset> with a <legend>,
    which the rows do not write."""
    from django.contrib.admin.helpers import Fieldset

    from supplements_cms.templatetags.supplements_cms_inlines import _plain_fieldset

    class Choice(forms.Form):
        title = forms.CharField()
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    assert _plain_fieldset(Fieldset(Choice(), fields=("title",)))
    assert not _plain_fieldset(Fieldset(Choice(), fields=("title", "kind")))
