"""The article form's autosave in the admin: offered back to its owner, gone once they save."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format

from .. import conf
from ..editorial.autosave import (
    autosave_of,
    forget,
    form_kind,
    is_form_key,
    may_autosave,
    new_form_key,
)
from ..models import Article, Autosave
from .base import ArticleAdminBase

# The hidden field that carries the form's autosave key through a refused save and to the save.
FORM_KEY_FIELD = "_scms_autosave_form"


class AutosaveMixin(ArticleAdminBase):
    """Offers the editor's own autosave on the add and change forms, and deletes it on save.

    Each opened form autosaves under a key of its own and is offered the newest autosave of the
    same kind of form (the article as published, its draft change, or a new article), never its
    own, so an offer left unanswered neither stops autosaving nor is written over.

    Only the plain add and change forms autosave: a restore from the history starts from an old
    revision on purpose, and is saved or left at once.
    """

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj=None,
    ) -> HttpResponse:
        offer = None
        kind = form_kind(obj, context.get("draft_change"))
        posted = request.POST.get(FORM_KEY_FIELD, "") if request.method == "POST" else ""
        key = posted if is_form_key(posted, obj) and posted.startswith(kind) else ""
        key = key or new_form_key(kind)
        if self._autosaves(request, obj) and request.method == "GET":
            offer = autosave_of(request.user, obj, kind, besides=key)
        context["autosave_form"] = key
        context["autosave_form_field"] = FORM_KEY_FIELD
        context["autosave_offer"] = offer
        context["autosave_offer_time"] = offer and _when(offer)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editor_config(self, request: HttpRequest, obj, context: dict[str, Any]) -> dict[str, Any]:
        config = super().editor_config(request, obj, context)  # type: ignore[misc]  # EditorMixin
        if not self._autosaves(request, obj):
            return config
        offer: Autosave | None = context.get("autosave_offer")
        args = [] if obj is None else [obj.pk]
        offer_args = [*args, offer.form] if offer and offer.form else args
        config["autosave"] = {
            "url": reverse(
                "supplements_cms:editor_autosave_form", args=[*args, context["autosave_form"]]
            ),
            "seconds": conf.get("AUTOSAVE_SECONDS"),
            "offer": offer.data if offer else None,
            "offerUrl": reverse(
                "supplements_cms:editor_autosave" + ("_form" if offer and offer.form else ""),
                args=offer_args,
            ),
        }
        return config

    def forget_autosaves(self, request: HttpRequest, article: Article, change: bool) -> None:
        """Once the form is saved, its autosaves are what was saved."""
        forget(request.user, article)
        if not change:
            # What was typed into the form of a new article is this article now.
            forget(request.user, None, request.POST.get(FORM_KEY_FIELD, ""))

    def _autosaves(self, request: HttpRequest, obj: Article | None) -> bool:
        view = (request.resolver_match.url_name if request.resolver_match else None) or ""
        plain_form = view.endswith(("_add", "_change"))
        return (
            plain_form
            and conf.get("AUTOSAVE_SECONDS") > 0
            and may_autosave(request.user, new=obj is None)
        )


def _when(autosave: Autosave) -> str:
    """ "12:03" today, with the date on other days."""
    saved = timezone.localtime(autosave.saved_at)
    if saved.date() == timezone.localdate():
        return time_format(saved, "TIME_FORMAT")
    return date_format(saved, "DATETIME_FORMAT")
