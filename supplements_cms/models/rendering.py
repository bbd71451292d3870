"""Markdown rendered on save into stored HTML, so no request ever converts Markdown."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from ..limits import validate_markdown_length
from ..markdown import render_markdown
from ..validators import validate_storable_text


class RendersMarkdown:
    """Mixin for models with Markdown fields, each paired with the field holding its HTML."""

    # (Markdown field, HTML field) pairs.
    markdown_fields: ClassVar[tuple[tuple[str, str], ...]] = ()

    def to_html(self, text: str, source: str = "") -> str:
        """The HTML of one Markdown field; ``source`` names it for models that treat one apart."""
        return render_markdown(text)

    def render_markdown_fields(self) -> list[str]:
        """Render every pair again; return the fields whose content changed."""
        changed = []
        for source, target in self.markdown_fields:
            html = self.to_html(getattr(self, source), source)
            if html != getattr(self, target):
                setattr(self, target, html)
                changed.append(target)
        return changed + self.derive_from_html()

    def clean_fields(self, exclude=None) -> None:
        """Django's checks, then the bounds of every path that sets the text (forms, imports):
        Markdown no longer than ``MARKDOWN_MAX_CHARS``, and no text a database cannot store."""
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        sources = {source for source, _html in self.markdown_fields}
        for field in self._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            if field.name in errors or (exclude and field.name in exclude):
                continue
            value = getattr(self, field.attname) or ""
            try:
                validate_storable_text(value)
                if field.name in sources:
                    validate_markdown_length(value)
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)

    def derive_from_html(self) -> list[str]:
        """Hook for fields computed from the rendered HTML; returns those that changed."""
        return []

    @classmethod
    def rendered_fields(cls) -> list[str]:
        return [target for _source, target in cls.markdown_fields]

    def save(self, *args, **kwargs) -> None:
        self.render_markdown_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                *self.rendered_fields(),
            }
        super().save(*args, **kwargs)
