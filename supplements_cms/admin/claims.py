"""Disease-claim warnings on the article form, from :mod:`supplements_cms.claims`."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..claims import check_article
from ..models import Article


class ClaimsMixin:
    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        warnings = check_article(form.instance)
        if warnings:
            self.message_user(
                request,
                ngettext(
                    "Saved, but %(n)d sentence reads as a health claim; see “Claim warnings”.",
                    "Saved, but %(n)d sentences read as health claims; see “Claim warnings”.",
                    len(warnings),
                )
                % {"n": len(warnings)},
                messages.WARNING,
            )

    @admin.display(description=gettext_lazy("claim warnings"))
    def claim_warnings(self, article: Article) -> str:
        if article.pk is None:
            return _("Checked when the article is saved.")
        warnings = check_article(article)
        if not warnings:
            return _("None: no sentence reads as a disease claim.")
        return format_html_join(
            "",
            '<p class="scms-claim-warning"><strong>{}</strong> “{}” {}:<br> <q>{}</q></p>',
            ((w.field, w.phrase, w.reason, w.sentence) for w in warnings),
        )
