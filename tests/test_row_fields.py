"""Each row of the article form gets fields of its own, as Django's ``copy.deepcopy`` of the
form's fields makes them, without that generic machinery for plain fields (admin/inlines.py's
``RowFields``): a long article builds some eighty rows on every opening and save."""

from __future__ import annotations

import copy
from unittest import mock

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from supplements_cms.admin.inlines import RowFields
from supplements_cms.models import Article
from tests.admin_forms import make_long_article
from tests.test_inline_rows import _Everything


def _admin_row_forms() -> dict[str, type[forms.BaseForm]]:
    """The form class of each of the article admin's inlines, as a change view builds them."""
    user = get_user_model().objects.create_superuser("rows", "rows@example.com", "pw")
    article = make_long_article("Rows", benefits=2, references=2)
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[Article]
    return {
        type(inline).__name__: inline.get_formset(request, article).form
        for inline in model_admin.get_inline_instances(request, article)
    }


def _same_copy(quick: forms.Field, deep: forms.Field) -> None:
    assert type(quick) is type(deep)
    assert type(quick.widget) is type(deep.widget)
    if isinstance(quick, forms.ModelChoiceField):
        return  # its query set is cloned for each copy, equal but never ==; copied by Django
    assert {k: v for k, v in vars(quick).items() if k != "widget"} == {
        k: v for k, v in vars(deep).items() if k != "widget"
    }
    assert vars(quick.widget) == vars(deep.widget)


def _own(copied: forms.Field, original: forms.Field) -> None:
    """Nothing a form may change in place is shared with the field it was copied from."""
    assert copied is not original
    if isinstance(copied, forms.ModelChoiceField):
        return  # Django's own copying (the related-object widget's wrapper included)
    assert copied.widget is not original.widget
    assert copied.widget.attrs is not original.widget.attrs
    assert copied.error_messages is not original.error_messages
    assert copied.validators is not original.validators
    if isinstance(copied, forms.ChoiceField):
        assert copied._choices is not original._choices  # type: ignore[attr-defined]
        assert copied.widget.choices is not original.widget.choices  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_row_gets_the_copy_that_deepcopy_makes_and_shares_nothing():
    classes = {**_admin_row_forms(), "every kind of field": _Everything}
    for form_class in classes.values():
        base = RowFields(form_class.base_fields)
        quick, deep = copy.deepcopy(base), copy.deepcopy(dict(base))
        assert type(quick) is dict
        assert list(quick) == list(deep)
        for name in base:
            _same_copy(quick[name], deep[name])
            _own(quick[name], base[name])


@pytest.mark.django_db
def test_a_change_to_one_rows_field_leaves_the_other_rows_alone():
    benefit_form = _admin_row_forms()["BenefitInline"]
    first, second = benefit_form(), benefit_form()
    first.fields["title"].widget.attrs["data-row"] = "first"
    first.fields["kind"].choices = [("main", "Only this row")]
    first.fields["title"].validators.append(lambda value: None)
    assert "data-row" not in second.fields["title"].widget.attrs
    assert [value for value, _label in second.fields["kind"].choices] == ["main", "additional"]
    assert len(second.fields["title"].validators) == len(
        benefit_form.base_fields["title"].validators
    )


def test_a_field_with_a_copying_of_its_own_is_deep_copied():
    class Own(forms.CharField):
        def __deepcopy__(self, memo):
            result = super().__deepcopy__(memo)
            result.copied_by_its_own_method = True
            return result

    grouped = _Everything.base_fields["grouped"]  # nested choices: deepcopy copies the groups
    quick = copy.deepcopy(RowFields({"own": Own(), "grouped": grouped}))
    assert quick["own"].copied_by_its_own_method
    assert quick["grouped"]._choices[0][1] is not grouped._choices[0][1]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_building_the_rows_of_a_long_article_skips_deepcopys_field_copying():
    """Benefits and references have only plain fields: none goes through ``Field.__deepcopy__``."""
    row_forms = _admin_row_forms()
    with mock.patch.object(
        forms.Field, "__deepcopy__", autospec=True, side_effect=forms.Field.__deepcopy__
    ) as field_copies:
        for name in ("BenefitInline", "ReferenceInline"):
            for _row in range(40):
                row_forms[name]()
    assert field_copies.call_count == 0
