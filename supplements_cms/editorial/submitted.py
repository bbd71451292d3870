"""The article as the admin form submits it, before anything is saved: what the claim check
judges before publishing, and what the live preview renders.

Built from the form's cleaned data and the posted rows of benefits and references, on a copy of
the article (never saved), with its Markdown rendered as a save would.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.text import slugify

from .. import conf
from ..content.fields import normalize_newlines
from ..delivery import article_parts
from ..delivery.db import cache_relation
from ..models import Article, Benefit, Condition, Reference

_ROW = re.compile(r"^(?P<prefix>(?P<name>benefits|references)-\d+)-(?P<field>\w+)$")
# Rows read from a submission: the admin's own limit on inline forms.
MAX_ROWS = 1000
_ROW_FIELDS = {
    "benefits": ("kind", "title", "description", "position"),
    "references": ("position", "authors", "title", "publication", "year", "doi", "pmid", "url"),
}


def posted_rows(data: Mapping[str, Any], name: str) -> list[dict[str, str]]:
    """The rows of the inline ``name`` ("benefits", "references") in posted form data, in the
    order posted, leaving out rows ticked for deletion and empty ones."""
    rows: dict[str, dict[str, str]] = {}
    for key in data:
        match = _ROW.match(key)
        if match and match["name"] == name and match["field"] in (*_ROW_FIELDS[name], "DELETE"):
            rows.setdefault(match["prefix"], {})[match["field"]] = str(data.get(key) or "")
            if len(rows) > MAX_ROWS:
                break
    kept = [r for r in rows.values() if not r.get("DELETE") and (r.get("title") or "").strip()]
    return sorted(kept, key=lambda r: _position(r.get("position")))


def _position(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _valid(model: type[Model], field: str, value: str) -> str:
    """``value`` if ``model``'s ``field`` accepts it, else "": a row read from a request is
    shown only with what a save would have stored (no ``javascript:`` link, no overlong text)."""
    try:
        return str(cast(Field, model._meta.get_field(field)).clean(value, None) or "")
    except ValidationError:
        return ""


def submitted_article(
    instance: Article,
    cleaned: Mapping[str, Any],
    data: Mapping[str, Any],
    rows: tuple[str, ...] | list[str] = ("benefits", "references"),
) -> Article:
    """A copy of ``instance`` with the submitted values, its conditions and the inlines named
    by ``rows`` in place of the stored ones, and its HTML rendered. Row values pass the model
    fields' own validation: what fails it is left out."""
    article = copy.copy(instance)
    article._state = copy.copy(instance._state)
    for field in Article._meta.concrete_fields:
        if field.name in cleaned and field.editable:
            setattr(article, field.name, cleaned[field.name])
    if article.pk is None:
        # Unsaved: an id no row has, so that related lookups find nothing rather than fail.
        article.pk = 0
    now = timezone.now()
    article.created_at = article.created_at or now
    article.updated_at = article.updated_at or now
    if not article.slug:
        article.slug = slugify(article.title or "", allow_unicode=True) or "preview"
    article.render_markdown_fields()
    benefits = []
    for row in posted_rows(data, "benefits") if "benefits" in rows else []:
        benefit = Benefit(
            article=article,
            kind=_valid(Benefit, "kind", row.get("kind", "")) or Benefit.Kind.MAIN,
            title=_valid(Benefit, "title", row.get("title", "")),
            # As the form stores it (stripped, LF line endings), which was rendered ahead.
            description=_valid(
                Benefit, "description", normalize_newlines(row.get("description", "").strip()) or ""
            )[: conf.get("MARKDOWN_MAX_CHARS")],
            position=_position(row.get("position")),
        )
        benefit.render_markdown_fields()
        benefits.append(benefit)
    references = [
        Reference(
            article=article,
            **{
                f: _valid(Reference, f, row.get(f, ""))
                for f in _ROW_FIELDS["references"]
                if f not in ("position", "year")
            },
            position=_position(row.get("position")),
            year=_position(row.get("year")) or None,
        )
        for row in (posted_rows(data, "references") if "references" in rows else [])
    ]
    # New conditions get ids no row has, like the unsaved article: queries about them (the
    # neighbours, the related posts) find nothing instead of failing.
    conditions = [
        c
        if isinstance(c, Condition)
        else Condition(pk=-n, name=c, slug=slugify(c, allow_unicode=True))
        for n, c in enumerate(cleaned.get("conditions") or [], start=1)
    ]
    # A copy of its own: the instance's prefetched rows are the saved ones, which a save follows.
    article._prefetched_objects_cache = {}
    if "benefits" not in rows:
        benefits = list(instance.benefits.all()) if instance.pk else []
    if "references" not in rows:
        references = list(instance.references.all()) if instance.pk else []
    cache_relation(article, "benefits", benefits)
    cache_relation(article, "references", references)
    cache_relation(article, "conditions", conditions)
    if instance.pk is None:
        article_parts.load_unsaved(article)
    return article
