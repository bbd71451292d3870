"""The article form's autosave in the admin: offered back to its owner, gone once they save."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format

from .. import conf
from ..autosave import autosave_of, forget, may_autosave
from ..models import Article, Autosave
from .base import ArticleAdminBase


class AutosaveMixin(ArticleAdminBase):
    """Offers the editor's own autosave on the add and change forms, and deletes it on save.

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
        if self._autosaves(request, obj) and request.method == "GET":
            offer = autosave_of(request.user, obj)
        context["autosave_offer"] = offer
        context["autosave_offer_time"] = offer and _when(offer)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editor_config(self, request: HttpRequest, obj, context: dict[str, Any]) -> dict[str, Any]:
        config = super().editor_config(request, obj, context)  # type: ignore[misc]  # EditorMixin
        if not self._autosaves(request, obj):
            return config
        offer: Autosave | None = context.get("autosave_offer")
        args = [] if obj is None else [obj.pk]
        config["autosave"] = {
            "url": reverse("supplements_cms:editor_autosave", args=args),
            "seconds": conf.get("AUTOSAVE_SECONDS"),
            "offer": offer.data if offer else None,
        }
        return config

    def forget_autosaves(self, request: HttpRequest, article: Article, change: bool) -> None:
        """Once the form is saved, its autosaves are what was saved."""
        forget(request.user, article)
        if not change:
            # What was typed into the form of a new article is this article now.
            forget(request.user, None)

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
