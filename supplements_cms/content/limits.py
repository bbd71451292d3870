"""Bounds on what editors send: how many benefits, related posts and references one article may
have, how long a Markdown field may be, and how large a request body an endpoint reads.

One rule for every path: the admin's forms and inline formsets, the importer and the endpoints
all ask here. Without them, an export of 100,000 bullet lines became 100,000 benefits whose
change form never rendered, and a 400 KB body held the database's write lock for half a minute.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_protect

from .. import conf

# The model of a part of an article, by ``_meta.model_name``: the setting that bounds its rows.
SETTINGS = {
    "benefit": "ARTICLE_MAX_BENEFITS",
    "relatedpost": "ARTICLE_MAX_RELATED_POSTS",
    "reference": "ARTICLE_MAX_REFERENCES",
}


def limit_for(model: type[Model]) -> int:
    """The most rows of ``model`` (``Benefit``, ``RelatedPost`` or ``Reference``) an article has."""
    return conf.get(SETTINGS[cast(str, model._meta.model_name)])


def check_count(model: type[Model], count: int) -> None:
    """Raise ``ValidationError`` when an article would have ``count`` rows of ``model``, more
    than the setting allows; the message names the limit and the setting."""
    limit = limit_for(model)
    if count <= limit:
        return
    name = cast(str, model._meta.model_name)  # set on every model class
    if name == "benefit":
        message = ngettext(
            "An article can have at most %(limit)d benefit (%(setting)s); "
            "this one would have %(count)d.",
            "An article can have at most %(limit)d benefits (%(setting)s); "
            "this one would have %(count)d.",
            limit,
        )
    elif name == "relatedpost":
        message = ngettext(
            "An article can have at most %(limit)d related post (%(setting)s); "
            "this one would have %(count)d.",
            "An article can have at most %(limit)d related posts (%(setting)s); "
            "this one would have %(count)d.",
            limit,
        )
    else:
        message = ngettext(
            "An article can have at most %(limit)d reference (%(setting)s); "
            "this one would have %(count)d.",
            "An article can have at most %(limit)d references (%(setting)s); "
            "this one would have %(count)d.",
            limit,
        )
    raise ValidationError(
        message % {"limit": limit, "count": count, "setting": SETTINGS[name]},
        code="too_many",
    )


class LimitedInlineFormSet(BaseInlineFormSet):
    """An inline formset of an article's parts that refuses more rows than :func:`limit_for`.

    The admin's ``max_num`` only stops "Add another" in the browser; this is the check a
    crafted request cannot pass.
    """

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            f
            for f in self.forms
            # Django's own test for a row marked for deletion; the stubs leave it out.
            if f.cleaned_data and not self._should_delete_form(f)  # type: ignore[attr-defined]
        ]
        assert self.model is not None  # inlineformset_factory sets it
        check_count(self.model, len(kept))


def validate_markdown_length(text: str) -> None:
    """Refuse Markdown longer than ``MARKDOWN_MAX_CHARS``: every path that sets a Markdown field
    validates it here, so rendering (linear, but not free) stays bounded."""
    limit = conf.get("MARKDOWN_MAX_CHARS")
    if text and len(text) > limit:
        message = ngettext(
            "This text has %(count)d characters; at most %(limit)d character is allowed "
            "(%(setting)s).",
            "This text has %(count)d characters; at most %(limit)d characters are allowed "
            "(%(setting)s).",
            limit,
        )
        raise ValidationError(
            message % {"count": len(text), "limit": limit, "setting": "MARKDOWN_MAX_CHARS"},
            code="markdown_too_long",
        )


View = Callable[..., HttpResponse]


def body_too_large(
    request: HttpRequest, setting: str, message: str | Promise, *, as_json: bool = False
) -> HttpResponse | None:
    """A 413 answer when the body the request declares is larger than the setting allows (a 400
    when it declares no valid length), else ``None``; reads nothing of the body."""

    def answer(text: str | Promise, status: int) -> HttpResponse:
        if as_json:
            return JsonResponse({"error": str(text)}, status=status)
        return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")

    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = -1
    if declared < 0:
        return answer(_("The request has no valid length."), 400)
    if declared > conf.get(setting):
        return answer(message, 413)
    return None


def refuse_large_body(
    setting: str, message: str | Promise, *, as_json: bool = False
) -> Callable[[View], View]:
    """Decorate a POST view so that a body larger than the setting is refused with ``message``
    and status 413 before anything reads it.

    Django's CSRF check reads a form's body (the token may be a field of it), so the view is
    marked CSRF-exempt for the middleware and protected here, after the size is known: the
    check still runs on every request that gets through.
    """

    def decorator(view: View) -> View:
        protected = csrf_protect(view)

        @wraps(view)
        def bounded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            refused = body_too_large(request, setting, message, as_json=as_json)
            return refused or protected(request, *args, **kwargs)

        bounded.csrf_exempt = True  # type: ignore[attr-defined]
        return bounded

    return decorator


#: For the live previews: the article form's panel and the Markdown editor's.
bounded_preview = refuse_large_body(
    "PREVIEW_MAX_BYTES", gettext_lazy("The form is too large to preview (PREVIEW_MAX_BYTES).")
)
