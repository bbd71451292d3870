"""Model fields of the package."""

from __future__ import annotations

import posixpath
import uuid
from typing import Any

from django.db import models
from markdownx.fields import MarkdownxFormField
from markdownx.models import MarkdownxField

from .limits import validate_markdown_length
from .validators import validate_link, validate_storable_text


def normalize_newlines(value: str | None) -> str | None:
    return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class MarkdownFormField(MarkdownxFormField):
    """Browsers send a textarea's lines ending in CRLF: stored with LF, an untouched field is
    unchanged, so the history's change summary names only what the editor changed.

    Too long a text is refused here, as the field is cleaned, before the form's own checks
    (the claim check) render it."""

    default_validators = [validate_markdown_length, validate_storable_text]

    def to_python(self, value):
        return normalize_newlines(super().to_python(value))


class MarkdownField(MarkdownxField):
    """Editors' Markdown; the admin gives it markdownx's editor with our safe preview."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MarkdownFormField, **kwargs})


def featured_image_path(instance: Any, filename: str) -> str:
    """Where an uploaded featured image goes: a fresh name (the uploader's is never used).

    Here, with the fields, because migrations refer to it and import nothing else."""
    from .. import conf

    extension = posixpath.splitext(filename)[1].lower() or ".jpg"
    return f"{conf.get('UPLOAD_PATH')}featured/{uuid.uuid4().hex}{extension}"


class LinkField(models.CharField):
    """A URL an editor types: http(s) or a site-relative path."""

    default_validators = [validate_link]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)
