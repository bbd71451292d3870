"""Disease-claim warnings where editors look: beside each field while typing, at the top of the
form after saving (each linked to its field), and a publisher's acceptance before publishing."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from ..claims import ClaimContext, check_article, check_text
from ..editorial.rules import unaccepted_claims
from ..models import Article
from .base import ArticleAdminBase

# The longest text the live check reads in one request (a whole body fits).
LIVE_CHECK_MAX_CHARS = 200_000
LIVE_CHECK_MAX_CONDITIONS = 50


def field_anchor(field: str) -> str:
    """The id on the change form of the field a warning is about."""
    if field.startswith(("benefit", str(_("benefit")))):
        return "benefits-group"
    if field == "dosage":
        return "id_dose_min"
    return f"id_{field}"


class ClaimsMixin(ArticleAdminBase):
    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The form decides whether this editor may accept claim warnings.
        return type(form.__name__, (form,), {"editor": request.user})

    def claims_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "claims/check/",
                self.admin_site.admin_view(require_POST(self.claim_check_view)),
                name=f"{name}_claim_check",
            )
        ]

    def claim_check_view(self, request: HttpRequest) -> JsonResponse:
        """The warnings for one field's text as it is being typed, for staff who may edit
        articles; CSRF-protected like every admin POST."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        text = request.POST.get("text", "")
        if len(text) > LIVE_CHECK_MAX_CHARS:
            return JsonResponse(
                {"error": _("The text is too long to check while typing.")}, status=400
            )
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
        open_keys = {w.key for w in unaccepted_claims(article)}
        return [
            {**w.as_dict(), "anchor": field_anchor(w.field), "accepted": w.key not in open_keys}
            for w in check_article(article)
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
        open_keys = {w.key for w in unaccepted_claims(article)}
        return format_html_join(
            "",
            '<p class="scms-claim-warning"><strong>{}</strong> “{}” {}:<br> <q>{}</q>{}</p>',
            (
                (
                    w.field,
                    w.phrase,
                    w.reason,
                    w.sentence,
                    format_html(" <em>{}</em>", _("(accepted)")) if w.key not in open_keys else "",
                )
                for w in warnings
            ),
        )
