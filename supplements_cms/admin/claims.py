"""Disease-claim warnings where editors look: beside each field while typing, at the top of the
form after saving (each linked to its field), a publisher's acceptance before publishing, and a
publisher's page of every unaccepted warning across articles (an imported archive is cleared
there, not by opening every form)."""

from __future__ import annotations

import copy
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import ForeignObjectRel
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from ..content.claims import CRITERIA, ClaimContext, check_article, check_call_to_action, check_text
from ..editorial.actions import AcceptClaimWarnings
from ..editorial.policy import can_publish
from ..editorial.rules import unaccepted_claims
from ..models import Article
from .base import ArticleAdminBase, CallToActionAdminBase

LIVE_CHECK_MAX_CONDITIONS = 50
# Articles checked for one page of the publisher's list: each is read whole, so a page of an
# archive of any size costs the same.
CLAIM_PAGE_ARTICLES = 25


def field_anchor(field: str) -> str:
    """The id on the change form of the field a warning is about."""
    if field.startswith(("benefit", str(_("benefit")))):
        return "benefits-group"
    if field == "dosage":
        return "id_dose_min"
    if field == "references":
        return "references-group"
    if field.startswith("condition"):
        return "id_conditions"
    return f"id_{field}"


def field_label(field: str) -> str:
    """A warning's field as the form labels it ("Introduction", not ``intro``)."""
    if field == "dosage":
        return str(_("How to take"))
    if field.startswith("benefit "):
        return capfirst(_("benefit")) + field[len("benefit") :]
    try:
        found = Article._meta.get_field(field)
    except FieldDoesNotExist:
        return field
    if isinstance(found, ForeignObjectRel):  # the article's references: named as their inline
        return str(capfirst(found.related_model._meta.verbose_name_plural))
    return str(capfirst(found.verbose_name))


class ClaimsMixin(ArticleAdminBase):
    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The form decides whether this editor may accept claim warnings.
        form = type(form.__name__, (form,), {"editor": request.user})
        if "accept_claims" in form.base_fields and not can_publish(request.user):
            # Only publishers accept warnings: a writer is not shown a box that does nothing.
            field = copy.deepcopy(form.base_fields["accept_claims"])
            field.widget, field.disabled = forms.HiddenInput(), True
            form.base_fields = {**form.base_fields, "accept_claims": field}
        return form

    def claims_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "claims/check/",
                self.admin_site.admin_view(require_POST(self.claim_check_view)),
                name=f"{name}_claim_check",
            ),
            path(
                "claims/",
                self.admin_site.admin_view(self.claim_warnings_view),
                name=f"{name}_claim_warnings",
            ),
        ]

    def claim_warnings_view(self, request: HttpRequest) -> HttpResponse:
        """Every unaccepted claim warning across articles, newest articles first, a page of
        articles at a time; each accepted here (by whom and when is recorded, as on the form) or
        opened in its form. For those who may publish only: accepting is a publishing decision."""
        if not (can_publish(request.user) and self.has_change_permission(request)):
            raise PermissionDenied
        if request.method == "POST":
            return self._accept_from_list(request)
        criterion = request.GET.get("criterion", "")
        if criterion not in CRITERIA and criterion not in {"", "other"}:
            criterion = ""
        article_id = request.GET.get("article", "")
        asked = request.GET.get("page", "1")
        page = int(asked) if asked.isdigit() and 0 < int(asked) <= 100_000 else 1
        articles = Article.objects.select_related("supplement").prefetch_related(
            "benefits",
            "conditions",  # type: ignore[misc]  # taggit's manager, unknown to the stubs
            "references",
        )
        if article_id:
            articles = articles.filter(pk=int(article_id) if article_id.isdigit() else 0)
        first = (page - 1) * CLAIM_PAGE_ARTICLES
        batch = list(articles.order_by("-pk")[first : first + CLAIM_PAGE_ARTICLES + 1])
        rows = []
        for article in batch[:CLAIM_PAGE_ARTICLES]:
            for warning in unaccepted_claims(article):
                if criterion and (warning.criterion or "other") != criterion:
                    continue
                rows.append(
                    {
                        "article": article,
                        "warning": warning,
                        "explanation": CRITERIA[warning.criterion].explanation
                        if warning.criterion in CRITERIA
                        else "",
                        "form_url": reverse(
                            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                            args=[article.pk],
                        )
                        + "#"
                        + field_anchor(warning.field),
                    }
                )
        query = {"criterion": criterion, "article": article_id}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Claim warnings to review"),
            "rows": rows,
            "criteria": [(code, c.explanation) for code, c in CRITERIA.items()],
            "criterion": criterion,
            "article_id": article_id,
            "page": page,
            "articles_checked": (first + 1, first + len(batch[:CLAIM_PAGE_ARTICLES])),
            "previous_url": f"?{urlencode({**query, 'page': page - 1})}" if page > 1 else "",
            "next_url": f"?{urlencode({**query, 'page': page + 1})}"
            if len(batch) > CLAIM_PAGE_ARTICLES
            else "",
            "here": f"?{urlencode({**query, 'page': page})}",
        }
        return TemplateResponse(
            request, "admin/supplements_cms/article/claim_warnings.html", context
        )

    def _accept_from_list(self, request: HttpRequest) -> HttpResponse:
        raw_id = request.POST.get("article", "")
        article = get_object_or_404(Article, pk=int(raw_id) if raw_id.isdigit() else 0)
        key = request.POST.get("key", "")[:32]
        warnings = [w for w in unaccepted_claims(article) if w.key == key]
        if warnings:
            AcceptClaimWarnings(article, request.user, warnings).execute()
            self.message_user(
                request,
                _("Accepted for “%(article)s”: “%(phrase)s”.")
                % {"article": article.title, "phrase": warnings[0].phrase},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("That warning is no longer open: it was accepted, or its sentence changed."),
                messages.WARNING,
            )
        back = request.POST.get("back", "")
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_claim_warnings")
            + (back if back.startswith("?") and "\n" not in back and "\r" not in back else "")
        )

    def claim_check_view(self, request: HttpRequest) -> JsonResponse:
        """The warnings for one field's text as it is being typed, for staff who may edit
        articles; CSRF-protected like every admin POST."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        # Read up to CLAIM_CHECK_MAX_CHARS, like every check; a warning says where it stopped.
        text = request.POST.get("text", "")
        conditions = [
            c.strip()
            for c in request.POST.get("conditions", "").split(",")[:LIVE_CHECK_MAX_CONDITIONS]
            if c.strip()
        ]
        context = ClaimContext(
            conditions=tuple(conditions), title=request.POST.get("title", "")[:300]
        )
        heading = request.POST.get("heading", "")[:300]
        if heading:
            context = context.under(heading)
        field = request.POST.get("field", "")[:100]
        warnings = check_text(text, field=field, context=context)
        return JsonResponse({"warnings": [w.as_dict() for w in warnings]})

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        context = dict(extra_context or {})
        if request.method == "GET":
            article = Article.objects.filter(pk=object_id).first() if object_id.isdigit() else None
            if article is not None:
                context["claim_warnings_top"] = self._warnings_for_top(article)
        return super().change_view(request, object_id, form_url, context)

    def _warnings_for_top(self, article: Article) -> list[dict]:
        warnings = check_article(article)
        open_keys = {w.key for w in unaccepted_claims(article, warnings)}
        return [
            {
                **w.as_dict(),
                "field": field_label(w.field),
                "anchor": field_anchor(w.field),
                "accepted": w.key not in open_keys,
            }
            for w in warnings
        ]

    def warn_of_claims(self, request: HttpRequest, count: int) -> None:
        """After a save: the claim warnings no publisher has accepted yet."""
        if count:
            self.message_user(
                request,
                ngettext(
                    "Saved, but %(n)d sentence reads as a health claim; see the warnings "
                    "at the top of the form.",
                    "Saved, but %(n)d sentences read as health claims; see the warnings at "
                    "the top of the form.",
                    count,
                )
                % {"n": count},
                messages.WARNING,
            )

    @admin.display(description=gettext_lazy("claim warnings"))
    def claim_warnings(self, article: Article) -> str:
        if article.pk is None:
            return _("Checked as you type, and again when the article is saved.")
        warnings = check_article(article)
        if not warnings:
            return _("None: no sentence reads as a disease claim.")
        open_keys = {w.key for w in unaccepted_claims(article, warnings)}
        return format_html_join(
            "",
            '<p class="scms-claim-warning"><strong>{}</strong> “{}” {}:<br> <q>{}</q>{}</p>',
            (
                (
                    field_label(w.field),
                    w.phrase,
                    w.reason,
                    w.sentence,
                    format_html(" <em>{}</em>", _("(accepted)")) if w.key not in open_keys else "",
                )
                for w in warnings
            ),
        )


class CallToActionClaimsMixin(CallToActionAdminBase):
    """A call to action's own claim warnings on its form, and a message after saving: every
    article that shows it is checked with it and needs a publisher's acceptance to go live."""

    @admin.display(description=gettext_lazy("claim warnings"))
    def claim_warnings(self, cta) -> str:
        if cta is None or cta.pk is None:
            return _("Checked when the call to action is saved.")
        warnings = check_call_to_action(cta)
        if not warnings:
            return _("None: no sentence reads as a disease claim.")
        return format_html_join(
            "",
            '<p class="scms-claim-warning">“{}” {}:<br> <q>{}</q></p>',
            ((w.phrase, w.reason, w.sentence) for w in warnings),
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        warnings = check_call_to_action(form.instance)
        if warnings:
            self.message_user(
                request,
                ngettext(
                    "Saved, but %(n)d sentence reads as a health claim; every article that "
                    "shows this call to action needs a publisher's acceptance to be published.",
                    "Saved, but %(n)d sentences read as health claims; every article that "
                    "shows this call to action needs a publisher's acceptance to be published.",
                    len(warnings),
                )
                % {"n": len(warnings)},
                messages.WARNING,
            )
