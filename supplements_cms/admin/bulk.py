"""Copying and bulk editing in the article list and form: "Duplicate" (one article, or the
selected ones) and "Edit conditions, supplement or author" for the selected articles. Both go
through editorial actions, one per article, so every rule of a single save holds for each."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from ..editorial.actions import ActionRefused, DuplicateArticle, EditArticleTopics, TopicChanges
from ..models import Article, Condition, Supplement
from ..models.conditions import condition_key, normalize_name
from .base import ArticleAdminBase
from .publishing import take_each

# The most articles one bulk edit or duplicate takes: each is a transaction of its own.
BULK_LIMIT = 200
_SEPARATORS = re.compile(r"[,\n;]+")


class BulkEditForm(forms.Form):
    """What to change on every selected article; each part is left alone unless chosen."""

    conditions_how = forms.ChoiceField(
        label=gettext_lazy("Conditions"),
        choices=[
            ("", gettext_lazy("Leave them as they are")),
            ("set", gettext_lazy("Replace them with these")),
            ("add", gettext_lazy("Add these")),
            ("remove", gettext_lazy("Remove these")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    conditions = forms.ModelMultipleChoiceField(
        Condition.objects.all(),
        required=False,
        label=gettext_lazy("Which conditions"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    new_conditions = forms.CharField(
        required=False,
        max_length=2000,
        label=gettext_lazy("Conditions not in the list yet"),
        help_text=gettext_lazy("Separated by commas, for example “Long COVID, Restless legs”."),
    )
    change_supplement = forms.BooleanField(
        required=False, label=gettext_lazy("Change the supplement")
    )
    supplement = forms.ModelChoiceField(
        Supplement.objects.all(),
        required=False,
        empty_label=gettext_lazy("(none)"),
        label=gettext_lazy("Supplement"),
    )
    change_author = forms.BooleanField(required=False, label=gettext_lazy("Change the author"))
    author = forms.ModelChoiceField(
        get_user_model()._default_manager.filter(is_staff=True),
        required=False,
        empty_label=gettext_lazy("(none)"),
        label=gettext_lazy("Author"),
    )

    def clean_new_conditions(self) -> list[str]:
        names = [normalize_name(n) for n in _SEPARATORS.split(self.cleaned_data["new_conditions"])]
        names = [n for n in names if n]
        if any(not condition_key(n) for n in names):
            raise forms.ValidationError(_("A condition name needs letters or digits."))
        longest = cast(int, Condition._meta.get_field("name").max_length)
        if any(len(n) > longest for n in names):
            raise forms.ValidationError(_("A condition name is too long."))
        return names

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        how = cleaned.get("conditions_how")
        chosen = list(cleaned.get("conditions") or [])
        typed = cleaned.get("new_conditions") or []
        if how in ("add", "remove") and not (chosen or typed):
            self.add_error("conditions", _("Choose the conditions to add or remove."))
        if not (how or cleaned.get("change_supplement") or cleaned.get("change_author")):
            raise forms.ValidationError(_("Choose at least one thing to change."))
        return cleaned

    def changes(self) -> TopicChanges:
        """The validated choice as the editorial action takes it (new conditions are created
        only when they are set or added)."""
        cleaned = self.cleaned_data
        changes = TopicChanges()
        how = cleaned["conditions_how"]
        if how:
            chosen = list(cleaned["conditions"])
            typed = cleaned["new_conditions"]
            if how == "remove":
                chosen += list(Condition.objects.filter(slug__in=[condition_key(n) for n in typed]))
            else:
                chosen += Condition.objects.resolve(typed)
            changes.conditions = (how, list(dict.fromkeys(chosen)))
        if cleaned["change_supplement"]:
            changes.supplement = (cleaned["supplement"],)
        if cleaned["change_author"]:
            changes.author = (cleaned["author"],)
        return changes


class BulkMixin(ArticleAdminBase):
    """ "Duplicate" on the change form and in the list; the list's bulk edit."""

    actions: tuple[str, ...] = ("duplicate", "edit_topics")

    def bulk_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:object_id>/duplicate/",
                self.admin_site.admin_view(require_POST(self.duplicate_view)),
                name=f"{name}_duplicate",
            )
        ]

    def duplicate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The change form's "Duplicate": a POST (with the CSRF token the admin checks)."""
        source = get_object_or_404(Article, pk=object_id)
        copy = DuplicateArticle(source, request.user).execute()  # a refusal is a 403
        self.message_user(
            request,
            _("“%(title)s” is a draft copy of “%(source)s”; edit it here.")
            % {"title": copy.title, "source": source.title},
            messages.SUCCESS,
        )
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[copy.pk])
        return HttpResponseRedirect(url)

    @admin.action(
        description=gettext_lazy("Duplicate selected articles (as drafts)"), permissions=["add"]
    )
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        if self._too_many(request, queryset):
            return
        count = take_each(self, request, queryset, DuplicateArticle)
        self.message_user(
            request,
            ngettext("%(n)d draft copy made.", "%(n)d draft copies made.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Edit conditions, supplement or author of selected articles"),
        permissions=["change"],
    )
    def edit_topics(self, request: HttpRequest, queryset: QuerySet[Article]):
        """An intermediate page with the form (as Django's delete confirmation); its POST
        applies the change to each article through :class:`EditArticleTopics`."""
        if self._too_many(request, queryset):
            return None
        rows = queryset.select_related(None).order_by("title")
        articles = list(rows.only("pk", "title", "status", "edit_number"))
        form = BulkEditForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            if not form.cleaned_data.get("new_conditions"):
                self._apply(request, articles, form.changes())
                return None
            # Typed condition names are created only if an article takes the change.
            db = router.db_for_write(Condition)
            with transaction.atomic(using=db):
                if not self._apply(request, articles, form.changes()):
                    transaction.set_rollback(True, using=db)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Edit conditions, supplement or author"),
            "opts": self.opts,
            # Django's classes for an admin page of this model, as its delete confirmation has.
            "body_class": f"app-{self.opts.app_label} model-{self.opts.model_name} scms-bulk-edit",
            "form": form,
            "articles": articles,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/supplements_cms/article/bulk_edit.html", context)

    def _apply(self, request: HttpRequest, articles: list[Article], changes: TopicChanges) -> int:
        """Apply ``changes`` to each article, with a message per refusal and per outcome; how
        many articles took them."""
        live = drafts = 0
        for article in articles:
            seen = request.POST.get(f"seen-{article.pk}", "")
            try:
                kept = EditArticleTopics(
                    article, request.user, changes, int(seen) if seen.isdigit() else None
                ).execute()
            except ActionRefused as refusal:
                self.message_user(request, f"“{article.title}”: {refusal}", messages.ERROR)
                continue
            if kept == "draft":
                drafts += 1
            else:
                live += 1
        if live:
            self.message_user(
                request,
                ngettext("%(n)d article changed.", "%(n)d articles changed.", live) % {"n": live},
                messages.SUCCESS,
            )
        if drafts:
            self.message_user(
                request,
                ngettext(
                    "%(n)d published article got the change as draft changes: a publisher "
                    "publishes them.",
                    "%(n)d published articles got the change as draft changes: a publisher "
                    "publishes them.",
                    drafts,
                )
                % {"n": drafts},
                messages.WARNING,
            )
        return live + drafts

    def _too_many(self, request: HttpRequest, queryset: QuerySet[Article]) -> bool:
        if queryset[: BULK_LIMIT + 1].count() <= BULK_LIMIT:
            return False
        self.message_user(
            request,
            _("Choose at most %(n)d articles at a time; nothing was changed.") % {"n": BULK_LIMIT},
            messages.ERROR,
        )
        return True
