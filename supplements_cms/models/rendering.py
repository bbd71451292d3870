"""Markdown rendered on save into stored HTML, so no request ever converts Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..markdown import render_markdown

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
        changed = []
        for source, target in self.markdown_fields:
            html = self.to_html(getattr(self, source), source)
            if html != getattr(self, target):
                setattr(self, target, html)
                changed.append(target)
        return changed + self.derive_from_html()

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
