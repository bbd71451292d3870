"""Validation shared by the models and forms."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_absolute = URLValidator(schemes=["http", "https"])
_unsafe_path = re.compile(r"[\s\\\x00-\x1f\x7f]")
# NUL, which PostgreSQL stores in no text or jsonb value, and UTF-16 surrogates, which reach a
# Python string unpaired only from a JSON ``\ud800`` escape and can be encoded in no database.
_unstorable = re.compile("[\x00\ud800-\udfff]")


def validate_link(value: str) -> None:
    """Accept http(s) URLs and site-relative paths ("/articles/"), nothing else.

    ``javascript:``, ``data:`` and protocol-relative ``//host`` links are refused: an editor's typo
    or a pasted snippet must never become script or an off-site link that looks local.
    """
    if value.startswith("/"):
        if value.startswith("//") or _unsafe_path.search(value):
            raise ValidationError(
                _("Enter a path on this site such as “/articles/” or a full http(s) URL."),
                code="invalid_link",
            )
        return
    try:
        _absolute(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a full http:// or https:// URL, or a path such as “/articles/”."),
            code="invalid_link",
        ) from None


def validate_storable_text(value: str) -> None:
    """Refuse text no database can store: a NUL character or an unpaired surrogate.

    Django's form fields refuse NUL; a lone surrogate arrives only through JSON, which forms
    never see. Either would be a server error on PostgreSQL (and a surrogate on SQLite too).
    """
    if isinstance(value, str) and _unstorable.search(value):
        raise ValidationError(
            _(
                "The text contains a character that cannot be stored (a null character or "
                "half of a character pair); remove it and try again."
            ),
            code="unstorable",
        )
