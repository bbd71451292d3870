"""What importing an export would do to the article its title finds, part by part.

The admin's preview and the command's dry run show it; the saving code decides with it, so what
they show is what an import does. A part the file leaves empty is not compared: an import keeps
it as it is.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice, zip_longest
from typing import Any, cast

from django.db.models import Field, Model
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...editorial.revisions import FieldChange, changes, word_diff
from ...models import Article, Benefit, Condition, Supplement
from ...models.conditions import condition_key, normalize_name
from .parser import BENEFIT_TITLE_MAX, Dosage, ParsedArticle

# Markdown and text fields an export can fill; the dose, topic and parts are compared apart.
TEXT_FIELDS = (
    "seo_title",
    "summary",
    "intro",
    "body",
    "additional_benefits_heading",
    "additional_benefits_intro",
    "dosage_heading",
    "dosage_note",
    "conclusion",
)


def article_slug(parsed: ParsedArticle) -> str:
    """The slug an import gives the article, which is also how a re-import finds it."""
    return parsed.slug or slugify(parsed.title, allow_unicode=True)[:200]


def carried_fields(parsed: ParsedArticle) -> dict[str, Any]:
    """The article's own fields that the export gives values for, by model field name."""
    fields: dict[str, Any] = {"title": parsed.title}
    fields.update({name: getattr(parsed, name) for name in TEXT_FIELDS if getattr(parsed, name)})
    if parsed.dosage is not None:
        fields.update(
            dose_min=parsed.dosage.minimum,
            dose_max=parsed.dosage.maximum,
            dose_unit=parsed.dosage.unit,
            dose_frequency=parsed.dosage.frequency,
        )
    return fields


def benefit_rows(benefits: tuple) -> list[tuple[str, str]]:
    """(title, description) of each benefit, as saved (titles cut to the model's length)."""
    return [(b.title[:BENEFIT_TITLE_MAX], b.description) for b in benefits]


def related_targets(article: Article, titles: tuple[str, ...]) -> list[Article]:
    """The articles among ``titles`` that exist on the site and are not linked yet, by title.

    Only adds: rows an editor made survive a re-import. Titles that match no article are left
    out, since an export names other posts of the old site, not addresses on this one.
    """
    if not titles:
        return []
    slugs = {slugify(title, allow_unicode=True)[:200] for title in titles}
    targets = Article.objects.filter(slug__in=slugs).exclude(pk=article.pk).order_by("title")
    if article.pk is None:
        return list(targets)
    return list(targets.exclude(pk__in=article.related_posts.values("target_id")))


@dataclass(frozen=True)
class Plan:
    """The article an export's title finds (None: the import creates one), and what updating
    it would change."""

    slug: str
    article: Article | None
    changes: tuple[FieldChange, ...] = ()

    @property
    def edited(self) -> bool:
        """Whether editors changed the article since its last import (or it was never imported):
        updating it would replace their work."""
        return (
            self.article is not None
            and self.article.imported_edit_number != self.article.edit_number
        )


def plan_import(parsed: ParsedArticle, *, publish: bool = False) -> Plan:
    slug = article_slug(parsed)
    article = Article.objects.filter(slug=slug).select_related("supplement", "call_to_action")
    return plan_for(article.first(), parsed, publish=publish, slug=slug)


def plan_for(
    article: Article | None, parsed: ParsedArticle, *, publish: bool = False, slug: str = ""
) -> Plan:
    """What importing ``parsed`` over ``article`` would change, part by part."""
    slug = slug or article_slug(parsed)
    if article is None:
        return Plan(slug, None)
    before: dict[str, str] = {}
    after: dict[str, str] = {}

    def compare(label: str, old: str, new: str) -> None:
        before[label], after[label] = old, new

    for name, value in carried_fields(parsed).items():
        if not name.startswith("dose_"):
            compare(_label(Article, name), _text(getattr(article, name)), _text(value))
    if parsed.dosage is not None:
        compare(_("Dose"), article.dosage, dose_text(parsed.dosage))
    if parsed.supplement:
        current = article.supplement.name if article.supplement else ""
        compare(_label(Article, "supplement"), current, supplement_name(parsed.supplement))
    if parsed.conditions:
        names = [c.name for c in article.conditions.all()]
        compare(_("Conditions"), _names(names), _names(condition_names(parsed.conditions)))
    text = parsed.call_to_action.strip()
    if text:
        current = article.call_to_action.text if article.call_to_action else ""
        compare(_label(Article, "call_to_action"), _text(current), text)
    for kind, benefits, label in (
        (Benefit.Kind.MAIN, parsed.benefits, _("Benefits")),
        (Benefit.Kind.ADDITIONAL, parsed.additional_benefits, _("Additional benefits")),
    ):
        if benefits:
            rows = article.benefits.filter(kind=kind).values_list("title", "description")
            compare(label, _benefit_lines(rows), _benefit_lines(benefit_rows(benefits)))
    added = related_targets(article, parsed.related)
    if added:
        posts = [str(r) for r in article.related_posts.select_related("target")]
        compare(_("Related posts"), "\n".join(posts), "\n".join([*posts, *map(str, added)]))
    if publish and article.status != Article.Status.PUBLISHED:
        compare(
            _label(Article, "status"),
            str(article.get_status_display()),
            str(Article.Status.PUBLISHED.label),
        )
    return Plan(slug, article, tuple(ImportChange(**vars(c)) for c in changes(before, after)))


def dose_text(dosage: Dosage) -> str:
    """The dose as the article page would say it, for comparing with ``Article.dosage``."""
    return Article(
        dose_min=dosage.minimum,
        dose_max=dosage.maximum,
        dose_unit=dosage.unit,
        dose_frequency=dosage.frequency,
    ).dosage


def supplement_name(name: str) -> str:
    """The supplement's name on the site: an existing one's, matched by slug, else ``name``."""
    existing = Supplement.objects.filter(slug=slugify(name, allow_unicode=True)).first()
    return existing.name if existing else name


def condition_names(names: tuple[str, ...]) -> list[str]:
    """The conditions' names on the site, matched as the conditions field matches them."""
    wanted = {condition_key(n): normalize_name(n) for n in reversed(names) if condition_key(n)}
    found = dict(Condition.objects.filter(slug__in=wanted).values_list("slug", "name"))
    return [found.get(key, name) for key, name in wanted.items()]


def _names(names: list[str]) -> str:
    return ", ".join(sorted(names, key=str.casefold))


def _benefit_lines(rows) -> str:
    return "\n".join(f"{title}: {_text(description)}" for title, description in rows)


def _label(model: type[Model], name: str) -> str:
    return capfirst(str(cast(Field, model._meta.get_field(name)).verbose_name))


def _text(value: object) -> str:
    return "" if value is None else same_lines(str(value))


def same_lines(text: str) -> str:
    """``text`` as compared: browsers send a textarea's lines with CRLF, exports have LF, and
    the admin's forms trim the ends; none of that is a change."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# The preview's diff. ``revisions.word_diff`` compares every word with every other, which takes
# seconds on a long, repetitive text: compare paragraphs first, words only within a changed one.
WORD_DIFF_MAX_CHARS = 2000
SHOWN_PARAGRAPHS = 12


class ImportChange(FieldChange):
    """A part an import would change, with a diff that costs little whatever the text."""

    @property
    def diff(self) -> SafeString:
        return paragraph_diff(self.before, self.after)


def paragraph_diff(before: str, after: str) -> SafeString:
    """The paragraphs of ``after`` that differ from ``before``: word by word where a short
    paragraph was edited, whole where one was added or removed, at most ``SHOWN_PARAGRAPHS``."""
    old, new = before.split("\n\n"), after.split("\n\n")
    # autojunk (the default) keeps a text of many identical paragraphs cheap to compare.
    opcodes = [op for op in difflib.SequenceMatcher(a=old, b=new).get_opcodes() if op[0] != "equal"]
    changed = sum(max(i2 - i1, j2 - j1) for _op, i1, i2, j1, j2 in opcodes)
    shown = list(islice(_changed_paragraphs(opcodes, old, new), SHOWN_PARAGRAPHS))
    if changed > len(shown):
        hidden = changed - len(shown)
        more = ngettext(
            "… and %(n)d more changed paragraph.", "… and %(n)d more changed paragraphs.", hidden
        )
        shown.append(escape(more % {"n": hidden}))
    return mark_safe("".join(f'<p class="scms-diff__part">{piece}</p>' for piece in shown))


def _changed_paragraphs(opcodes: list, old: list[str], new: list[str]) -> Iterator[SafeString]:
    """One piece per changed paragraph, made only when asked for (word diffs cost)."""
    for _op, i1, i2, j1, j2 in opcodes:
        for a, b in zip_longest(old[i1:i2], new[j1:j2]):
            if a is None:
                yield format_html("<ins>{}</ins>", b)
            elif b is None:
                yield format_html("<del>{}</del>", a)
            elif len(a) + len(b) <= WORD_DIFF_MAX_CHARS:
                yield word_diff(a, b)
            else:
                yield format_html("<del>{}</del> <ins>{}</ins>", a, b)
