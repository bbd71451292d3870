"""Model fields of the package."""

from __future__ import annotations

from django.db import models
from markdownx.models import MarkdownxField

from .validators import validate_link


class MarkdownField(MarkdownxField):
    """Editors' Markdown; the admin gives it markdownx's editor with our safe preview."""


class LinkField(models.CharField):
    """A URL an editor types: http(s) or a site-relative path."""

    default_validators = [validate_link]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)
