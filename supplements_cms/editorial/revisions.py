"""Revisions of articles (django-reversion): what each save kept, and how two of them differ.

Every admin save of an article stores one revision holding the article and, through ``follow``,
its benefits, references, related posts and condition links, so restoring a revision brings
all of them back together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

import reversion
from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from ..delivery.db import cache_relation
from ..models import (
    Article,
    ArticleCondition,
    Benefit,
    CallToAction,
    Condition,
    Contributor,
    Reference,
    RelatedPost,
    Supplement,
)

for _model in (Benefit, Reference, RelatedPost, ArticleCondition):
    if not reversion.is_registered(_model):
        reversion.register(_model)
if not reversion.is_registered(Article):
    # A revision never carries a sign-off: restoring one brings back text, not a review.
    reversion.register(
        Article,
        follow=("benefits", "references", "related_posts", "condition_links"),
        exclude=("sign_off",),
    )

# The fields an editor recognises, in the order of the form.
TRACKED_FIELDS = [
    ("title", _("Title")),
    ("seo_title", _("SEO title")),
    ("slug", _("Slug")),
    ("summary", _("Summary")),
    ("image", _("Featured image")),
    ("image_alt", _("Alt text")),
    ("intro", _("Introduction")),
    ("body", _("Body")),
    ("conclusion", _("Conclusion")),
    ("additional_benefits_heading", _("Heading of additional benefits")),
    ("additional_benefits_intro", _("Introduction to additional benefits")),
    ("dosage_heading", _("Dosage heading")),
    ("dose_min", _("Dose (from)")),
    ("dose_max", _("Dose (to)")),
    ("dose_unit", _("Unit")),
    ("dose_frequency", _("Frequency")),
    ("dosage_note", _("Dosage note")),
    ("disclaimer_mode", _("This article's disclaimer")),
    ("disclaimer", _("Disclaimer")),
    ("supplement_id", _("Supplement")),
    ("call_to_action_id", _("Call to action")),
    ("byline_id", _("Written by")),
    ("status", _("Status")),
    ("published_at", _("Publication time")),
]
# Fields that point at another row: shown by that row's name, not its id.
_POINTERS = {
    "supplement_id": Supplement,
    "call_to_action_id": CallToAction,
    "byline_id": Contributor,
}


def _shown(name: str, value: Any) -> str:
    """A stored value as an editor typed or chose it: numbers without padding zeros, times to
    the minute in the site's zone, choices by their label, pointers by name."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if name in _POINTERS:
        found = _POINTERS[name]._default_manager.filter(pk=value).first()
        return str(found) if found is not None else f"#{value}"
    field = cast(Field, Article._meta.get_field(name.removesuffix("_id")))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value).replace("\r\n", "\n")


def snapshot(version: Version) -> dict[str, str]:
    """An article revision as text per part, the inlines included, for reading and diffing."""
    fields = version.field_dict
    data = {str(label): _shown(name, fields.get(name)) for name, label in TRACKED_FIELDS}
    related: dict[type, list[dict]] = {}
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model in (Benefit, Reference, RelatedPost, ArticleCondition):
            related.setdefault(model, []).append(other.field_dict)

    def ordered(model: type) -> list[dict]:
        return sorted(related.get(model, []), key=lambda f: (f.get("position", 0), f["id"]))

    kinds = dict(Benefit.Kind.choices)
    # One paragraph a row, so a change to one row shows as that row alone.
    data[str(_("Benefits"))] = "\n\n".join(
        f"{kinds.get(b['kind'], b['kind'])} · {b['title']}: {b['description']}"
        for b in ordered(Benefit)
    )
    data[str(_("References"))] = "\n\n".join(
        " ".join(
            str(r[k])
            for k in ("authors", "title", "publication", "year", "doi", "pmid", "url")
            if r[k]
        )
        for r in ordered(Reference)
    )
    targets = dict(
        Article.objects.filter(
            pk__in=[r["target_id"] for r in ordered(RelatedPost) if r["target_id"]]
        ).values_list("pk", "title")
    )
    data[str(_("Related posts"))] = "\n\n".join(
        targets.get(r["target_id"], r["title"] or r["url"])
        if r["target_id"]
        else f"{r['title']} {r['url']}"
        for r in ordered(RelatedPost)
    )
    names = Condition.objects.filter(
        pk__in=[link["tag_id"] for link in related.get(ArticleCondition, [])]
    ).values_list("name", flat=True)
    data[str(_("Conditions"))] = ", ".join(sorted(names))
    return data


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str

    @property
    def diff(self) -> SafeString:
        return word_diff(self.before, self.after)


def changes(older: dict[str, str], newer: dict[str, str]) -> list[FieldChange]:
    return [
        FieldChange(label, older.get(label, ""), value)
        for label, value in newer.items()
        if older.get(label, "") != value
    ]


_TOKEN = re.compile(r"\S+\s*|\s+")
# difflib's matching is quadratic at worst: past this many pairs of paragraphs, or of words
# within one paragraph, the diff shows the paragraphs whole (removed, then added) instead.
MAX_DIFF_PAIRS = 250_000
_PARAGRAPHS = re.compile(r"\n\s*\n")


def word_diff(before: str, after: str) -> SafeString:
    """The paragraphs that changed, each with the words taken out in ``<del>`` and the new ones
    in ``<ins>``; unchanged paragraphs are left out (an ellipsis marks where); all escaped."""
    old = [p.strip() for p in _PARAGRAPHS.split(before.replace("\r\n", "\n")) if p.strip()]
    new = [p.strip() for p in _PARAGRAPHS.split(after.replace("\r\n", "\n")) if p.strip()]
    out = []
    if len(old) * len(new) > MAX_DIFF_PAIRS:
        opcodes: Sequence[tuple[str, int, int, int, int]] = [("replace", 0, len(old), 0, len(new))]
    else:
        opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            out.append('<p class="scms-diff__same">…</p>')
        elif op == "replace" and i2 - i1 == j2 - j1:
            out += [f"<p>{_words(a, b)}</p>" for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            out += [f"<p><del>{escape(p)}</del></p>" for p in old[i1:i2]]
            out += [f"<p><ins>{escape(p)}</ins></p>" for p in new[j1:j2]]
    return mark_safe("".join(out))  # every piece escaped


def _words(before: str, after: str) -> str:
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    if len(old) * len(new) > MAX_DIFF_PAIRS:
        return f"<del>{escape(before)}</del> <ins>{escape(after)}</ins>"
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return "".join(out)


def revisions_of(article: Article):
    """The article's revisions, newest first."""
    return Version.objects.get_for_object(article).select_related("revision", "revision__user")


def revision_numbered(article: Article, number: int) -> Version | None:
    """The revision saved as the article's edit ``number``, if one was kept."""
    for version in revisions_of(article):
        if version.field_dict.get("edit_number") == number:
            return version
    return None


def revision_article(version: Version) -> Article:
    """The article as the revision kept it, with its benefits, references and conditions."""
    article = version._object_version.object
    kept: dict[type, list] = {}
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model in (Benefit, Reference, ArticleCondition):
            kept.setdefault(model, []).append(other._object_version.object)
    position = lambda obj: (obj.position, obj.pk)  # noqa: E731
    conditions = Condition.objects.filter(
        pk__in=[link.tag_id for link in kept.get(ArticleCondition, [])]
    )
    cache_relation(article, "benefits", sorted(kept.get(Benefit, []), key=position))
    cache_relation(article, "references", sorted(kept.get(Reference, []), key=position))
    cache_relation(article, "conditions", list(conditions))
    return article


def render_revision(request: HttpRequest, version: Version) -> HttpResponse:
    """A revision rendered with the public article template, marked as a private preview."""
    from .previews import render_private

    return render_private(request, revision_article(version), revision=version.revision)
