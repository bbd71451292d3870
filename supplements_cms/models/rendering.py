"""Markdown rendered on save into stored HTML, so no request ever converts Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from ..content.limits import validate_markdown_length
from ..content.markdown import render_markdown
from ..content.validators import validate_storable_text

if TYPE_CHECKING:
    from django.db import models

    _Model = models.Model
else:
    _Model = object


class RendersMarkdown(_Model):
    """Mixin for models with Markdown fields, each paired with the field holding its HTML."""

    # (Markdown field, HTML field) pairs.
    markdown_fields: ClassVar[tuple[tuple[str, str], ...]] = ()

    def to_html(self, text: str, source: str = "") -> str:
        """The HTML of one Markdown field; ``source`` names it for models that treat one apart."""
        return render_markdown(text)

    def render_markdown_fields(self) -> list[str]:
        """Render every pair again; return the fields whose content changed."""
        return self._render(only_stale=False)

    def prepare_markdown(self) -> list[str]:
        """Render, before a transaction opens, what a save would render inside it.

        A save then renders only a field whose text (or HTML) changed since, so a writer holds
        the database's write lock for the writing alone. Returns the fields that changed.
        """
        return self._render(only_stale=True)

    def trust_stored_html(self) -> None:
        """Take each stored HTML field as the rendering of the stored text, as every save leaves
        it (``manage.py render_markdown`` repairs what was written around ``save()``, or by an
        older renderer): a save then renders only a text changed since. The admin's rows do
        this, so that a row saved for its title does not render its description again."""
        rendered: dict[str, tuple[str, str]] = self.__dict__.setdefault("_rendered_markdown", {})
        for source, target in self.markdown_fields:
            text, html = getattr(self, source), getattr(self, target)
            if html or not (text or "").strip():
                rendered.setdefault(source, (text, html))

    def _render(self, *, only_stale: bool) -> list[str]:
        # Markdown field -> (the text rendered, the HTML it gave), on this instance only.
        rendered: dict[str, tuple[str, str]] = self.__dict__.setdefault("_rendered_markdown", {})
        changed = []
        for source, target in self.markdown_fields:
            text, current = getattr(self, source), getattr(self, target)
            if only_stale and rendered.get(source) == (text, current):
                continue
            html = self.to_html(text, source)
            rendered[source] = (text, html)
            if html != current:
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
        self.prepare_markdown()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                *self.rendered_fields(),
            }
        super().save(*args, **kwargs)
