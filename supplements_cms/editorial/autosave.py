"""The article form's autosave: what an editor typed and has not saved, kept on the server for
them alone, so a closed tab or a crashed browser loses at most a few seconds of typing.

The form's script sends the form every ``AUTOSAVE_SECONDS`` while it has changes; the admin
offers the autosave back when its owner opens the form again, and deletes it when the form is
saved. Nobody else ever reads it: the endpoint only writes and deletes the caller's own.

Each opened form writes to an autosave of its own (its ``form`` key: the kind of form, "live",
"draft-<id>" or "new", and a token of the page), so a form that is offering an older autosave
back keeps autosaving without writing over it, and a form is only ever offered an autosave of the
same article and the same kind of form.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import conf
from ..content.limits import refuse_large_body
from ..content.validators import validate_storable_text
from ..delivery.db import is_lock_error
from ..models import Article, Autosave, DraftChange

_FORM_KEY = re.compile(r"\A(?:live|new|draft-\d{1,12})(?:-[0-9a-f]{16})?\Z")
# Autosaves an editor keeps of one article (or of new articles): several tabs, and forms closed
# without an answer to their offer; the oldest go first.
KEPT_PER_ARTICLE = 3


def may_autosave(user, *, new: bool) -> bool:
    """Whoever may save the form: add articles for a new one's, change them for the others."""
    action = "add" if new else "change"
    return bool(
        user.is_active and user.is_staff and user.has_perm(f"supplements_cms.{action}_article")
    )


def form_kind(article: Article | None, draft: DraftChange | None = None) -> str:
    """Which form is open: a new article's, the article's as published, or its draft change's."""
    if article is None:
        return "new"
    return f"draft-{draft.pk}" if draft is not None else "live"


def new_form_key(kind: str) -> str:
    """The key of one opened form: its kind and a token of that page."""
    return f"{kind}-{secrets.token_hex(8)}"


def is_form_key(key: str, article: Article | None) -> bool:
    """A key a form of ``article`` (``None``: a new one) may write under."""
    return bool(_FORM_KEY.match(key)) and key.startswith("new") == (article is None)


def _of_kind(user, article: Article | None, kind: str) -> QuerySet[Autosave]:
    # "" is the key of autosaves written before forms had keys of their own.
    same_kind = Q(form="") | Q(form=kind) | Q(form__startswith=f"{kind}-")
    return Autosave.objects.filter(same_kind, user=user, article=article)


def autosave_of(
    user, article: Article | None, kind: str = "", besides: str = ""
) -> Autosave | None:
    """The user's newest autosave of this kind of form of the article (``None``: of a new
    one), other than the one the page itself writes (``besides``)."""
    kind = kind or form_kind(article)
    return _of_kind(user, article, kind).exclude(form=besides).order_by("-saved_at").first()


def forget(user, article: Article | None, form: str | None = None) -> None:
    """Delete the user's autosave of one form, or (``form=None``) of every form of the article."""
    kept = Autosave.objects.filter(user=user, article=article)
    (kept if form is None else kept.filter(form=form)).delete()


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@refuse_large_body(
    "AUTOSAVE_MAX_BYTES",
    gettext_lazy("The form is too large to autosave; save it instead."),
    as_json=True,
)
@require_http_methods(["POST", "DELETE"])
def autosave(request: HttpRequest, article_id: int | None = None, form: str = "") -> HttpResponse:
    """POST keeps the form's data (JSON) as the caller's autosave of that form; DELETE
    discards it."""
    if not may_autosave(request.user, new=article_id is None):
        return _refuse(_("Only editors of articles may autosave them."), 403)
    article = None
    if article_id is not None:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            return _refuse(_("No such article."), 404)
    if form and not is_form_key(form, article):
        return _refuse(_("No such form."), 404)
    if request.method == "DELETE":
        forget(request.user, article, form)
        return HttpResponse(status=204)

    if request.content_type != "application/json":
        return _refuse(_("The autosave is sent as JSON."), 415)
    limit = conf.get("AUTOSAVE_MAX_BYTES")
    # The declared length was checked; a body sent without one is read no further than this.
    body = request.read(limit + 1)
    if len(body) > limit:
        return _refuse(_("The form is too large to autosave; save it instead."), 413)
    try:
        data = form_data(json.loads(body.decode("utf-8")))
    except (ValueError, RecursionError):
        # Not UTF-8, not JSON, or nested deeper than the parser goes: not the form's data.
        data = None
    if data is None:
        return _refuse(_("The autosave is not form data."), 400)
    try:
        _storable(data)
    except ValidationError as error:
        return _refuse(error.messages[0], 400)
    try:
        saved = _keep(request.user, article, form, data)
    except OperationalError as error:
        if not is_lock_error(error):
            raise
        # The next autosave tries again; the typing is still in the page.
        return _refuse(_("The database is busy; the next autosave will try again."), 503)
    return JsonResponse({"saved_at": saved.saved_at.isoformat()})


def _storable(data: dict[str, Any]) -> None:
    """Raise ``ValidationError`` for a name, value or label no database can store."""
    for name, values in data["fields"].items():
        for text in (name, *values):
            validate_storable_text(text)
    for name, options in data["labels"].items():
        for text in (name, *options, *options.values()):
            validate_storable_text(text)


def _keep(user, article: Article | None, form: str, data: dict[str, Any]) -> Autosave:
    owner = {"user": user, "article": article, "form": form}
    try:
        saved, created = Autosave.objects.update_or_create(**owner, defaults={"data": data})
    except IntegrityError:
        # Two requests created the same autosave at once: the other's row is there now.
        saved, created = Autosave.objects.update_or_create(**owner, defaults={"data": data})
    if created:
        older = Autosave.objects.filter(user=user, article=article).order_by("-saved_at", "-pk")
        Autosave.objects.filter(
            pk__in=list(older.values_list("pk", flat=True)[KEPT_PER_ARTICLE:])
        ).delete()
    return saved


# The names of the form's fields and its inline rows' ("benefits-0-title"); nothing else is kept.
_FIELD_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")


def form_data(payload: Any) -> dict[str, Any] | None:
    """``{"fields": {name: [value, …]}, "labels": {name: {value: label}}}`` with strings only,
    or ``None`` for anything else."""
    if not isinstance(payload, dict) or set(payload) - {"fields", "labels"}:
        return None
    fields, labels = payload.get("fields"), payload.get("labels", {})
    if not isinstance(fields, dict) or not isinstance(labels, dict):
        return None
    if not all(_FIELD_NAME.fullmatch(name) for name in (*fields, *labels)):
        return None
    if not all(
        isinstance(values, list) and all(isinstance(v, str) for v in values)
        for values in fields.values()
    ):
        return None
    if not all(
        isinstance(options, dict) and all(isinstance(v, str) for v in options.values())
        for options in labels.values()
    ):
        return None
    return {"fields": fields, "labels": labels}
