"""The article's parts, edited on its own form: benefits, references and related posts."""

from __future__ import annotations

import copy
import functools
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db.models import Case, QuerySet, When
from django.forms.renderers import get_default_renderer
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..content.fields import MarkdownFormField
from ..content.limits import LimitedInlineFormSet, limit_for
from ..content.markdown import citation_numbers
from ..models import Article, Benefit, Reference, RelatedPost
from ..models.rendering import RendersMarkdown
from .row_renderer import RowRenderer
from .widgets import MarkdownEditorWidget

if TYPE_CHECKING:
    # The inlines this mixin goes into, for the type checker; a plain class at run time.
    _Inline = admin.options.InlineModelAdmin
else:
    _Inline = object


class ArticlePartInline(_Inline):
    """Benefits, references and related posts are parts of the article: whoever may change the
    article may change them, without separate permissions for each part.

    Their rows render through Django's stacked inline markup with each field written in Python
    (templatetags/supplements_cms_inlines.py): some eighty rows on a long article.
    """

    template = "admin/supplements_cms/edit_inline/stacked_rows.html"

    def _article_permission(self, request: HttpRequest, action: str) -> bool:
        return request.user.has_perm(f"supplements_cms.{action}_article")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._article_permission(request, "view") or self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._article_permission(request, "change")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._article_permission(request, "change") or self._article_permission(
            request, "add"
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._article_permission(request, "change")

    def get_max_num(self, request: HttpRequest, obj=None, **kwargs) -> int:
        # "Add another" stops at the limit; the formset (supplements_cms.content.limits) refuses
        # more.
        return limit_for(self.model)

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The form class is made for this formset alone (Django's factory makes one per call).
        formset.form.base_fields = RowFields(formset.form.base_fields)
        return formset


def _plain_copy(obj: Any) -> Any:
    """What ``copy.copy`` makes of an object without a copying method of its own."""
    duplicate = object.__new__(type(obj))
    duplicate.__dict__.update(obj.__dict__)
    return duplicate


def _copies_plainly(cls: Any) -> bool:
    return (
        getattr(cls, "__copy__", None) is None
        and cls.__reduce_ex__ is object.__reduce_ex__
        and cls.__reduce__ is object.__reduce__
        and getattr(cls, "__getstate__", None) is getattr(object, "__getstate__", None)
        and not hasattr(cls, "__slots__")
    )


@functools.cache
def _copied_plainly(field_class: Any, widget_class: Any) -> bool:
    """Whether ``copy.deepcopy`` copies a field of this class with a widget of that class by
    Django's own plain copying alone (no copying method of a subclass, no slots)."""
    return (
        field_class.__deepcopy__ in (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__)
        and widget_class.__deepcopy__
        in (forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)
        and _copies_plainly(field_class)
        and _copies_plainly(widget_class)
    )


def _flat_choices(choices: Any) -> bool:
    """Choices that ``copy.deepcopy`` copies as a new list of the same pairs: a list of pairs of
    strings, numbers and translated strings (which deep-copy to themselves)."""
    return type(choices) is list and all(
        type(choice) is tuple and all(isinstance(part, (str, int, Promise)) for part in choice)
        for choice in choices
    )


class RowFields(dict):
    """A row form's fields, which every form of the formset deep-copies (Django's ``BaseForm``
    does, so no form changes another's fields), on every opening and save of a long article's
    80 rows. ``copy.deepcopy``'s generic machinery took 35 to 45 µs a row, this 16. The fields
    and widgets whose own copying is
    Django's plain one (the object, its widget, attributes, error messages, validators and
    choices copied) are copied here the same way directly; any other goes to ``copy.deepcopy``."""

    def __deepcopy__(self, memo: dict) -> dict:
        return {name: self._copy(field, memo) for name, field in self.items()}

    @staticmethod
    def _copy(field: forms.Field, memo: dict) -> forms.Field:
        kind: Any = type(field)
        widget = field.widget
        chooses = kind.__deepcopy__ is forms.ChoiceField.__deepcopy__
        widget_kind: Any = type(widget)
        if not _copied_plainly(kind, widget_kind) or (
            chooses and not _flat_choices(field._choices)  # type: ignore[attr-defined]  # a ChoiceField's
        ):
            return copy.deepcopy(field, memo)
        result = memo[id(field)] = _plain_copy(field)
        if id(widget) not in memo:  # a widget two fields share stays shared, as in deepcopy
            copied = memo[id(widget)] = _plain_copy(widget)
            copied.attrs = widget.attrs.copy()
            if widget_kind.__deepcopy__ is forms.widgets.ChoiceWidget.__deepcopy__:
                copied.choices = copy.copy(widget.choices)
        result.widget = memo[id(widget)]
        result.error_messages = field.error_messages.copy()
        result.validators = field.validators[:]
        if chooses:
            result._choices = list(field._choices)  # type: ignore[attr-defined]  # a ChoiceField's
        return result


class _NotRendered(forms.HiddenInput):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        return SafeString("")


class _RowIdField(forms.ModelChoiceField):
    """A row's hidden id, found among the article's rows that the formset loaded once.

    Django's field looks each posted id up with a query of its own: a save of eighty rows made
    eighty queries. An id that is not one of the article's rows is looked up as Django does, so
    what is refused (and with which message) is unchanged.
    """

    def __init__(self, queryset, *, rows, **kwargs) -> None:
        super().__init__(queryset, **kwargs)
        self.rows = rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        assert self.queryset is not None  # the formset's rows
        try:
            key = self.queryset.model._meta.pk.to_python(value)
        except forms.ValidationError:
            key = None
        found = self.rows(key) if key is not None else None
        return found if found is not None else super().to_python(value)


class ArticlePartFormSet(LimitedInlineFormSet):
    """Rows that another editor deleted while this one was editing come back as typed.

    Django drops such a row: its hidden id no longer matches, the row fails with an error
    nobody can see, and the admin pairs the remaining rows with the wrong objects' labels. Here
    the row keeps what the editor typed, the save is refused with a message naming the row, and
    "Save anyway" adds it back as a new row (or the editor ticks its Delete box to let it go).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The rows' boxes without a template each (row_renderer.py); the formset's own parts
        # (management form, errors) keep the renderer as it is.
        site: Any = getattr(self, "form_renderer", None) or get_default_renderer()
        self.form_renderer = RowRenderer(site)

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        # Every row's hidden copy of the article's id (80 rows: some 7 KB) says nothing the
        # form's address does not: Django's field takes the article when it is not sent.
        form.fields[self.fk.name].widget = _NotRendered()
        assert self.model is not None  # inlineformset_factory sets it
        pk_name = self.model._meta.pk.name
        field = form.fields[pk_name]
        if form.is_bound and type(field) is forms.ModelChoiceField:
            form.fields[pk_name] = _RowIdField(
                field.queryset,
                rows=super()._existing_object,  # type: ignore[misc]  # Django's, not ours
                initial=field.initial,
                required=False,
                widget=field.widget,
            )

    def _existing_object(self, pk):
        # BaseModelFormSet's hooks for one row, which django-stubs does not list.
        found = super()._existing_object(pk)  # type: ignore[misc]
        if found is None:
            assert self.model is not None  # inlineformset_factory sets it
            found = self.model(**{self.fk.name: self.instance})
            found._vanished = True  # read by _construct_form
        return found

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        if form.instance.pk is not None and isinstance(form.instance, RendersMarkdown):
            # What the admin left unrendered ahead (RendersAhead.unchanged_row_texts).
            form.instance.trust_stored_html()
        if getattr(form.instance, "_vanished", False):
            assert self.model is not None  # inlineformset_factory sets it
            # The stale id stays in the page (so the row stays a row), but means nothing now.
            form.fields[self.model._meta.pk.name] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            form.vanished = True
        return form

    def get_queryset(self):
        if not self.is_bound or "forms" not in self.__dict__:
            return super().get_queryset()
        # Once the rows are built, each is labelled by what it holds (the admin pairs the rows
        # with this list by position).
        return [form.instance for form in self.initial_forms]

    def vanished_forms(self) -> list:
        return [form for form in self.initial_forms if getattr(form, "vanished", False)]

    def clean(self) -> None:
        super().clean()
        deleted = set(self.deleted_forms) if self.can_delete else set()
        lost = [f for f in self.vanished_forms() if f not in deleted]
        if lost and not forms.BooleanField().to_python(self.data.get("overwrite")):
            names = ", ".join(
                f"“{f.cleaned_data.get('title') or f.cleaned_data.get('url') or '?'}”"
                for f in lost
                if hasattr(f, "cleaned_data")
            )
            raise forms.ValidationError(
                ngettext(
                    "Someone else deleted the row %(names)s while you were editing. Your text "
                    "is kept below: save with “Save anyway” ticked to add it back, or tick its "
                    "Delete box to let it go.",
                    "Someone else deleted the rows %(names)s while you were editing. Your text "
                    "is kept below: save with “Save anyway” ticked to add them back, or tick "
                    "their Delete boxes to let them go.",
                    len(lost),
                )
                % {"names": names},
                code="vanished",
            )

    def save(self, commit: bool = True) -> list:
        saved = super().save(commit)
        deleted = set(self.deleted_forms) if self.can_delete else set()
        revived = [
            self.save_new(form, commit=commit)
            for form in self.vanished_forms()
            if form not in deleted
        ]
        self.new_objects.extend(revived)
        return saved + revived


class SortableInline(ArticlePartInline):
    """Rows ordered by drag and drop (or the Move up/down buttons): the position is a hidden
    field that the form's script sets from the rows' order when the form is sent."""

    sortable_field_name = "position"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == self.sortable_field_name:
            kwargs["widget"] = forms.HiddenInput
            # Never shown: a label per row would only be bytes on a long form.
            kwargs["label"] = ""
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class BenefitInline(SortableInline, admin.StackedInline):
    model = Benefit
    formset = ArticlePartFormSet
    extra = 1
    # The hidden position shares a line with the title: a line of its own costs a long form
    # a labelled row per benefit.
    fields = (("kind", "title", "position"), "description")
    verbose_name_plural = _(
        "benefits (main ones numbered, then additional ones as bullets; descriptions in Markdown)"
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Benefit]:
        # The page's order: the numbered list, then the bullets.
        main_first = Case(When(kind=Benefit.Kind.MAIN, then=0), default=1)
        return super().get_queryset(request).order_by(main_first, "position", "pk")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "description":
            # Markdown like the article's own text, with the same editor and live preview
            # (the package's script also sets up rows added with "Add another").
            # Fifty benefits stay light: the toolbar, the dialog and the preview come when used.
            kwargs["widget"] = MarkdownEditorWidget(
                attrs={"rows": 3}, shared_parts=True, preview_when_used=True
            )
            # Stored with LF line endings as the article's own Markdown is (browsers send CR LF):
            # the text rendered ahead of the save's transaction is the text saved.
            kwargs["form_class"] = MarkdownFormField
            # Said once over the rows (the inline's heading), not under each of fifty boxes.
            kwargs["help_text"] = ""
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RelatedPostInline(SortableInline, admin.StackedInline):
    model = RelatedPost
    formset = ArticlePartFormSet
    fk_name = "article"
    extra = 1
    fields = ("target", ("url", "title"), "position")
    autocomplete_fields = ("target",)
    verbose_name_plural = _("related posts (chosen by the editor; more are added automatically)")


class ReferenceFormSet(ArticlePartFormSet):
    """Checks that every ``[ref:N]`` in the article's text has its N-th reference.

    The admin builds this formset around the article as the main form left it (saved with
    ``commit=False``), so the text checked is the text being saved. Benefit descriptions arrive
    in the request as their own formset and are read from the submitted data.
    """

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)]
        texts = [getattr(self.instance, source) for source, _html in Article.markdown_fields]
        texts += _submitted_benefit_texts(self.data)
        wanted = set().union(*(citation_numbers(t or "") for t in texts))
        missing = sorted(n for n in wanted if n > len(kept) or n < 1)
        if missing:
            raise forms.ValidationError(
                ngettext(
                    "The text cites [ref:%(numbers)s], but there is no such reference below.",
                    "The text cites [ref:%(numbers)s], but there are no such references below.",
                    len(missing),
                )
                % {"numbers": "], [ref:".join(str(n) for n in missing)}
            )


def _submitted_benefit_texts(data) -> list[str]:
    prefix = re.compile(r"^(benefits-\d+)-description$")
    texts = []
    for key in data:
        match = prefix.match(key)
        if match and not data.get(f"{match.group(1)}-DELETE"):
            texts.append(data.get(key, ""))
    return texts


class ReferenceInline(SortableInline, admin.StackedInline):
    model = Reference
    formset = ReferenceFormSet
    extra = 0
    fields = (("authors", "position"), "title", ("publication", "year"), ("doi", "pmid"), "url")
    verbose_name_plural = _("references (cite the N-th one in the text with [ref:N])")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "publication":
            # The example in the box itself, not as a help line under each of thirty rows.
            field.widget.attrs["placeholder"] = field.help_text
            field.help_text = ""
        return field
