"""Admin forms."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import Article, CallToAction, Condition
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

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label=_("Save anyway"),
        help_text=_("Replace what was saved meanwhile with the text on this page."),
    )

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        if self.instance.pk is not None:
            self.fields["edit_version"].initial = self.instance.version

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
        self._refuse_lost_update(cleaned)
        chosen = list(cleaned.get("conditions") or [])
        # Strings are resolved to conditions (existing or new) when the tags are saved.
        cleaned["conditions"] = chosen + list(cleaned.get("new_conditions") or [])
        return cleaned

    @property
    def summary_too_long(self) -> bool:
        return len(self.cleaned_data.get("summary") or "") > conf.get("SUMMARY_MAX_LENGTH")

    def _refuse_lost_update(self, cleaned: dict[str, Any]) -> None:
        """Refuse to save over a version this editor has not seen.

        The article's row is locked until the save ends (the admin wraps it in a transaction),
        so two saves cannot both pass. The refused form keeps everything the editor typed.
        """
        started_from = cleaned.get("edit_version")
        if self.instance.pk is None or started_from is None or cleaned.get("overwrite"):
            return
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("version")
            .first()
        )
        if current is None or current["version"] == started_from:
            return
        self.conflict = Conflict.between(self.instance, started_from, cleaned)
        # Offer the way out: a visible "save anyway" box, unticked.
        self.fields["overwrite"].widget = forms.CheckboxInput()
        raise forms.ValidationError(self.conflict.message, code="conflict")


class CallToActionAdminForm(forms.ModelForm):
    """The call-to-action form. Its conditions go through a link model of the package's own,
    which the admin's ``filter_horizontal`` refuses, so the field is declared here."""

    conditions = forms.ModelMultipleChoiceField(
        Condition.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(_("conditions"), is_stacked=False),
        label=_("Aimed at conditions"),
        help_text=CallToAction._meta.get_field("conditions").help_text,
    )

    class Meta:
        model = CallToAction
        fields = "__all__"


class Conflict:
    """What another editor saved after this one opened the form."""

    def __init__(self, message: str, changes: list, who: str, when: Any) -> None:
        self.message, self.changes, self.who, self.when = message, changes, who, when

    @classmethod
    def between(cls, article: Article, started_from: int, submitted: dict[str, Any]) -> Conflict:
        from .revisions import (
            TRACKED_FIELDS,
            FieldChange,
            changes,
            snapshot,
            version_numbered,
            versions_of,
        )

        latest = versions_of(article).first()
        base = version_numbered(article, started_from)
        if base and latest:
            # What they changed, from the revision this editor started from to theirs.
            found = changes(snapshot(base), snapshot(latest))
        else:
            # No revision of the starting point (the article was last saved outside the admin):
            # show how the saved text differs from this editor's, field by field.
            saved = Article.objects.get(pk=article.pk)
            found = [
                FieldChange(str(label), _text(submitted.get(name)), _text(getattr(saved, name)))
                for name, label in TRACKED_FIELDS
                if name in submitted and _text(submitted.get(name)) != _text(getattr(saved, name))
            ]
        who = latest.revision.user.get_username() if latest and latest.revision.user else ""
        when = latest.revision.date_created if latest else None
        parts = ", ".join(c.label for c in found) or _("the article")
        message = _(
            "Someone else saved this article while you were editing it%(who)s; they changed "
            "%(parts)s. Nothing was saved, and your text is still on this page: compare it "
            "with their changes below, then save again with “Save anyway” ticked to keep "
            "yours, or reload the page to start from theirs."
        ) % {"who": f" ({who})" if who else "", "parts": parts}
        return cls(message, found, who, when)


def _text(value: Any) -> str:
    return "" if value is None else str(value)
