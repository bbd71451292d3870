"""Admin forms."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import conf
from ..models import Article, CallToAction, Condition, DraftChange
from ..models.conditions import condition_key, normalize_name
from .editor import UploadRejected, reencode_image

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

    accept_claims = forms.BooleanField(
        required=False,
        label=_("Publish with these claim warnings"),
        help_text=_(
            "For publishers: you have read the claim warnings and take responsibility for "
            "publishing the sentences as they are. Recorded with your name and the time."
        ),
    )

    # The article's edit number when the form was opened.
    edited_from = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The edit number of the draft changes the form opened on (0: none).
    draft_edit_number = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    overwrite = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label=_("Save anyway"),
        help_text=_("Replace what was saved meanwhile with the text on this page."),
    )

    class Meta:
        model = Article
        fields = "__all__"

    # Who is saving; the admin sets it on the form class it builds for a request.
    editor = None
    # Saving a published article's draft changes: the publishing checks wait for publication.
    saving_draft = False
    # Reading the form for a preview: nothing is saved and no rule about saving applies.
    previewing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        image = self.fields.get("image")
        if image is not None:
            # Django 6's admin renders the file box without a label that points at it.
            image.widget.attrs.setdefault("aria-label", str(image.label))
        self.conflict: Conflict | None = None
        # Warnings a publisher accepted with this save; recorded once the article is saved.
        self.accepted_claims: list = []
        draft_conditions = getattr(self.instance, "_draft_conditions", None)
        if draft_conditions is not None:
            # The form opens on a published article's draft changes.
            chosen = [c for c in draft_conditions if isinstance(c, Condition)]
            self.initial["conditions"] = [c.pk for c in chosen]
            self.initial["new_conditions"] = ", ".join(
                c for c in draft_conditions if isinstance(c, str)
            )
        if self.instance.pk is not None:
            self.fields["edited_from"].initial = self.instance.edit_number
            self.fields["draft_edit_number"].initial = getattr(
                self.instance, "_draft_edit_number", 0
            )

    def clean_image(self):
        """A new featured image is verified and written anew like the editor's uploads: PNG or
        JPEG by content, bounded in bytes and pixels, without hidden data or EXIF."""
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):
            return image
        if self.saving_draft:
            raise forms.ValidationError(
                _(
                    "A new featured image of a published article goes live with it: save the "
                    "draft changes without it, and add the image when publishing them."
                ),
                code="image_in_draft",
            )
        try:
            data, extension = reencode_image(image)
        except UploadRejected as exc:
            raise forms.ValidationError(str(exc), code="image") from None
        return ContentFile(data, name=f"featured.{extension}")

    def clean_new_conditions(self) -> list[str]:
        entries = (
            normalize_name(e) for e in _SEPARATORS.split(self.cleaned_data["new_conditions"])
        )
        names = [e for e in entries if e]
        if any(not condition_key(name) for name in names):
            raise forms.ValidationError(_("A condition name needs letters or digits."))
        longest = cast(int, Condition._meta.get_field("name").max_length)
        too_long = [n for n in names if len(n) > longest]
        if too_long:
            raise forms.ValidationError(_("“%(name)s” is too long.") % {"name": too_long[0]})
        return names

    def clean(self) -> dict[str, Any]:
        cleaned = cast("dict[str, Any]", super().clean())  # ModelForm: its cleaned_data
        self._use_library_image(cleaned)
        if not self.previewing:
            self._refuse_lost_update(cleaned)
            self._refuse_stale_draft(cleaned)
        if not (self.previewing or self.saving_draft):
            self._refuse_incomplete_publication(cleaned)
            if not self.errors:
                self._refuse_unreviewed_publication(cleaned)
            if not self.errors:
                self._refuse_unaccepted_claims(cleaned)
        chosen = list(cleaned.get("conditions") or [])
        # Strings are resolved to conditions (existing or new) when the tags are saved.
        cleaned["conditions"] = chosen + list(cleaned.get("new_conditions") or [])
        return cleaned

    def _use_library_image(self, cleaned: dict[str, Any]) -> None:
        """A library image chosen as the featured image: the article shows the library's own
        file (no upload, no copy; renditions follow as for an upload) and, when the editor
        gave none, its alt text. A new upload replaces the choice; clearing either clears the
        featured image."""
        if "library_image" not in self.fields or "image" not in cleaned:
            return
        chosen = cleaned.get("library_image")
        image = cleaned.get("image")
        changed = "library_image" in self.changed_data
        if isinstance(image, ContentFile) or image is False:
            if chosen is not None and changed and image is not False:
                self.add_error(
                    "library_image",
                    _("Upload an image or choose one from the library, not both."),
                )
                return
            if not (chosen is not None and changed):
                cleaned["library_image"] = None
                return
        if chosen is None:
            if changed:
                cleaned["image"] = False
            return
        if chosen.file != self.instance.image.name:
            cleaned["image"] = chosen.file
            # What the editor changed, for draft changes and the history's message.
            self.changed_data.append("image")
        if not (cleaned.get("image_alt") or "").strip():
            cleaned["image_alt"] = chosen.alt_text
            self.changed_data.append("image_alt")

    def _refuse_stale_draft(self, cleaned: dict[str, Any]) -> None:
        """Refuse a save made from a form opened before the article's draft changes were saved
        again: saving a draft would overwrite the newer one, publishing would delete it."""
        from ..editorial.actions import stale_draft_message, write_db

        seen = cleaned.get("draft_edit_number")
        if self.instance.pk is None or seen is None:
            return
        draft = (
            DraftChange.objects.using(write_db())
            .select_related("saved_by")
            .filter(article_id=self.instance.pk)
            .first()
        )
        if draft is not None and draft.edit_number != seen:
            raise forms.ValidationError(stale_draft_message(draft), code="stale_draft")

    def _refuse_incomplete_publication(self, cleaned: dict[str, Any]) -> None:
        """Readers never get an article with nothing but a title."""
        from ..editorial.rules import incomplete_message, missing_for_live

        status = cleaned.get("status", self.instance.status)
        if status != Article.Status.PUBLISHED:
            return
        probe = Article(
            **{
                name: cleaned.get(name, getattr(self.instance, name))
                for name in ("title", "intro", "body", "conclusion")
            }
        )
        missing = missing_for_live(probe, submitted_benefits(self.data))
        if missing:
            raise forms.ValidationError(incomplete_message(missing), code="incomplete")

    def _refuse_unreviewed_publication(self, cleaned: dict[str, Any]) -> None:
        """With ``REQUIRE_REVIEW_TO_PUBLISH``, the text published is the text a reviewer
        approved (judged on the text as submitted, its rows included)."""
        from ..editorial.rules import review_problem
        from ..editorial.submitted import submitted_article

        if cleaned.get("status", self.instance.status) != Article.Status.PUBLISHED:
            return
        if not conf.get("REQUIRE_REVIEW_TO_PUBLISH"):
            return
        probe = submitted_article(self.instance, cleaned, self.data)
        problem = review_problem(probe)
        if problem:
            raise forms.ValidationError(problem, code="unreviewed")

    def _refuse_unaccepted_claims(self, cleaned: dict[str, Any]) -> None:
        """An article whose text reads as a disease claim goes live only once a publisher has
        accepted each warning; a claim written later needs an acceptance of its own."""
        from ..editorial.policy import can_publish
        from ..editorial.rules import unaccepted_claims
        from ..editorial.submitted import submitted_article

        if cleaned.get("status", self.instance.status) != Article.Status.PUBLISHED:
            return
        chosen = list(cleaned.get("conditions") or []) + list(cleaned.get("new_conditions") or [])
        probe = submitted_article(self.instance, {**cleaned, "conditions": chosen}, self.data)
        warnings = unaccepted_claims(probe)
        if not warnings:
            return
        if cleaned.get("accept_claims") and self.editor is not None and can_publish(self.editor):
            self.accepted_claims = warnings
            return
        who = (
            _("Tick “Publish with these claim warnings” to accept them.")
            if self.editor is not None and can_publish(self.editor)
            else _("Only a publisher can accept them; save it as a draft or submit it for review.")
        )
        raise forms.ValidationError(
            ngettext(
                "Not published: %(n)d sentence reads as a disease claim (see “Claim warnings”). "
                "%(who)s",
                "Not published: %(n)d sentences read as disease claims (see “Claim warnings”). "
                "%(who)s",
                len(warnings),
            )
            % {"n": len(warnings), "who": who},
            code="claims",
        )

    @property
    def summary_too_long(self) -> bool:
        return len(self.cleaned_data.get("summary") or "") > conf.get("SUMMARY_MAX_LENGTH")

    def _refuse_lost_update(self, cleaned: dict[str, Any]) -> None:
        """Refuse to save over an edit this editor has not seen.

        The article's row is locked until the save ends (the admin wraps it in a transaction),
        so two saves cannot both pass. The refused form keeps everything the editor typed.
        """
        started_from = cleaned.get("edited_from")
        if self.instance.pk is None or started_from is None or cleaned.get("overwrite"):
            return
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("edit_number")
            .first()
        )
        if current is None or current["edit_number"] == started_from:
            return
        self.conflict = Conflict.between(self.instance, started_from, cleaned)
        # Offer the way out: a visible "save anyway" box, unticked.
        self.fields["overwrite"].widget = forms.CheckboxInput()
        raise forms.ValidationError(self.conflict.message, code="conflict")


def submitted_benefits(data) -> int:
    """How many benefit rows the admin form posts with a title and no Delete tick."""
    count = 0
    for key, value in data.items():
        match = _BENEFIT_TITLE.match(key)
        if match and value.strip() and not data.get(f"{match.group(1)}-DELETE"):
            count += 1
    return count


_BENEFIT_TITLE = re.compile(r"^(benefits-\d+)-title$")


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
        from ..editorial.revisions import (
            TRACKED_FIELDS,
            FieldChange,
            changes,
            revision_numbered,
            revisions_of,
            snapshot,
        )

        latest = revisions_of(article).first()
        base = revision_numbered(article, started_from)
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
