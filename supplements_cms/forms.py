"""Admin forms."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import Article, Condition
from .models.conditions import condition_key, normalize_name

_SEPARATORS = re.compile(r"[,\n;]+")


class ArticleAdminForm(forms.ModelForm):
    """The article form, with conditions chosen from a list or typed in.

    taggit's own field splits "Long COVID" into "Long" and "COVID" when there is no comma; here each
    line or comma-separated entry is one condition, matched to existing ones whatever its case.
    """

    conditions = forms.ModelMultipleChoiceField(
        Condition.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(_("conditions"), is_stacked=False),
        label=_("Conditions"),
    )
    new_conditions = forms.CharField(
        required=False,
        label=_("Add conditions"),
        help_text=_(
            "Conditions not in the list yet, separated by commas or one per line, "
            "for example “Long COVID, Restless legs”."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Article
        fields = "__all__"

    def clean_new_conditions(self) -> list[str]:
        entries = (
            normalize_name(e) for e in _SEPARATORS.split(self.cleaned_data["new_conditions"])
        )
        names = [e for e in entries if e]
        if any(not condition_key(name) for name in names):
            raise forms.ValidationError(_("A condition name needs letters or digits."))
        too_long = [n for n in names if len(n) > Condition._meta.get_field("name").max_length]
        if too_long:
            raise forms.ValidationError(_("“%(name)s” is too long.") % {"name": too_long[0]})
        return names

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = list(cleaned.get("conditions") or [])
        # Strings are resolved to conditions (existing or new) when the tags are saved.
        cleaned["conditions"] = chosen + list(cleaned.get("new_conditions") or [])
        return cleaned

    @property
    def summary_too_long(self) -> bool:
        return len(self.cleaned_data.get("summary") or "") > conf.get("SUMMARY_MAX_LENGTH")
